import { profileUse } from '../scenario/card.ts';
import { PCI_TRAFFIC, type PciTraffic } from '../bus/pcix.ts';
import { NS_PER_S } from '../core/time.ts';
import { CPU_CATEGORIES } from '../host/cpu.ts';
import type { LinkChannel } from '../link/link.ts';
import type { World } from '../world/world.ts';
import { decideBottleneck, windowFacts, type Utilisations } from './bottleneck.ts';
import { intervalMetrics, ratio, snapshotCounters, type CounterSnapshot } from './interval.ts';
import { PORT_QUEUES, portGauges } from './port-queues.ts';
import { HalfStreams, wireBitsSent, type WireFronts } from './wire-front.ts';
import type { MeasuredStream } from '../metrics/workload-results.ts';
import type { RuleCounts } from '../net/filter.ts';
import type {
  ConnectionResult,
  FilterResult,
  HostResult,
  PortDrops,
  PortQueues,
  PortResult,
  Results,
  SyncResult,
} from '../metrics/results.ts';
import { localIp } from '../world/addresses.ts';
import { portUdpResult, udpResult } from './udp-summary.ts';

/** Counters captured at the start of the measured half of the run. */
export interface HalfTimeSnapshot {
  counters: CounterSnapshot;
  cpuCycles: number;
  pciTransactions: number;
  pciBytes: Record<PciTraffic, number>;
  /** Per port, each queue's ∫ depth dt so far (PORT_QUEUES order). */
  queueAreas: number[][];
  /** The streams open at the half, with what they had on the wire; null when not watched. */
  streams: HalfStreams | null;
}

function sum(xs: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < xs.length; i++) n += xs[i]!;
  return n;
}

/** Every stream whose delivered bytes count toward goodput, open now. */
export function measuredStreams(world: World): MeasuredStream[] {
  const flows = world.flows.map((f): MeasuredStream => ({
    port: f.port,
    direction: f.direction,
    local: f.local.tcp,
    delivered: () => f.delivered,
  }));
  return [...flows, ...(world.transactions?.streams?.() ?? [])];
}

/**
 * Starts the measured half: applications' counters restart, the rest is remembered.
 * With `fronts` (watched from the start), goodput leaves out the net drain of what the
 * streams had put on the wire and not yet delivered (observe/wire-front.ts), so it never
 * counts more than the wire carried within the half.
 */
export function snapshotHalf(world: World, fronts?: WireFronts): HalfTimeSnapshot {
  for (const flow of world.flows) flow.deliveredAtHalf = flow.delivered;
  const now = world.scheduler.now;
  world.transactions?.markHalf(now);
  const queueAreas = world.links.map((_, port) => {
    const gauges = portGauges(world, port);
    return PORT_QUEUES.map((q) => {
      gauges[q].markPeak();
      return gauges[q].areaUntil(now);
    });
  });
  return {
    counters: snapshotCounters(world),
    cpuCycles: sum(world.cpu.stats.cyclesByCategory),
    pciTransactions: world.pci.stats.transactions,
    pciBytes: { ...world.pci.stats.bytesByTraffic },
    queueAreas,
    streams: fronts
      ? new HalfStreams(measuredStreams(world), fronts, now, world.links.length)
      : null,
  };
}

