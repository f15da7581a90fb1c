import { ReservationCalendar, settle } from '../core/calendar.ts';
import type { Nanoseconds } from '../core/time.ts';
import { busSpec, type BusKind, type Costs } from '../costs/cost-table.ts';
import type { MemoryBus } from '../host/memory-bus.ts';

export type PciTraffic = 'payload' | 'header' | 'descriptor' | 'doorbell' | 'register' | 'sync';

export const PCI_TRAFFIC: readonly PciTraffic[] = [
  'payload',
  'header',
  'descriptor',
  'doorbell',
  'register',
  'sync',
];

export interface PciStats {
  /** Bus transactions: write bursts, split reads, MMIO accesses. */
  transactions: number;
  /** Data bytes carried, by what they were. */
  bytesByTraffic: Record<PciTraffic, number>;
  /** Bus time spent moving data (transfers at the transfer rate), ns. */
  dataNs: number;
  /** Bus time booked, data plus overhead clocks, ns. */
  busyNs: number;
}

function roundPicoseconds(ns: number): number {
  return Math.round(ns * 1e6) / 1e6;
}

/** A device register is 32 bits wide (8254x manual): one data phase. */
const REGISTER_BYTES = 4;

/**
 * The shared 64-bit PCI / PCI-X bus between the host bridge and the card (DESIGN.md §3),
 * one transaction at a time. Each burst costs its data transfers at the transfer rate
 * plus non-data clocks (address, attribute, turnaround, split completion) at the base
 * clock, so efficiency depends on burst size — and PCI-X 2.0's DDR/QDR, which speed up
 * only the data phases, pays relatively more overhead per burst.
 *
 * A reservation calendar: methods return completion times and schedule nothing.
 */
export class PciBus {
  readonly name: string;
  readonly kind: BusKind;
  readonly peakMBps: number;
  /** ns per 8-byte data transfer: 7.5 on PCI-X 133, 1.875 on PCI-X 533. */
  readonly transferNs: number;
  /** ns per base clock, at which overhead clocks are counted. */
  readonly clockNs: number;
  readonly stats: PciStats = {
    transactions: 0,
    bytesByTraffic: { payload: 0, header: 0, descriptor: 0, doorbell: 0, register: 0, sync: 0 },
    dataNs: 0,
    busyNs: 0,
  };
  private readonly costs: Costs;
  private readonly memory: MemoryBus | null;
  private readonly bus = new ReservationCalendar();
  /** Per device: when its read engine has finished its booked reads (exact). */
  private readEngineFree: number[] = [];

  constructor(opts: { name: string; kind: BusKind; costs: Costs; memory: MemoryBus | null }) {
    const spec = busSpec(opts.kind);
    this.name = opts.name;
    this.kind = opts.kind;
    this.peakMBps = spec.peakMBps;
    // Exact in binary (15, 7.5, 3.75, 1.875 ns) once 1000 / (400/3)'s last-bit error is
    // rounded away, so bus times add up to the datasheet's figures.
    this.transferNs = roundPicoseconds(1000 / spec.transfersPerUs);
    this.clockNs = roundPicoseconds(1000 / spec.baseClockMhz);
    this.costs = opts.costs;
    this.memory = opts.memory;
  }

  /** Bus time of one burst of `bytes`: ceil(bytes / 8) transfers + overhead base clocks. */
  burstNs(bytes: number, overheadClocks: number): number {
    return this.dataNs(bytes) + overheadClocks * this.clockNs;
  }

  /**
   * The device writes `bytes` into host memory (posted writes): bursts of at most
   * pciMaxWriteBurstBytes, each ceil(b/8) transfers + pciWriteOverheadClocks, booked
   * back to back on the bus from max(at, bus free); the memory bus takes the bytes from
   * the first burst on. Returns when the data is in memory.
   * pcix-133, 1514 B: 190 × 7.5 + 5 × 7.5 = 1462.5 ns.
   */
  dmaWrite(at: Nanoseconds, device: number, bytes: number, traffic: PciTraffic): Nanoseconds {
    void device; // Posted writes of all devices simply share the bus in order.
    if (bytes <= 0) return at;
    const burst = this.costs.pciMaxWriteBurstBytes;
    const bursts = Math.ceil(bytes / burst);
    const data = this.dataNsOfBursts(bytes, burst);
    const busNs = data + bursts * this.costs.pciWriteOverheadClocks * this.clockNs;
    const busEnd = this.book(at, busNs, data, bursts, bytes, traffic);
    return settle(Math.max(busEnd, this.memoryDma(this.bus.lastStart, bytes)));
  }

