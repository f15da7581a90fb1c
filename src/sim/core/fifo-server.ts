import { FRACTIONAL, type Nanoseconds } from './time.ts';

/**
 * A server that takes one job at a time, first in first out (the card engine, a DMA
 * engine): a job starts when both it and the server are ready. Its busy time is what
 * the utilisation figures read; work booked ahead counts as done only once now passes it.
 */
export class FifoServer {
  /** When the last booked job ends (exact). */
  private free = 0;
  /** Busy ns booked in total. */
  private booked = 0;
  /** The largest `busyNsUntil` answered, so service done never shrinks. */
  private doneHigh = 0;

  constructor() {
    // Fields that start as small integers change representation (and the object its map)
    // at the first fractional time stored, which threw out the optimised code of every
    // caller (dmaRead, dmaWrite) once, to be compiled again: a double stored first makes
    // them doubles from the start (see FRACTIONAL).
    this.free = this.booked = this.doneHigh = FRACTIONAL;
    this.free = this.booked = this.doneHigh = 0;
  }

  /** When a job that is ready at `at` can start. */
  startAt(at: number): number {
    return Math.max(at, this.free);
  }

  /** Books the server from `start` (from `startAt`) to `end`; returns `end`. */
  occupy(start: number, end: number): number {
    this.free = end;
    this.booked += end - start;
    return end;
  }

  /**
   * Marks the server busy over [start, end) where that extends what is booked (a job that
   * overlaps earlier ones, as pipelined split reads do, adds only its new part).
   */
  extend(start: number, end: number): void {
    if (end <= this.free) return;
    this.booked += end - Math.max(start, this.free);
    this.free = end;
  }

  /** Books `duration` ns for a job ready at `at`; returns when it ends. */
  reserve(at: number, duration: number): number {
    const start = this.startAt(at);
    return this.occupy(start, start + duration);
  }

  /** When everything booked is done. */
  get freeAt(): number {
    return this.free;
  }

  get bookedNs(): number {
    return this.booked;
  }

  /** Busy ns done by `now`. */
  busyNsUntil(now: Nanoseconds): number {
    // Work booked to start later leaves an idle stretch before it that this subtraction
    // counts as still to do; service done never shrinks, so neither does the answer.
    const done = this.booked - Math.max(0, this.free - now);
    if (done > this.doneHigh) this.doneHigh = done;
    return this.doneHigh;
  }

  /** Work booked beyond `now`, ns. */
  backlogNs(now: Nanoseconds): number {
    return Math.max(0, this.free - now);
  }
}
