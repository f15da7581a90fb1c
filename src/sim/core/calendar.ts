import type { Nanoseconds } from './time.ts';

/**
 * A reservation calendar for one shared server (the memory bus, the PCI-X bus): callers
 * book `duration` ns of service no earlier than `at`, and learn when it ends. Nothing is
 * scheduled; completion times come back to the caller, which arms its own timers.
 *
 * Service is first-come-first-served by requested time. Because callers chain
 * reservations (a DMA after a CPU job that ends in the future), bookings arrive out of
 * time order: one dated in the future leaves the server idle before it. A plain "free
 * at" pointer would make every later request for *now* queue behind it; instead the
 * calendar remembers the latest idle gaps and lets a request that fits use them. Only
 * the most recent `MAX_GAPS` gaps are kept (the oldest are almost always in the past),
 * so each call is O(MAX_GAPS) at worst and allocation-free.
 *
 * Times inside are exact doubles, so 7.5-ns bus clocks do not accumulate rounding;
 * `settle` turns a result into the integer nanoseconds the scheduler runs on.
 */

const MAX_GAPS = 32;
/** Gaps forgotten at once when the list is full: the oldest are the least likely to be used. */
const DROP_BATCH = 8;
/** Gaps shorter than this are float noise from chained arithmetic, not idle time. */
const MIN_GAP_NS = 1e-6;

/** The first integer nanosecond at or after `t` (tolerating float noise). */
export function settle(t: number): Nanoseconds {
  return Math.ceil(t - MIN_GAP_NS);
}

export class ReservationCalendar {
  /** End of the latest booking. */
  private free = 0;
  /** Sum of all booked durations. */
  private booked = 0;
  /** Idle gaps before `free`, sorted by time, not overlapping. */
  private readonly gapStart = new Float64Array(MAX_GAPS);
  private readonly gapEnd = new Float64Array(MAX_GAPS);
  private gaps = 0;
  /** Start of the booking most recently made, for `lastStart`. */
  private start = 0;
  /** The largest `busyUntil` answered so far. */
  private doneHigh = 0;

  /** Books `duration` ns at the earliest idle time ≥ `at`; returns when it ends. */
  reserve(at: number, duration: number): number {
    if (duration <= 0) {
      this.start = at;
      return at;
    }
    this.booked += duration;
    if (at >= this.free) {
      if (at - this.free > MIN_GAP_NS) this.appendGap(this.free, at);
      this.start = at;
      this.free = at + duration;
      return this.free;
    }
    const gap = this.findGap(at, duration);
    if (gap < 0) {
      this.start = this.free;
      this.free += duration;
      return this.free;
    }
    const start = Math.max(this.gapStart[gap]!, at);
    this.fillGap(gap, start, start + duration);
    this.start = start;
    return start + duration;
  }

  /** When the booking most recently made began. */
  get lastStart(): number {
    return this.start;
  }

  /** When the server has nothing booked any more. */
  get freeAt(): number {
    return this.free;
  }

  /** Total booked service, ns. */
  get bookedNs(): number {
    return this.booked;
  }

  /** Booked service that lies after `now` (work queued but not yet done), ns. */
  bookedAfter(now: number): number {
    if (this.free <= now) return 0;
    let idle = 0;
    for (let i = this.gaps - 1; i >= 0; i--) {
      const end = this.gapEnd[i]!;
      if (end <= now) break;
      idle += end - Math.max(this.gapStart[i]!, now);
    }
    return this.free - now - idle;
  }

  /**
   * Service completed by `now`. Exact whenever `now` is at least the time of every
   * request made so far (a simulation asks at its current time); gaps forgotten
   * beyond MAX_GAPS would count as busy, but those lie far in the past.
   */
  busyUntil(now: number): number {
    // When more than MAX_GAPS idle gaps lie ahead, the oldest are forgotten and count as
    // busy; before `now` reaches them that briefly makes the sum *smaller* than an earlier
    // answer. Service done never shrinks, so the answer never does either: the error is
    // held (a flat stretch) until the true figure catches up, instead of a negative rate.
    const done = this.booked - this.bookedAfter(now);
    if (done > this.doneHigh) this.doneHigh = done;
    return this.doneHigh;
  }

  /** Index of the earliest gap where `duration` fits at or after `at`, or -1. */
  private findGap(at: number, duration: number): number {
    // Gaps are sorted: walk back to the first one that ends after `at`.
    let first = this.gaps;
    while (first > 0 && this.gapEnd[first - 1]! > at) first--;
    for (let i = first; i < this.gaps; i++) {
      const start = Math.max(this.gapStart[i]!, at);
      if (this.gapEnd[i]! - start >= duration) return i;
    }
    return -1;
  }

  /** Books [start, end) inside gap `i`, leaving what is left of it on either side. */
  private fillGap(i: number, start: number, end: number): void {
    const before = start - this.gapStart[i]! > MIN_GAP_NS;
    const after = this.gapEnd[i]! - end > MIN_GAP_NS;
    if (before && after) {
      if (this.gaps === MAX_GAPS) {
        if (i === 0) {
          // No room to split the oldest gap: forget its earlier part.
          this.gapStart[0] = end;
          return;
        }
        const k = Math.min(DROP_BATCH, i);
        this.dropOldestGaps(k);
        i -= k;
      }
      this.gapStart.copyWithin(i + 1, i, this.gaps);
      this.gapEnd.copyWithin(i + 1, i, this.gaps);
      this.gaps++;
      this.gapEnd[i] = start;
      this.gapStart[i + 1] = end;
    } else if (before) {
      this.gapEnd[i] = start;
    } else if (after) {
      this.gapStart[i] = end;
    } else {
      this.gapStart.copyWithin(i, i + 1, this.gaps);
      this.gapEnd.copyWithin(i, i + 1, this.gaps);
      this.gaps--;
    }
  }

  private appendGap(start: number, end: number): void {
    if (this.gaps === MAX_GAPS) this.dropOldestGaps(DROP_BATCH);
    this.gapStart[this.gaps] = start;
    this.gapEnd[this.gaps] = end;
    this.gaps++;
  }

  /** Forgets the `k` oldest gaps (in a batch: the copy is the cost, not the count). */
  private dropOldestGaps(k: number): void {
    this.gapStart.copyWithin(0, k, this.gaps);
    this.gapEnd.copyWithin(0, k, this.gaps);
    this.gaps -= k;
  }
}
