import { FifoServer } from '../core/fifo-server.ts';
import type { Clock } from '../core/fluid-calendar.ts';
import { RigidCalendar } from '../core/rigid-calendar.ts';
import { FRACTIONAL, settle, type Nanoseconds } from '../core/time.ts';
import { busSpec, type BusKind, type Costs } from '../costs/cost-table.ts';
import type { MemoryBus } from '../host/memory-bus.ts';
import { dmaReadTraffic, dmaWriteTraffic } from '../host/memory-traffic.ts';

export type PciTraffic = 'payload' | 'header' | 'descriptor' | 'doorbell' | 'register' | 'sync';

export const PCI_TRAFFIC: readonly PciTraffic[] = [
  'payload',
  'header',
  'descriptor',
  'doorbell',
  'register',
  'sync',
];

/** Index of a traffic kind in PCI_TRAFFIC (the typed counters' order; pcix.test.ts checks it). */
function trafficIndex(traffic: PciTraffic): number {
  switch (traffic) {
    case 'payload':
      return 0;
    case 'header':
      return 1;
    case 'descriptor':
      return 2;
    case 'doorbell':
      return 3;
    case 'register':
      return 4;
    case 'sync':
      return 5;
  }
}

export class PciStats {
  /** Bus transactions: write bursts, split reads, MMIO accesses. */
  transactions = 0;
  /**
   * Data bytes carried, by what they were, in PCI_TRAFFIC order. Typed and indexed by
   * number: a record indexed by the traffic's name was a megamorphic keyed store per split
   * read (about 2 % of a host-stack run).
   */
  readonly bytes = new Float64Array(PCI_TRAFFIC.length);
  /** Bus time spent moving data (transfers at the transfer rate), ns. */
  dataNs = 0;
  /** Bus time booked, data plus overhead clocks, ns. */
  busyNs = 0;

  /** Data bytes carried, by what they were (a new record each call). */
  get bytesByTraffic(): Record<PciTraffic, number> {
    const record = {} as Record<PciTraffic, number>;
    PCI_TRAFFIC.forEach((traffic, i) => (record[traffic] = this.bytes[i]!));
    return record;
  }
}

function roundPicoseconds(ns: number): number {
  return Math.round(ns * 1e6) / 1e6;
}

/**
 * The split-read latency the read engines see. `dmaSpeedFactor` f (the bottleneck check's
 * what-if) makes an engine f times as fast on an idle bus — its rate k × MMRBC /
 * (latency + burst) grows by f — by shortening the latency it cannot overlap (what more
 * outstanding reads or a quicker bridge would buy), never below zero; the bus is unchanged.
 */
function readLatency(costs: Costs, fullBurstNs: number): number {
  const f = costs.dmaSpeedFactor;
  if (f === 1) return costs.pciReadLatencyNs;
  return Math.max(0, (costs.pciReadLatencyNs + fullBurstNs) / f - fullBurstNs);
}

const PAYLOAD = trafficIndex('payload');

/** A device register is 32 bits wide (8254x manual): one data phase. */
const REGISTER_BYTES = 4;

/**
 * One PCI function's DMA engines (DESIGN.md §3): a read engine that has at most
 * `pciOutstandingReads` split reads of ≤ MMRBC in flight, each waiting the read latency
 * for its completion, and a write engine that posts bursts one after another. Each is a
 * FIFO server whose busy time is its utilisation: with one outstanding read a device
 * moves at most MMRBC / (latency + burst), 599 MB/s on pcix-133 with the defaults, so
 * its read engine saturates while the bus still has room (the verdict's `nic-dma`).
 */
export class DmaEngines {
  readonly read = new FifoServer();
  readonly write = new FifoServer();
  /** When each outstanding-read slot is free again (a ring of pciOutstandingReads). */
  readonly slots: Float64Array;
  /** The slot the next split read takes: the one freed longest ago. */
  nextSlot = 0;

  constructor(outstandingReads: number) {
    this.slots = new Float64Array(outstandingReads);
  }
}

/**
 * The shared 64-bit PCI / PCI-X bus between the host bridge and the card (DESIGN.md §3).
 * Each burst costs its data transfers at the transfer rate plus non-data clocks (address,
 * attribute, turnaround, split completion) at the base clock, so efficiency depends on
 * burst size — and PCI-X 2.0's DDR/QDR, which speed up only the data phases, pays
 * relatively more overhead per burst.
 *
 * The bus is a fluid calendar in bus-ns (capacity 1): transactions of different devices
 * interleave at the calendar's resolution, first come first served, so a device's read
 * latency is filled by others' bursts. Every DMA also moves its bytes over the memory bus
 * at no more than the PCI-X data rate. Methods return completion times and schedule
 * nothing.
 */
