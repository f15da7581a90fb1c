import { NS_PER_S, type Nanoseconds } from '../core/time.ts';
import type { LinkChannel } from '../link/link.ts';
import type { World } from '../world/world.ts';
import type { ConnectionResult, PortResult, Results } from './results.ts';

/** Counters captured at the start of the measured half of the run. */
export interface HalfTimeSnapshot {
  timeNs: Nanoseconds;
  /** Wire bits per port: [tx, rx]. */
  wireBits: [number, number][];
}

export function snapshotHalf(world: World): HalfTimeSnapshot {
  for (const flow of world.flows) flow.deliveredAtHalf = flow.delivered;
  return {
    timeNs: world.scheduler.now,
    wireBits: world.links.map((l) => [l.tx.counters.wireBits, l.rx.counters.wireBits]),
  };
}

function dropsOf(channel: LinkChannel): number {
  let n = 0;
  for (const v of Object.values(channel.counters.drops)) n += v;
  return n;
}

function mbps(bits: number, seconds: number): number {
  return seconds > 0 ? bits / seconds / 1e6 : 0;
}

/** What this version does not model yet: said in the results, not hidden as zeros. */
export const NOT_MODELLED = [
  'host CPU, memory bus, PCI-X bus and NIC costs are not modelled yet: host, bus, nic, copies and bottleneck are null',
  'every architecture runs TCP on the host path until the cost model lands; offloaded is false',
  'ARP/route shadow state on the card is not modelled yet: sync is null',
];

/**
 * The results JSON (DESIGN.md §6). Goodput is payload delivered in order to the
 * receiving application over the second half of the run, so a 2 s run reports steady
 * state after slow start.
 */
export function summarize(world: World, half: HalfTimeSnapshot, wallMs: number): Results {
  const seconds = (world.scheduler.now - half.timeNs) / NS_PER_S;
  const ports: PortResult[] = world.links.map((link, port) => {
    let tx = 0;
    let rx = 0;
    for (const f of world.flows) {
      if (f.port !== port) continue;
      const bits = (f.delivered - f.deliveredAtHalf) * 8;
      if (f.direction === 'tx') tx += bits;
      else rx += bits;
    }
    const [txBits0, rxBits0] = half.wireBits[port]!;
    return {
      port,
      txGoodputMbps: mbps(tx, seconds),
      rxGoodputMbps: mbps(rx, seconds),
      txWireMbps: mbps(link.tx.counters.wireBits - txBits0, seconds),
      rxWireMbps: mbps(link.rx.counters.wireBits - rxBits0, seconds),
      txFrames: link.tx.counters.frames,
      rxFrames: link.rx.counters.delivered,
      framesDropped: dropsOf(link.tx) + dropsOf(link.rx),
      // Frames the port sent to a MAC its peer no longer answers to.
      framesToStaleMac: world.peers[port]!.stats.macFiltered,
    };
  });
  const connections: ConnectionResult[] = world.flows.map((f) => ({
    id: f.id,
    port: f.port,
    direction: f.direction,
    offloaded: false,
    bytesWritten: f.written,
    bytesDelivered: f.delivered,
    streamIntact: f.streamIntact,
    retransmits: f.sender?.stats.retransmits ?? 0,
    timeouts: f.sender?.stats.timeouts ?? 0,
    state: f.local.tcp.state,
  }));
  return {
    scenario: world.scenario,
    simulatedMs: world.scheduler.now / 1e6,
    wallMs,
    events: world.scheduler.eventsRun,
    ports,
    connections,
    host: null,
    bus: null,
    nic: null,
    copies: null,
    sync: null,
    bottleneck: null,
    notModelled: NOT_MODELLED,
    log: [],
  };
}
