import { FRACTIONAL } from './time.ts';

/**
 * What a slotted server (core/fluid-calendar.ts, core/rigid-calendar.ts) answers for "units
 * served by now". A slot counts in proportion to the time passed in it, yet a booking made
 * later may still land in a slot already counted in part; the answer never shrinks and
 * never grows faster than the server's capacity since the last answer, so no measuring
 * window reads more than 100 %.
 */
export class ServedMeter {
  private high = 0;
  private at = 0;

  constructor(private readonly capacity: number) {
    // Doubles from the start (see FRACTIONAL).
    this.high = this.at = FRACTIONAL;
    this.high = this.at = 0;
  }

  /** The answer at `now` for an estimate of `done` units served. */
  answer(done: number, now: number): number {
    const most = this.high + this.capacity * Math.max(0, now - this.at);
    const bounded = done > most ? most : done;
    if (bounded > this.high) this.high = bounded;
    if (now > this.at) this.at = now;
    return this.high;
  }
}