export class PciBus {
  readonly name: string;
  readonly kind: BusKind;
  readonly peakMBps: number;
  /** ns per 8-byte data transfer: 7.5 on PCI-X 133, 1.875 on PCI-X 533. */
  readonly transferNs: number = FRACTIONAL;
  /** ns per base clock, at which overhead clocks are counted. */
  readonly clockNs: number = FRACTIONAL;
  readonly stats = new PciStats();
  private readonly costs: Costs;
  private readonly memory: MemoryBus | null;
  private readonly bus: RigidCalendar;
  /** Bytes per ns while data moves: the ceiling on a DMA's memory-bus rate. */
  private readonly dataRate: number = FRACTIONAL;
  private readonly latencyNs: number = FRACTIONAL;
  /** Per device (PCI function): its DMA engines, created on first use. */
  readonly engines: DmaEngines[] = [];
  /** The devices sit behind a PCI-X bridge on the card (NIC profile `bridge`). */
  private readonly behindBridge: boolean;
  // What every booking of a kind costs, computed once (the cost table is a dictionary-mode
  // object, and these are read per split read): the same expressions as per booking, so
  // the same doubles. These and the other numbers read per DMA start as FRACTIONAL, so that
  // V8 holds them as doubles (see core/time.ts) rather than as tagged values checked for a
  // small integer or a heap number at every read.
  private readonly mmrbcBytes: number = FRACTIONAL;
  private readonly maxWriteBurstBytes: number = FRACTIONAL;
  private readonly writeOverheadClocks: number = FRACTIONAL;
  /** Overhead clocks of one split read, in ns. */
  private readonly readOverheadNs: number = FRACTIONAL;
  /** Data and bus time of a split read of a whole MMRBC, ns. */
  private readonly fullReadDataNs: number = FRACTIONAL;
  private readonly fullReadBusNs: number = FRACTIONAL;
  /** Data time of a whole write burst, ns. */
  private readonly fullWriteDataNs: number = FRACTIONAL;
  /** Data and bus time of a register write and a register read, ns. */
  private readonly registerDataNs: number = FRACTIONAL;
  private readonly registerWriteBusNs: number = FRACTIONAL;
  private readonly registerReadBusNs: number = FRACTIONAL;
  private readonly mmioReadStallNs: number = FRACTIONAL;

  constructor(opts: {
    name: string;
    kind: BusKind;
    costs: Costs;
    memory: MemoryBus | null;
    clock: Clock;
    /** The card's devices sit behind a PCI-X bridge (NIC profile). */
    behindBridge?: boolean;
  }) {
    const spec = busSpec(opts.kind);
    const costs = opts.costs;
    this.name = opts.name;
    this.kind = opts.kind;
    this.costs = costs;
    this.memory = opts.memory;
    this.behindBridge = opts.behindBridge ?? false;
    // `pciSpeedFactor` and `dmaSpeedFactor` are the bottleneck check's what-ifs (1 = as built).
    this.peakMBps = spec.peakMBps * costs.pciSpeedFactor;
    // Exact in binary (15, 7.5, 3.75, 1.875 ns) once 1000 / (400/3)'s last-bit error is
    // rounded away, so bus times add up to the datasheet's figures.
    this.transferNs = roundPicoseconds(1000 / spec.transfersPerUs / costs.pciSpeedFactor);
    this.clockNs = roundPicoseconds(1000 / spec.baseClockMhz / costs.pciSpeedFactor);
    this.dataRate = 8 / this.transferNs;
    this.mmrbcBytes = costs.pciMmrbcBytes;
    this.maxWriteBurstBytes = costs.pciMaxWriteBurstBytes;
    this.writeOverheadClocks = costs.pciWriteOverheadClocks;
    this.readOverheadNs = costs.pciReadOverheadClocks * this.clockNs;
    this.fullReadDataNs = this.dataNs(this.mmrbcBytes);
    this.fullReadBusNs = this.fullReadDataNs + this.readOverheadNs;
    this.fullWriteDataNs = this.dataNs(this.maxWriteBurstBytes);
    this.registerDataNs = this.dataNs(REGISTER_BYTES);
    this.registerWriteBusNs = this.burstNs(REGISTER_BYTES, costs.pciWriteOverheadClocks);
    this.registerReadBusNs = this.burstNs(REGISTER_BYTES, costs.pciReadOverheadClocks);
    this.mmioReadStallNs = costs.mmioReadStallNs;
    this.latencyNs = readLatency(
      costs,
      this.burstNs(costs.pciMmrbcBytes, costs.pciReadOverheadClocks),
    );
    this.bus = new RigidCalendar(opts.clock, 1, costs.pciSlotNs);
  }

