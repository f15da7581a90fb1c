import type { Nanoseconds } from '../core/time.ts';

/**
 * The card's processor (`nic.engineMhz`): frame handling, TSO, flow lookup, and in
 * full-toe the whole of TCP. A FIFO calendar: work starts when both it and the engine
 * are ready, so a slow engine shows as a growing backlog, not as a typed-in limit.
 */
export class CardEngine {
  private busyUntil = 0;
  /** Cycles charged, and the ns the engine spent on them. */
  cycles = 0;
  busyNs = 0;
  /** The largest `busyNsUntil` answered so far. */
  private doneHigh = 0;

  constructor(readonly mhz: number) {}

  /** Reserves `cycles` starting no earlier than `at`; returns when the work is done. */
  reserve(at: Nanoseconds, cycles: number): Nanoseconds {
    const start = Math.max(at, this.busyUntil);
    const ns = (cycles * 1000) / this.mhz;
    this.busyUntil = start + ns;
    this.cycles += cycles;
    this.busyNs += ns;
    return Math.ceil(this.busyUntil);
  }

  /** Busy time up to `now` (work reserved beyond now not yet counted). */
  busyNsUntil(now: Nanoseconds): number {
    // Work booked to start in the future leaves an idle stretch before it that this
    // subtraction counts as backlog; service done never shrinks, so neither does the answer.
    const done = this.busyNs - Math.max(0, this.busyUntil - now);
    if (done > this.doneHigh) this.doneHigh = done;
    return this.doneHigh;
  }

  /** Work queued beyond `now`, in ns. */
  backlogNs(now: Nanoseconds): number {
    return Math.max(0, this.busyUntil - now);
  }
}
