import type { Scheduler, Timer } from '../core/scheduler.ts';
import type { Nanoseconds } from '../core/time.ts';

/**
 * Interrupt moderation, as the 8254x's ITR register does it: at most one interrupt per
 * `minIntervalNs`; work that arrives in between waits for the next one.
 */
export class InterruptCoalescer {
  private last = -Infinity;
  /** A number from the start (see core/time.ts). */
  private readonly minIntervalNs: Nanoseconds = 0;
  private readonly timer: Timer;
  /** Interrupts raised. */
  count = 0;

  constructor(
    scheduler: Scheduler,
    name: string,
    minIntervalNs: Nanoseconds,
    private readonly service: (now: Nanoseconds) => void,
  ) {
    this.minIntervalNs = minIntervalNs;
    this.timer = scheduler.timer(name, (now) => {
      this.last = now;
      this.count++;
      this.service(now);
    });
  }

  /** Work is (or will be, at `at`) waiting for the host: interrupt as soon as allowed. */
  request(at: Nanoseconds): void {
    const when = Math.max(at, this.last + this.minIntervalNs);
    if (!this.timer.armed || this.timer.deadline > when) this.timer.arm(when);
  }
}