  /** Bus time of one burst of `bytes`: ceil(bytes / 8) transfers + overhead base clocks. */
  burstNs(bytes: number, overheadClocks: number): number {
    return this.dataNs(bytes) + overheadClocks * this.clockNs;
  }

  /** The DMA engines of PCI function `device`. */
  enginesOf(device: number): DmaEngines {
    const known = this.engines[device];
    if (known !== undefined) return known;
    if (!(Number.isInteger(device) && device >= 0)) {
      throw new RangeError(`pci ${this.name}: device must be a non-negative integer`);
    }
    // Grows once per new device, at set-up.
    while (this.engines.length <= device) {
      this.engines.push(new DmaEngines(this.costs.pciOutstandingReads));
    }
    return this.engines[device]!;
  }

  /**
   * The device writes `bytes` into host memory (posted writes): its write engine issues
   * bursts of at most pciMaxWriteBurstBytes, each ceil(b/8) transfers +
   * pciWriteOverheadClocks, one after another on the bus; the bridge writes the data to
   * memory as it arrives. Returns when the data is in memory.
   * pcix-133, 1514 B alone: 190 × 7.5 + 5 × 7.5 = 1462.5 ns.
   */
  dmaWrite(
    at: Nanoseconds,
    device: number,
    bytes: number,
    traffic: PciTraffic,
    /** Of `bytes`, how many are payload (a whole frame written into one buffer). */
    payloadPart = 0,
  ): Nanoseconds {
    if (bytes <= 0) return at;
    const kind = trafficIndex(traffic);
    this.accountPayloadPart(kind, payloadPart);
    const engine = this.enginesOf(device).write;
    const start = engine.startAt(at);
    const burst = this.maxWriteBurstBytes;
    const n = Math.ceil(bytes / burst);
    const full = Math.floor(bytes / burst);
    // Data time of the bursts: all whole but the last.
    const data = full * this.fullWriteDataNs + this.dataNs(bytes - full * burst);
    // Posted writes follow one another: one run of n bursts on the bus.
    const busNs = data + n * this.writeOverheadClocks * this.clockNs;
    const t = this.bookRun(start, n, data, busNs, bytes, kind);
    engine.occupy(start, t);
    const memoryBytes = this.memory === null ? 0 : dmaWriteTraffic(this.costs, bytes);
    return settle(Math.max(t, this.memoryDma(start, bytes, memoryBytes, t)));
  }

  /**
   * The device reads `bytes` from host memory as split reads of at most pciMmrbcBytes,
   * at most pciOutstandingReads in flight. Each read waits pciReadLatencyNs from request
   * to completion and then moves its data on the shared bus, which serves others during
   * the latency; the bridge reads memory meanwhile. Returns when the data is on the card.
   * pcix-133, 1514 B alone: reads of 512, 512, 490 = 3 × (300 + burst): 2550 ns.
   */
  dmaRead(
    at: Nanoseconds,
    device: number,
    bytes: number,
    traffic: PciTraffic,
    /** Of `bytes`, how many are payload (a linear buffer holding headers and payload). */
    payloadPart = 0,
  ): Nanoseconds {
    if (bytes <= 0) return at;
    const kind = trafficIndex(traffic);
    this.accountPayloadPart(kind, payloadPart);
    const engines = this.enginesOf(device);
    const slots = engines.slots;
    // Reads of one device go out in order; a read's first request waits for a free slot.
    const start = Math.max(at, slots[engines.nextSlot]!);
    const burst = this.mmrbcBytes;
    const latencyNs = this.latencyNs;
    const stats = this.stats;
    const bus = this.bus;
    let end = start;
    for (let left = bytes; left > 0; left -= burst) {
      const slot = engines.nextSlot;
      engines.nextSlot = slot + 1 === slots.length ? 0 : slot + 1;
      // Each split read's data moves latencyNs after its request, on the shared bus.
      const issue = Math.max(start, slots[slot]!);
      const part = left < burst ? left : burst;
      const data = part === burst ? this.fullReadDataNs : this.dataNs(part);
      const busNs = part === burst ? this.fullReadBusNs : data + this.readOverheadNs;
      stats.transactions += 1;
      stats.bytes[kind] += part;
      stats.dataNs += data;
      stats.busyNs += busNs;
      // A card behind a PCI-X bridge (NIC profile `bridge`) gets each split completion only
      // after it crosses the card's secondary bus too: that burst's time again. The
      // bridge's own forwarding latency is not known and not added.
      const done = bus.reserve(issue + latencyNs, busNs, 1) + (this.behindBridge ? busNs : 0);
      slots[slot] = done;
      if (done > end) end = done;
    }
    engines.read.extend(start, end);
    // The bridge streams the data from memory as the completions move it, no faster than
    // the bus: a busy memory bus makes the read later.
    const memoryBytes = this.memory === null ? 0 : dmaReadTraffic(this.costs, bytes);
    return settle(Math.max(end, this.memoryDma(start, bytes, memoryBytes, end)));
  }