/** Results carry numbers: an undefined rate (nothing moved) is reported as 0. */
function finite(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

function dropsOf(channel: LinkChannel): number {
  let n = 0;
  for (const v of Object.values(channel.counters.drops)) n += v;
  return n;
}

/** Frames lost on `port`, whole run, by where and why. */
function portDrops(world: World, port: number): PortDrops {
  const link = world.links[port]!;
  const rx = world.nic.rx[port]!;
  const local = localIp(port);
  const cardTcp = world.architecture.cardTcp;
  return {
    qdisc: world.architecture.driver.qdisc(port).drops,
    peerQueue: world.peerPorts[port]!.drops,
    rxFifoOverflow: rx.drops.fifoOverflow,
    rxRingEmpty: rx.drops.ringEmpty,
    socketQueueFull: world.hostTcp.socketDropsAt(local) + (cardTcp?.socketDropsAt(local) ?? 0),
    wire: dropsOf(link.tx) + dropsOf(link.rx),
  };
}

/** Each queue's mean over the measured half and its peak since the half began. */
function portQueues(world: World, half: HalfTimeSnapshot, port: number): PortQueues {
  const now = world.scheduler.now;
  const dt = now - half.counters.timeNs;
  const gauges = portGauges(world, port);
  const areas = half.queueAreas[port]!;
  const out = {} as PortQueues;
  PORT_QUEUES.forEach((q, i) => {
    const g = gauges[q];
    out[q] = { mean: dt > 0 ? (g.areaUntil(now) - areas[i]!) / dt : g.value, peak: g.peak };
  });
  return out;
}

function mbps(bits: number, seconds: number): number {
  return seconds > 0 ? bits / seconds / 1e6 : 0;
}

/** What this version does not model yet: said in the results, not hidden as zeros. */
export const NOT_MODELLED = [
  'a route change is a scripted, instant convergence of both ends (no routing protocol); moving a route back to its own port is refused',
  'filter rules cost the host CPU nothing (the card’s checks cost engine cycles); rules match addresses and ports, not TCP flags or state',
  'the link peers’ costs are not modelled (their qdisc and ring are, as one queue); TCP Small Queues is (the peers and profile linux keep about 1 ms of a socket’s data below TCP), byte queue limits (BQL) and fq_codel are not',
  'socketQueueFull counts the bulk and transaction connections of both stacks; a segment trimmed at the window’s edge is not counted',
  '802.3x PAUSE is not sent or honoured unless the scenario enables it (nic.flowControl)',
];

/** What UDP leaves out (issue 14), said in UDP runs only, so TCP results stay as they were. */
export const UDP_NOT_MODELLED = [
  'UDP: received frames go from the ring to IP within the interrupt’s work: the netif_rx backlog (netdev_max_backlog) and NAPI are not modelled, nor are process wake-ups and context switches; each core runs the interrupt work, udp_rcv and the reader’s recvmsg calls first in, first out',
  'UDP: no ICMP is sent for a datagram to an unbound port or a timed-out fragment queue, and ICMP errors are not reported to UDP sockets (IP still learns a smaller path MTU from them)',
  'UDP: routers on the path never fragment (Linux sends UDP with DF, so they answer with ICMP instead); fragment memory counts the fragments’ buffers, not the queues’ own struct ipq',
  'UDP: filter rules match UDP by address only (a rule with ports is a TCP rule); rx-direct-placement always has a user buffer posted for a datagram of a known flow',
  'UDP: a link peer’s sends cost nothing, so its application sends only when its queue has room for the datagram (a real peer would spend CPU per send and drop at its qdisc)',
];

/** Why `sync` is null where ARP and routes stay on the host (DESIGN.md §2). */
export const NO_SHADOW_STATE =
  'ARP and routes stay on the host in this architecture: the card keeps no shadow state, so there is nothing to sync';

/**
 * The results JSON (DESIGN.md §6). Every rate and utilisation is measured over the
 * second half of the run, so a 2 s run reports steady state after slow start.
 */
export function summarize(world: World, half: HalfTimeSnapshot, wallMs: number): Results {
  const now = world.scheduler.now;
  const seconds = (now - half.counters.timeNs) / NS_PER_S;
  const end = snapshotCounters(world);
  const m = intervalMetrics(world, half.counters, end);
  const sync = world.architecture.syncResult?.(now) ?? null;
  const ports = portResults(world, half, seconds, sync);

  const cpuBreakdown = {} as HostResult['cpuBreakdown'];
  CPU_CATEGORIES.forEach((c, i) => {
    cpuBreakdown[c] = finite(m.cpuBreakdown[i]!);
  });
  const u = m.utilisations;
  const host: HostResult = {
    cpuUtilization: finite(u['host-cpu']),
    cyclesPerPayloadByte: ratio(
      sum(world.cpu.stats.cyclesByCategory) - half.cpuCycles,
      m.payloadBytes,
    ),
    cpuBreakdown,
    memoryBusUtilization: finite(u['memory-bus']),
    memoryStallShare: finite(m.cpuMemoryStall),
  };
  const pci = world.pci;
  const payloadOnBus = pci.stats.bytesByTraffic.payload - half.pciBytes.payload;
  let onBus = 0;
  for (const t of PCI_TRAFFIC) onBus += pci.stats.bytesByTraffic[t] - half.pciBytes[t];
  const bus = {
    kind: world.pci.kind,
    utilization: finite(u['pci-bus']),
    efficiency: finite(m.pciEfficiency),
    payloadBytes: payloadOnBus,
    overheadBytes: onBus - payloadOnBus,
    transactions: pci.stats.transactions - half.pciTransactions,
  };
  const dt = now - half.counters.timeNs;
  const dmaShare = (i: number): number =>
    finite(ratio(end.dmaBusyNs[i]! - (half.counters.dmaBusyNs[i] ?? 0), dt));
  const nic = {
    engineUtilization: finite(u['nic-engine']),
    cardMemoryPeakBytes: world.nic.memory.peak,
    connectionsFallenBack: world.nic.stats.connectionsFallenBack,
    dmaEngines: world.pci.engines.map((_, device) => ({
      device,
      readUtilization: dmaShare(2 * device),
      writeUtilization: dmaShare(2 * device + 1),
    })),
    profile: profileUse(world.scenario),
  };
  const copies = {
    cpuCopiesPerByte: finite(m.cpuCopiesPerByte),
    memoryBusBytesPerByte: finite(m.memoryBusBytesPerByte),
    pciBytesPerByte: finite(m.pciBytesPerByte),
  };
  // The run's verdict weighs card memory by its peak, the live verdict by its occupancy.
  const utilisations: Utilisations = {
    wire: finite(u.wire),
    'host-cpu': host.cpuUtilization,
    'memory-bus': host.memoryBusUtilization,
    'pci-bus': bus.utilization,
    'nic-dma': finite(u['nic-dma']),
    'nic-engine': nic.engineUtilization,
    'card-memory': ratio(nic.cardMemoryPeakBytes, world.nic.memory.capacity),
  };
  return {
    scenario: world.scenario,
    simulatedMs: now / 1e6,
    wallMs,
    events: world.scheduler.eventsRun,
    ports,
    connections: connectionResults(world),
    workload: world.transactions?.summarize(now) ?? null,
    host,
    bus,
    nic,
    copies,
    sync,
    syncNote: sync === null ? NO_SHADOW_STATE : null,
    filter: filterResult(world),
    // A wire whose frames the receiver throws away is busy but not the limit.
    bottleneck: decideBottleneck(
      { ...utilisations, wire: finite(m.wireUseful) },
      m.windowLimitedShare,
      windowFacts(world.scenario),
      world.costs,
    ),
    bottleneckCheck: null,
    utilisations,
    notModelled: world.udp === null ? NOT_MODELLED : [...NOT_MODELLED, ...UDP_NOT_MODELLED],
    log: world.log,
    ...(world.udp === null ? {} : { udp: udpResult(world.udp) }),
  };
}

function portResults(
  world: World,
  half: HalfTimeSnapshot,
  seconds: number,
  sync: SyncResult | null,
): PortResult[] {
  const now = world.scheduler.now;
  const early = half.streams?.crossedBefore(world.links.length, now);
  // A UDP workload's datagrams, likewise: what the applications received beyond what the
  // wire carried in the half (all of a transaction run's bytes are UDP's when UDP runs).
  const udpDelivered = world.links.map((): [number, number] => [0, 0]);
  if (world.udp !== null) {
    for (const p of world.transactions?.portBytes() ?? []) {
      udpDelivered[p.port]![0] += p.txBytes;
      udpDelivered[p.port]![1] += p.rxBytes;
    }
  }
  const udpEarly = world.udp === null ? null : half.streams?.udpCrossedBefore(udpDelivered, now);
  return world.links.map((link, port) => {
    // Bytes delivered in the half that crossed the wire before it are not its goodput.
    let tx = -((early?.[port]?.[0] ?? 0) + (udpEarly?.[port]?.[0] ?? 0)) * 8;
    let rx = -((early?.[port]?.[1] ?? 0) + (udpEarly?.[port]?.[1] ?? 0)) * 8;
    for (const p of world.transactions?.portBytes() ?? []) {
      if (p.port !== port) continue;
      tx += p.txBytes * 8;
      rx += p.rxBytes * 8;
    }
    for (const f of world.flows) {
      if (f.port !== port) continue;
      const bits = (f.delivered - f.deliveredAtHalf) * 8;
      if (f.direction === 'tx') tx += bits;
      else rx += bits;
    }
    const [txBits0, rxBits0] = half.counters.wireBits[port]!;
    const drops = portDrops(world, port);
    return {
      port,
      txGoodputMbps: mbps(tx, seconds),
      rxGoodputMbps: mbps(rx, seconds),
      txWireMbps: mbps(wireBitsSent(link, 'tx', now) - txBits0, seconds),
      rxWireMbps: mbps(wireBitsSent(link, 'rx', now) - rxBits0, seconds),
      txFrames: link.tx.counters.frames,
      rxFrames: link.rx.counters.delivered,
      framesDropped: Object.values(drops).reduce((a, b) => a + b, 0),
      // Frames the port sent to a MAC its peer no longer answers to: counted where the
      // card sends them when it keeps shadow state, else as the peer filters them.
      framesToStaleMac: sync?.framesToStaleMacByPort[port] ?? world.peers[port]!.stats.macFiltered,
      queues: portQueues(world, half, port),
      drops,
      pause: {
        xoffSent: world.nic.rx[port]!.xoffSent,
        xonSent: world.nic.rx[port]!.xonSent,
        peerHeldMs: link.rx.pausedNs / 1e6,
      },
      ...(world.udp === null ? {} : { udp: portUdpResult(world.udp, port) }),
    };
  });
}

function connectionResults(world: World): ConnectionResult[] {
  if (world.transactions) {
    return world.transactions.connections().map((c) => {
      const local = c.local ?? null;
      return {
        id: c.id,
        port: c.port,
        direction: c.direction ?? 'both',
        offloaded: local !== null && world.architecture.offloaded(local),
        hostCaptureSees: local === null || (world.architecture.hostCaptureSees?.(local) ?? true),
        bytesWritten: c.requestBytesWritten + c.responseBytesWritten,
        bytesDelivered: c.requestBytesDelivered + c.responseBytesDelivered,
        streamIntact: c.streamIntact,
        retransmits: c.retransmits,
        timeouts: c.timeouts,
        state: c.state,
        srttUs: null,
      };
    });
  }
  return world.flows.map((f) => ({
    id: f.id,
    port: f.port,
    direction: f.direction,
    offloaded: world.architecture.offloaded(f.local),
    hostCaptureSees: world.architecture.hostCaptureSees?.(f.local) ?? true,
    bytesWritten: f.written,
    bytesDelivered: f.delivered,
    streamIntact: f.streamIntact,
    retransmits: f.sender?.stats.retransmits ?? 0,
    timeouts: f.sender?.stats.timeouts ?? 0,
    state: f.local.tcp.state,
    srttUs: f.sender !== null && f.sender.srtt > 0 ? f.sender.srtt / 1000 : null,
  }));
}

function perDirection(counts: RuleCounts | undefined, rule: number): { in: number; out: number } {
  return { in: counts?.in[rule] ?? 0, out: counts?.out[rule] ?? 0 };
}

/** The host's filter and the card's side of `filter.policy`, counted over the whole run. */
function filterResult(world: World): FilterResult {
  const { policy, rules } = world.scenario.filter;
  const host = world.hostFilter;
  const card = world.architecture.cardFilter;
  return {
    policy,
    rules: (host?.rules ?? []).map((r, i) => ({
      rule: r.text,
      droppedByHost: perDirection(host?.dropped, i),
      droppedByCard: perDirection(card?.dropped, i),
      violations: perDirection(card?.violations, i),
    })),
    droppedByHost: host?.dropped.total() ?? 0,
    droppedByCard: card?.dropped.total() ?? 0,
    violations: card?.violations.total() ?? 0,
    refusedOffload: card?.refusedOffload ?? 0,
    enforcedOnCard: card?.mode === 'enforce' && rules.length > 0,
  };
}
