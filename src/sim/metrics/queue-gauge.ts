import type { Nanoseconds } from '../core/time.ts';

/**
 * A queue's depth over time (frames, descriptors or bytes): the model sets it when it
 * changes; observers read its time-weighted mean over any interval (from two snapshots of
 * `areaUntil`) and its peak since a mark. Updates cost two multiplications, no allocation.
 */
export class QueueGauge {
  /** @param capacity the most the queue can hold (Infinity when unbounded). */
  constructor(readonly capacity = Infinity) {}

  /** Depth now. */
  value = 0;
  /** Largest depth since the last `markPeak`. */
  peak = 0;
  /** Largest depth ever. */
  peakEver = 0;
  /** ∫ depth dt up to `since`, in depth × ns. */
  private area = 0;
  private since: Nanoseconds = 0;

  /** The depth becomes `value` at `now` (never earlier than the last change). */
  set(value: number, now: Nanoseconds): void {
    this.area += this.value * (now - this.since);
    this.since = now;
    this.value = value;
    if (value > this.peak) this.peak = value;
    if (value > this.peakEver) this.peakEver = value;
  }

  add(delta: number, now: Nanoseconds): void {
    this.set(this.value + delta, now);
  }

  /** ∫ depth dt from the start to `now`: mean over [a, b] = (area(b) − area(a)) / (b − a). */
  areaUntil(now: Nanoseconds): number {
    return this.area + this.value * (now - this.since);
  }

  /** Starts a new peak window (the measured half): the peak restarts from the depth now. */
  markPeak(): void {
    this.peak = this.value;
  }
}