  /**
   * The CPU posts a write to a device register (a doorbell): one short transaction. Its
   * bus time is counted; it does not queue behind DMA booked ahead, since the arbiter
   * gives the host bridge the bus between bursts (PCI's latency timer bounds a burst).
   */
  mmioWrite(at: Nanoseconds, traffic: PciTraffic): Nanoseconds {
    const busNs = this.registerWriteBusNs;
    this.bookRun(at, 1, this.registerDataNs, busNs, REGISTER_BYTES, trafficIndex(traffic));
    return settle(at + busNs);
  }

  /**
   * The CPU reads a device register (a non-posted read): the core waits for the reply,
   * mmioReadStallNs (Cpu.stall); as for a doorbell, the transaction is counted on the bus
   * but does not wait behind DMA booked ahead. Returns when the value is back.
   */
  mmioRead(at: Nanoseconds, traffic: PciTraffic): Nanoseconds {
    const busNs = this.registerReadBusNs;
    this.bookRun(at, 1, this.registerDataNs, busNs, REGISTER_BYTES, trafficIndex(traffic));
    return settle(at + Math.max(busNs, this.mmioReadStallNs));
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
    return this.bus.doneUntil(now);
  }

  /** Bus time booked but not yet done at `now`, ns; growing over time = saturated. */
  backlogNs(now: Nanoseconds): number {
    return this.bus.bookedAfter(now);
  }

  /** Moves `payloadPart` of a transfer booked as traffic `kind` to the payload count. */
  private accountPayloadPart(kind: number, payloadPart: number): void {
    if (payloadPart <= 0) return;
    const bytes = this.stats.bytes;
    bytes[kind] -= payloadPart;
    bytes[PAYLOAD] += payloadPart;
  }

  private dataNs(bytes: number): number {
    return Math.ceil(bytes / 8) * this.transferNs;
  }

  /**
   * `transactions` bursts back to back, moving `bytes` of traffic `kind` (`dataNs` of data,
   * `busNs` with their overhead clocks), from `at`; returns when the last one ends.
   */
  private bookRun(
    at: number,
    transactions: number,
    dataNs: number,
    busNs: number,
    bytes: number,
    kind: number,
  ): number {
    const stats = this.stats;
    stats.transactions += transactions;
    stats.bytes[kind] += bytes;
    stats.dataNs += dataNs;
    stats.busyNs += busNs;
    return this.bus.reserve(at, busNs, 1);
  }

  /**
   * The memory side of a DMA that moves `bytes` over the bus from `at` until `busEnd`: the
   * bridge reads or writes memory as the bursts move, so at the transfer's own pace (its
   * bytes over its bus time, never faster than the bus's data rate), not all at once.
   * `memoryBytes` is what the transfer costs the memory bus in whole lines
   * (src/sim/host/memory-traffic.ts), moved at the same pace.
   */
  private memoryDma(at: number, bytes: number, memoryBytes: number, busEnd: number): number {
    if (this.memory === null) return at;
    const perByte = memoryBytes / bytes;
    const pace = busEnd > at ? Math.min(this.dataRate, bytes / (busEnd - at)) : this.dataRate;
    return this.memory.reserveExact(at, memoryBytes, 'dma', pace * perByte);
  }
}
