import { PCI_TRAFFIC } from '../bus/pcix.ts';
import { NS_PER_S, type Nanoseconds } from '../core/time.ts';
import type { World } from '../world/world.ts';
import { decideBottleneck, windowFacts, type Utilisations } from './bottleneck.ts';
import type { Bottleneck } from '../metrics/results.ts';
import { PORT_QUEUES, queueAreas } from './port-queues.ts';
import { wireBitsSent } from './wire-front.ts';

/**
 * The cost model's figures over any interval of simulated time, from two snapshots of
 * cumulative counters: what the live lab draws (per sample, and over a sliding window
 * for the bottleneck verdict), with the same definitions as the results' summary.
 * Taking a snapshot changes nothing in the world (unlike `snapshotHalf`).
 */
export interface CounterSnapshot {
  timeNs: Nanoseconds;
  /** Payload delivered in order to reading applications since the start. */
  payloadBytes: number;
  /** Wire bits serialised by now per port: [tx, rx] (observe/wire-front.ts). */
  wireBits: [number, number][];
  /** Frames each direction of each port delivered to its receiver: [tx, rx]. */
  wireArrived: [number, number][];
  /** Of them, frames the receiver threw away after the wire (wireDiscarded): [tx, rx]. */
  wireDiscarded: [number, number][];
  cpuBusyNs: number;
  cpuStallNs: number;
  /** Busy ns of the CPU's finished jobs (booked when each ends, stalls included). */
  cpuFinishedBusyNs: number;
  cpuBusyByCategory: Float64Array;
  memoryBusyNs: number;
  memoryBytes: number;
  pciBusyNs: number;
  pciDataNs: number;
  pciBytes: number;
  engineBusyNs: number;
  /** Per PCI function: its read engine's and write engine's busy ns (alternating). */
  dmaBusyNs: Float64Array;
  /** Bytes the host CPU copied (TX user→kernel plus RX kernel→user). */
  copyBytes: number;
  cardMemoryUsed: number;
  /** WindowWatch counters: sender-samples, and those held back by a window or the send buffer. */
  senderSamples: number;
  windowBlocked: number;
  /** Every port's queue areas, ∫ depth dt (observe/port-queues.ts queueAreas). */
  queueAreas: Float64Array;
}

/** Per-interval figures; every rate is NaN when the interval is empty or carried no payload. */
export interface IntervalMetrics {
  fromNs: Nanoseconds;
  toNs: Nanoseconds;
  /** Payload bytes delivered in the interval. */
  payloadBytes: number;
  /** As the results' `utilisations`; card memory is its occupancy at the interval's end. */
  utilisations: Utilisations;
  /** Busiest direction of each port's wire, as a fraction of the port speed. */
  portWire: number[];
  /**
   * The busiest direction's share of the port speed that carried frames the receiver kept:
   * a wire whose frames are thrown away after it (an overloaded UDP receiver's ring and
   * socket) is busy, but a faster one would deliver no more. The live verdict reads this.
   */
  wireUseful: number;
  /** CPU time per category (CPU_CATEGORIES order) as a fraction of all cores. */
  cpuBreakdown: Float64Array;
  /** PCI-X data clocks over busy clocks. */
  pciEfficiency: number;
  cpuCopiesPerByte: number;
  memoryBusBytesPerByte: number;
  pciBytesPerByte: number;
  /** Share of sender-samples held back by a window (the tcp-window test). */
  windowLimitedShare: number;
  /** Share of CPU capacity spent stalled on the memory bus (busy, but waiting for it). */
  cpuMemoryStall: number;
  bottleneck: Bottleneck;
  /** Per port, each queue's mean depth over the interval (PORT_QUEUES order); NaN when empty. */
  queueMeans: number[][];
}

/** a / b, or `empty` when b is not positive. */
export function ratio(a: number, b: number, empty = 0): number {
  return b > 0 ? a / b : empty;
}

/** Payload delivered in order to reading applications, bulk flows and transactions together. */
export function payloadDelivered(world: World): number {
  let payload = 0;
  for (const f of world.flows) payload += f.delivered;
  for (const p of world.transactions?.portBytes() ?? []) payload += p.txBytes + p.rxBytes;
  return payload;
}