  /**
   * The device reads `bytes` from host memory as split reads of at most pciMmrbcBytes.
   * Each costs its data transfers + pciReadOverheadClocks on the bus, and the device
   * waits pciReadLatencyNs from request to completion, during which the bus serves
   * others. Two servers, so saturation shows on the right one:
   * - the device's read engine (FIFO per device) pays, with k = pciOutstandingReads,
   *   ceil(n / k) latencies plus the bursts' bus time:
   *   end ≥ start + ceil(n / k) × latency + Σ burst;
   * - the shared bus books only its busy time, Σ burst, from start + latency (the first
   *   data cannot come sooner); a contended bus delays the end to that booking's end.
   * Booking the bursts as one block lets other devices' work fill this device's latency
   * gaps in aggregate (a fluid approximation of the interleaving); the total busy time
   * and so the bus's saturation point are exact. Returns when the data is on the card.
   * pcix-133, 1514 B: bursts 512, 512, 490 = 64 + 64 + 62 transfers; bus 190 × 7.5 +
   * 3 × 10 × 7.5 = 1650 ns; device 3 × 300 + 1650 = 2550 ns.
   */
  dmaRead(at: Nanoseconds, device: number, bytes: number, traffic: PciTraffic): Nanoseconds {
    if (bytes <= 0) return at;
    const burst = this.costs.pciMmrbcBytes;
    const bursts = Math.ceil(bytes / burst);
    const data = this.dataNsOfBursts(bytes, burst);
    const busNs = data + bursts * this.costs.pciReadOverheadClocks * this.clockNs;
    const latency = this.costs.pciReadLatencyNs;
    const rounds = Math.ceil(bursts / this.costs.pciOutstandingReads);
    const start = Math.max(at, this.readEngineFree[device] ?? 0);
    // The bridge fetches from memory while the request is outstanding.
    const memEnd = this.memoryDma(start, bytes);
    const busEnd = this.book(start + latency, busNs, data, bursts, bytes, traffic);
    const end = Math.max(start + rounds * latency + busNs, busEnd, memEnd);
    this.setReadEngineFree(device, end);
    return settle(end);
  }

  /** The CPU posts a write to a device register (a doorbell): one short transaction. */
  mmioWrite(at: Nanoseconds, traffic: PciTraffic): Nanoseconds {
    const data = this.dataNs(REGISTER_BYTES);
    const busNs = data + this.costs.pciWriteOverheadClocks * this.clockNs;
    return settle(this.book(at, busNs, data, 1, REGISTER_BYTES, traffic));
  }

  /**
   * The CPU reads a device register: one transaction on the bus. The caller stalls its
   * core for mmioReadStallNs (Cpu.stall); the value is back at the later of that stall
   * and the bus transaction's end, which is what this returns.
   */
  mmioRead(at: Nanoseconds, traffic: PciTraffic): Nanoseconds {
    const data = this.dataNs(REGISTER_BYTES);
    const busNs = data + this.costs.pciReadOverheadClocks * this.clockNs;
    const busEnd = this.book(at, busNs, data, 1, REGISTER_BYTES, traffic);
    return settle(Math.max(busEnd, at + this.costs.mmioReadStallNs));
  }

  /** Data time / busy time so far (1 for an idle bus): how much of the bus moved data. */
  get efficiency(): number {
    return this.stats.busyNs > 0 ? this.stats.dataNs / this.stats.busyNs : 1;
  }

  /** Bus time spent on overhead clocks, expressed as bytes at the peak rate. */
  get overheadBytes(): number {
    return ((this.stats.busyNs - this.stats.dataNs) / this.transferNs) * 8;
  }

  /** Bus time done by `now`, ns; utilisation = Δbusy / Δt. */
  busyNsUntil(now: Nanoseconds): number {
    return this.bus.busyUntil(now);
  }

  /** Bus time booked but not yet done at `now`, ns; growing over time = saturated. */
  backlogNs(now: Nanoseconds): number {
    return this.bus.bookedAfter(now);
  }

  /** When `device`'s read engine has finished its booked reads. */
  readEngineFreeAt(device: number): Nanoseconds {
    return settle(this.readEngineFree[device] ?? 0);
  }

  /**
   * Reads booked but not finished on the busiest device's read engine, ns. With one
   * outstanding read a device moves at most MMRBC / (latency + burst) — 599 MB/s on
   * pcix-133 with the defaults — so its engine can saturate while the bus has room.
   */
  readEngineBacklogNs(now: Nanoseconds): number {
    let most = 0;
    for (const free of this.readEngineFree) most = Math.max(most, free - now);
    return most;
  }

  private dataNs(bytes: number): number {
    return Math.ceil(bytes / 8) * this.transferNs;
  }

  /** Data time of `bytes` cut into bursts of `burst` bytes (only the last one short). */
  private dataNsOfBursts(bytes: number, burst: number): number {
    const full = Math.floor(bytes / burst);
    return full * this.dataNs(burst) + this.dataNs(bytes - full * burst);
  }

  private book(
    at: number,
    busNs: number,
    dataNs: number,
    transactions: number,
    bytes: number,
    traffic: PciTraffic,
  ): number {
    this.stats.transactions += transactions;
    this.stats.bytesByTraffic[traffic] += bytes;
    this.stats.dataNs += dataNs;
    this.stats.busyNs += busNs;
    return this.bus.reserve(at, busNs);
  }

  private memoryDma(at: number, bytes: number): number {
    if (this.memory === null) return at;
    return this.memory.reserveExact(at, bytes * this.costs.dmaMemoryBytesPerByte, 'dma');
  }

  private setReadEngineFree(device: number, end: number): void {
    if (!(Number.isInteger(device) && device >= 0)) {
      throw new RangeError(`pci ${this.name}: device must be a non-negative integer`);
    }
    // Grows once per new device, at set-up.
    while (this.readEngineFree.length <= device) this.readEngineFree.push(0);
    this.readEngineFree[device] = end;
  }
}
