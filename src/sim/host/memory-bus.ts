import { ElasticBooking, FluidCalendar, type Clock } from '../core/fluid-calendar.ts';

export { ElasticBooking } from '../core/fluid-calendar.ts';
import { FRACTIONAL, settle, type Nanoseconds } from '../core/time.ts';

export type MemoryTraffic = 'copy' | 'dma';

export interface MemoryBusStats {
  /** Bytes moved over the bus, all sources. */
  bytes: number;
  /** Bytes moved by the CPU: copies, and its touches of descriptors and headers (whole lines). */
  copyBytes: number;
  /** Bytes moved by device DMA (whole lines; a partial line written is read and merged). */
  dmaBytes: number;
  /** Service booked, ns at the sustained rate (including any still in the future). */
  busyNs: number;
}

/**
 * The host memory bus (DESIGN.md §3): bytes per ns at the sustained rate, peak ×
 * sustainedFraction. CPU copies and device DMA *share* it while they run (a fluid
 * calendar, src/sim/core/fluid-calendar.ts): each transfer takes what the bus has left at
 * each moment, up to its own rate — a copy's rate is its bytes over its core time, a
 * DMA's the PCI-X data rate — so a copy slows down only while the bus is actually busy
 * with other traffic, and a 10× faster bus makes copy stalls vanish. DMA, which PCI-X
 * already paces, goes first; a copy fills the rest and yields where DMA comes later.
 * It computes completion times and never schedules events.
 */
export class MemoryBus {
  readonly name: string;
  readonly peakGBps: number;
  readonly sustainedFraction: number;
  // Doubles from the start (see FRACTIONAL): the byte counts pass 2^31 in a long run.
  readonly stats: MemoryBusStats = {
    bytes: FRACTIONAL,
    copyBytes: FRACTIONAL,
    dmaBytes: FRACTIONAL,
    busyNs: FRACTIONAL,
  };
  /** Sustained bandwidth, GB/s (= bytes per ns): peak × sustained fraction. */
  readonly sustainedGBps: number = FRACTIONAL;
  private readonly calendar: FluidCalendar;

  constructor(opts: {
    name: string;
    peakGBps: number;
    sustainedFraction: number;
    clock: Clock;
    /** Resolution of the sharing (cost table `busSlotNs`). */
    slotNs: number;
  }) {
    if (!(opts.peakGBps > 0) || !(opts.sustainedFraction > 0)) {
      throw new RangeError(`memory bus ${opts.name}: peak and sustained fraction must be > 0`);
    }
    const stats = this.stats;
    stats.bytes = stats.copyBytes = stats.dmaBytes = stats.busyNs = 0;
    this.name = opts.name;
    this.peakGBps = opts.peakGBps;
    this.sustainedFraction = opts.sustainedFraction;
    this.sustainedGBps = this.peakGBps * this.sustainedFraction;
    // GB/s = bytes per ns.
    this.calendar = new FluidCalendar(opts.clock, this.sustainedGBps, opts.slotNs);
  }

  /**
   * Moves `bytes` from `at`, sharing the bus with what else is on it, at most `maxRate`
   * bytes per ns; returns when the last byte has moved (integer ns).
   */
  reserve(at: Nanoseconds, bytes: number, source: MemoryTraffic, maxRate = Infinity): Nanoseconds {
    return settle(this.reserveExact(at, bytes, source, maxRate));
  }

  /**
   * As `reserve`, without rounding the end to whole nanoseconds: for other resource
   * servers (CPU, PCI-X) that combine several exact times before settling.
   */
  reserveExact(at: number, bytes: number, source: MemoryTraffic, maxRate = Infinity): number {
    if (bytes <= 0) return at;
    const stats = this.stats;
    stats.bytes += bytes;
    if (source === 'copy') stats.copyBytes += bytes;
    else stats.dmaBytes += bytes;
    stats.busyNs += bytes / this.sustainedGBps;
    return this.calendar.reserve(at, bytes, maxRate);
  }

  /**
   * A CPU copy's traffic: it takes what DMA leaves, at most `maxRate` bytes per ns, and
   * yields to DMA booked later for the same time. `booking` is the caller's, reused job
   * after job. Returns the exact end as booked; `copyEnd` says whether it moved.
   */
  reserveCopy(at: number, bytes: number, maxRate: number, booking: ElasticBooking): number {
    this.stats.bytes += bytes;
    this.stats.copyBytes += bytes;
    this.stats.busyNs += bytes / this.sustainedGBps;
    return this.calendar.reserveElastic(at, bytes, maxRate, booking);
  }

  /** When the copy's last byte moves, counting what DMA took from it since it was booked. */
  copyEnd(booking: ElasticBooking): number {
    return this.calendar.settleElastic(booking);
  }

  /** The copy that held `booking` is done: it yields no more. */
  copyDone(booking: ElasticBooking): void {
    this.calendar.finish(booking);
  }

  /** Service done by `now`, ns at the sustained rate; utilisation = Δbusy / Δt. */
  busyNsUntil(now: Nanoseconds): number {
    return this.calendar.doneUntil(now) / this.sustainedGBps;
  }

  /** Service booked but not yet done at `now`, ns; growing over time = saturated. */
  backlogNs(now: Nanoseconds): number {
    return this.calendar.bookedAfter(now) / this.sustainedGBps;
  }
}