export function pciBytesTotal(world: World): number {
  let total = 0;
  for (const t of PCI_TRAFFIC) total += world.pci.stats.bytesByTraffic[t];
  return total;
}

function dmaBusy(world: World, now: Nanoseconds): Float64Array {
  const engines = world.pci.engines;
  const busy = new Float64Array(engines.length * 2);
  for (let i = 0; i < engines.length; i++) {
    busy[2 * i] = engines[i]!.read.busyNsUntil(now);
    busy[2 * i + 1] = engines[i]!.write.busyNsUntil(now);
  }
  return busy;
}

/** The busiest DMA engine's busy share between two snapshots (read or write, any function). */
function busiestDma(from: CounterSnapshot, to: CounterSnapshot, dt: number): number {
  let most = 0;
  for (let i = 0; i < to.dmaBusyNs.length; i++) {
    most = Math.max(most, to.dmaBusyNs[i]! - (from.dmaBusyNs[i] ?? 0));
  }
  return ratio(most, dt, dt > 0 ? 0 : NaN);
}

/**
 * Frames a direction's receiver threw away after they crossed the wire, so far: the host
 * card's receive FIFO and ring (rx), and UDP datagrams a receiving stack dropped (socket
 * buffer full, reassembly timed out or evicted, no socket) — counted as one frame each.
 */
function wireDiscarded(world: World, port: number, direction: 'tx' | 'rx'): number {
  let n = 0;
  if (direction === 'rx') {
    const drops = world.nic.rx[port]!.drops;
    n += drops.fifoOverflow + drops.ringEmpty;
  }
  const udp = world.udp?.ledger.of(port, direction);
  if (udp !== undefined) {
    const d = udp.drops;
    n += d.socketBufferFull + d.reassemblyTimeout + d.reassemblyEvicted + d.noSocket;
  }
  return n;
}

export function snapshotCounters(world: World): CounterSnapshot {
  const now = world.scheduler.now;
  const watch = world.windowWatch;
  return {
    timeNs: now,
    payloadBytes: payloadDelivered(world),
    wireBits: world.links.map((l) => [wireBitsSent(l, 'tx', now), wireBitsSent(l, 'rx', now)]),
    wireArrived: world.links.map((l) => [l.tx.counters.delivered, l.rx.counters.delivered]),
    wireDiscarded: world.links.map((_, port) => [
      wireDiscarded(world, port, 'tx'),
      wireDiscarded(world, port, 'rx'),
    ]),
    cpuBusyNs: world.cpu.busyNsUntil(now),
    cpuStallNs: world.cpu.stats.memoryStallNs,
    cpuFinishedBusyNs: world.cpu.stats.busyNs,
    cpuBusyByCategory: world.cpu.stats.busyNsByCategory.slice(),
    memoryBusyNs: world.memory.busyNsUntil(now),
    memoryBytes: world.memory.stats.bytes,
    pciBusyNs: world.pci.busyNsUntil(now),
    pciDataNs: world.pci.stats.dataNs,
    pciBytes: pciBytesTotal(world),
    engineBusyNs: world.nic.engine.busyNsUntil(now),
    dmaBusyNs: dmaBusy(world, now),
    copyBytes: world.ledger.txCopyBytes + world.ledger.rxCopyBytes,
    cardMemoryUsed: world.nic.memory.used,
    senderSamples: watch.senderSamples,
    windowBlocked:
      watch.receiveWindowBlocked + watch.congestionWindowBlocked + watch.sendBufferBlocked,
    queueAreas: queueAreas(world),
  };
}

