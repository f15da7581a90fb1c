import type { Clock } from '../core/fluid-calendar.ts';
import { RigidCalendar } from '../core/rigid-calendar.ts';
import { FRACTIONAL, type Nanoseconds } from '../core/time.ts';

/**
 * The card's processor (`nic.engineMhz`): frame handling, TSO, flow lookup, and in
 * full-toe the whole of TCP. A calendar of its cycles (slots of `engineSlotNs`): work
 * runs when it is ready and the engine has cycles then, so work booked for later (a frame
 * whose DMA ends in 40 µs) does not hold up work that is ready now, and a slow engine
 * shows as a growing backlog, not as a typed-in limit.
 */
export class CardEngine {
  /** Cycles charged, and the ns the engine spends on them. */
  cycles = 0;
  busyNs = 0;
  private readonly calendar: RigidCalendar;
  /** Cycles per ns (FRACTIONAL first: a double, not a tagged field; see core/time.ts). */
  private readonly rate: number = FRACTIONAL;

  constructor(
    clock: Clock,
    readonly mhz: number,
    slotNs: number,
  ) {
    // Doubles from the start (see FRACTIONAL).
    this.busyNs = FRACTIONAL;
    this.busyNs = 0;
    this.rate = mhz / 1000;
    this.calendar = new RigidCalendar(clock, this.rate, slotNs);
  }

  /** Reserves `cycles` starting no earlier than `at`; returns when the work is done. */
  reserve(at: Nanoseconds, cycles: number): Nanoseconds {
    this.cycles += cycles;
    this.busyNs += cycles / this.rate;
    return Math.ceil(this.calendar.reserve(at, cycles, Infinity));
  }

  /** Busy time up to `now` (work reserved beyond now not yet counted). */
  busyNsUntil(now: Nanoseconds): number {
    return this.calendar.doneUntil(now) / this.rate;
  }

  /** Work booked but not yet done at `now`, in ns. */
  backlogNs(now: Nanoseconds): number {
    return this.calendar.bookedAfter(now) / this.rate;
  }
}
