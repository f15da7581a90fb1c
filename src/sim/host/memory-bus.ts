import { ReservationCalendar, settle } from '../core/calendar.ts';
import type { Nanoseconds } from '../core/time.ts';

export type MemoryTraffic = 'copy' | 'dma';

export interface MemoryBusStats {
  /** Bytes moved over the bus, all sources. */
  bytes: number;
  /** Bytes moved by CPU copies (≈3 per payload byte copied, DESIGN.md §3). */
  copyBytes: number;
  /** Bytes moved by device DMA (1 per byte). */
  dmaBytes: number;
  /** Service booked, ns (including any still in the future). */
  busyNs: number;
}

/**
 * The host memory bus (DESIGN.md §3): a single server moving bytes at the sustained
 * rate, peak × sustainedFraction (E7501: 4.26 GB/s peak, ≈2.0 GB/s sustained). CPU copies
 * and device DMA share it first-come-first-served, so a copy-heavy host slows its own
 * DMA and vice versa. A reservation calendar: it computes completion times and never
 * schedules events.
 */
export class MemoryBus {
  readonly name: string;
  readonly peakGBps: number;
  readonly sustainedFraction: number;
  /** ns per byte at the sustained rate: 1 / (GB/s) = ns/B. */
  readonly nsPerByte: number;
  readonly stats: MemoryBusStats = { bytes: 0, copyBytes: 0, dmaBytes: 0, busyNs: 0 };
  private readonly calendar = new ReservationCalendar();

  constructor(opts: { name: string; peakGBps: number; sustainedFraction: number }) {
    if (!(opts.peakGBps > 0) || !(opts.sustainedFraction > 0)) {
      throw new RangeError(`memory bus ${opts.name}: peak and sustained fraction must be > 0`);
    }
    this.name = opts.name;
    this.peakGBps = opts.peakGBps;
    this.sustainedFraction = opts.sustainedFraction;
    this.nsPerByte = 1 / (opts.peakGBps * opts.sustainedFraction);
  }

  /** Sustained bandwidth, GB/s (= bytes per ns). */
  get sustainedGBps(): number {
    return this.peakGBps * this.sustainedFraction;
  }

  /**
   * Moves `bytes` no earlier than `at`, after the work already booked before it;
   * returns when the last byte has moved (integer ns). 2.0 GB/s: 2000 B take 1000 ns.
   */
  reserve(at: Nanoseconds, bytes: number, source: MemoryTraffic): Nanoseconds {
    return settle(this.reserveExact(at, bytes, source));
  }

  /**
   * As `reserve`, without rounding the end to whole nanoseconds: for other resource
   * servers (CPU, PCI-X) that combine several exact times before settling.
   */
  reserveExact(at: number, bytes: number, source: MemoryTraffic): number {
    if (bytes <= 0) return at;
    const duration = bytes * this.nsPerByte;
    this.stats.bytes += bytes;
    if (source === 'copy') this.stats.copyBytes += bytes;
    else this.stats.dmaBytes += bytes;
    this.stats.busyNs += duration;
    return this.calendar.reserve(at, duration);
  }

  /** When the booking most recently made began (exact). */
  get lastStart(): number {
    return this.calendar.lastStart;
  }

  /** Service done by `now`, ns; utilisation = Δbusy / Δt. */
  busyNsUntil(now: Nanoseconds): number {
    return this.calendar.busyUntil(now);
  }

  /** Service booked but not yet done at `now`, ns; growing over time = saturated. */
  backlogNs(now: Nanoseconds): number {
    return this.calendar.bookedAfter(now);
  }
}