/** The figures between two snapshots of the same world (`from` earlier than `to`). */
export function intervalMetrics(
  world: World,
  from: CounterSnapshot,
  to: CounterSnapshot,
): IntervalMetrics {
  const dt = to.timeNs - from.timeNs;
  const seconds = dt / NS_PER_S;
  const empty = dt > 0 ? 0 : NaN;
  const cores = world.cpu.cores;
  const cpuCapacityNs = dt * cores;
  const payload = to.payloadBytes - from.payloadBytes;
  const portSpeedBitsPerS = world.scenario.nic.portSpeedMbps * 1e6;
  const capacityBits = seconds * portSpeedBitsPerS;
  const portWire = to.wireBits.map(([tx, rx], port) => {
    const [tx0, rx0] = from.wireBits[port] ?? [0, 0];
    return ratio(Math.max(tx - tx0, rx - rx0), capacityBits, empty);
  });
  let wireUseful = portWire.length ? 0 : empty;
  to.wireBits.forEach((bits, port) => {
    for (const d of [0, 1] as const) {
      const arrived = to.wireArrived[port]![d] - (from.wireArrived[port]?.[d] ?? 0);
      const discarded = to.wireDiscarded[port]![d] - (from.wireDiscarded[port]?.[d] ?? 0);
      const kept = arrived > 0 ? Math.max(0, 1 - discarded / arrived) : 1;
      const carried = bits[d] - (from.wireBits[port]?.[d] ?? 0);
      wireUseful = Math.max(wireUseful, ratio(carried * kept, capacityBits, empty));
    }
  });
  // Categories are booked when a job is queued (its whole duration at once), the CPU's
  // busy time as it passes; over a short interval the first can far exceed the second.
  // So the categories only split the busy time that passed, in their booked proportions.
  const cpuBusy = to.cpuBusyNs - from.cpuBusyNs;
  const cpuBreakdown = new Float64Array(to.cpuBusyByCategory.length);
  let booked = 0;
  for (let i = 0; i < cpuBreakdown.length; i++) {
    booked += to.cpuBusyByCategory[i]! - from.cpuBusyByCategory[i]!;
  }
  for (let i = 0; i < cpuBreakdown.length; i++) {
    const share = ratio(to.cpuBusyByCategory[i]! - from.cpuBusyByCategory[i]!, booked, 0);
    cpuBreakdown[i] = ratio(cpuBusy * share, cpuCapacityNs, empty);
  }
  const pciBusy = to.pciBusyNs - from.pciBusyNs;
  const utilisations: Utilisations = {
    wire: portWire.length ? Math.max(...portWire) : empty,
    'host-cpu': ratio(cpuBusy, cpuCapacityNs, empty),
    'memory-bus': ratio(to.memoryBusyNs - from.memoryBusyNs, dt, empty),
    'pci-bus': ratio(pciBusy, dt, empty),
    'nic-dma': busiestDma(from, to, dt),
    'nic-engine': ratio(to.engineBusyNs - from.engineBusyNs, dt, empty),
    'card-memory': ratio(to.cardMemoryUsed, world.nic.memory.capacity),
  };
  const windowLimitedShare = ratio(
    to.windowBlocked - from.windowBlocked,
    to.senderSamples - from.senderSamples,
  );
  // Stalls are booked when a job ends, whole, like the categories: a job that began
  // before a short interval could book more stall in it than the interval holds. So the
  // stall's share of the finished jobs' time splits the busy time that passed.
  const stallShare = ratio(
    to.cpuStallNs - from.cpuStallNs,
    to.cpuFinishedBusyNs - from.cpuFinishedBusyNs,
  );
  const cpuMemoryStall = ratio(cpuBusy * stallShare, cpuCapacityNs);
  const queueMeans = world.links.map((_, port) =>
    PORT_QUEUES.map((_q, i) => {
      const k = port * PORT_QUEUES.length + i;
      return ratio(to.queueAreas[k]! - (from.queueAreas[k] ?? 0), dt, NaN);
    }),
  );
  return {
    fromNs: from.timeNs,
    toNs: to.timeNs,
    payloadBytes: payload,
    utilisations,
    portWire,
    wireUseful,
    cpuBreakdown,
    // Data time is booked ahead, busy time as it passes: over a short interval the ratio
    // can pass 1, which efficiency cannot.
    pciEfficiency: Math.min(1, ratio(to.pciDataNs - from.pciDataNs, pciBusy, NaN)),
    cpuCopiesPerByte: ratio(to.copyBytes - from.copyBytes, payload, NaN),
    memoryBusBytesPerByte: ratio(to.memoryBytes - from.memoryBytes, payload, NaN),
    pciBytesPerByte: ratio(to.pciBytes - from.pciBytes, payload, NaN),
    windowLimitedShare,
    cpuMemoryStall,
    queueMeans,
    bottleneck:
      dt > 0
        ? decideBottleneck(
            { ...utilisations, wire: wireUseful },
            windowLimitedShare,
            windowFacts(world.scenario),
            world.costs,
          )
        : 'none',
  };
}
