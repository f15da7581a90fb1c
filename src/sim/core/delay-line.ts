import type { Scheduler, Timer } from './scheduler.ts';
import { FRACTIONAL, type Nanoseconds } from './time.ts';

/**
 * A FIFO of items that each become due at a time, served by one named Timer: how a
 * component hands work to the next stage after a computed delay (a DMA completion, an
 * engine's processing time) without a timer or closure per item. Due times are kept
 * monotonic — a later item never overtakes an earlier one, as in a hardware queue.
 */
export class DelayLine<T> {
  private items: (T | null)[] = new Array<T | null>(16).fill(null);
  private times = new Float64Array(16);
  private head = 0;
  private count = 0;
  private lastDue = 0;
  private readonly timer: Timer;

  constructor(
    scheduler: Scheduler,
    name: string,
    private readonly deliver: (item: T, now: Nanoseconds) => void,
  ) {
    this.timer = scheduler.timer(name, (now) => this.fire(now));
    // A double from the start (see FRACTIONAL).
    this.lastDue = FRACTIONAL;
    this.lastDue = 0;
  }

  get length(): number {
    return this.count;
  }

  /** Queues `item` to be delivered at `due` (or after the item queued before it). */
  push(item: T, due: Nanoseconds): Nanoseconds {
    const at = Math.max(due, this.lastDue);
    this.lastDue = at;
    if (this.count === this.items.length) this.grow();
    const slot = (this.head + this.count) & (this.items.length - 1);
    this.items[slot] = item;
    this.times[slot] = at;
    this.count++;
    if (this.count === 1) this.timer.arm(at);
    return at;
  }

  private fire(now: Nanoseconds): void {
    while (this.count > 0 && this.times[this.head]! <= now) {
      const item = this.items[this.head]!;
      this.items[this.head] = null;
      this.head = (this.head + 1) & (this.items.length - 1);
      this.count--;
      this.deliver(item, now);
    }
    if (this.count > 0 && !this.timer.armed) this.timer.arm(this.times[this.head]!);
  }

  private grow(): void {
    const n = this.items.length * 2;
    const items = new Array<T | null>(n).fill(null);
    const times = new Float64Array(n);
    for (let i = 0; i < this.count; i++) {
      const j = (this.head + i) & (this.items.length - 1);
      items[i] = this.items[j]!;
      times[i] = this.times[j]!;
    }
    this.items = items;
    this.times = times;
    this.head = 0;
  }
}
