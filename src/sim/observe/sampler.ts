import { ARCHITECTURE_MODULES } from '../arch/registry.ts';
import { NS_PER_S, type Nanoseconds } from '../core/time.ts';
import { CPU_CATEGORIES } from '../host/cpu.ts';
import { UDP_LOSS_REASONS, type UdpLossReason } from '../udp/ledger.ts';
import type { Flow } from '../world/flows.ts';
import type { World } from '../world/world.ts';
import {
  intervalMetrics,
  snapshotCounters,
  type CounterSnapshot,
  type IntervalMetrics,
} from './interval.ts';
import { wireBitsSent } from './wire-front.ts';

/**
 * Turns the model's counters into batches of typed arrays for charts (STYLE.md principle
 * 6: the model never knows about charts). A series is a named number read from the
 * world at each sample time: a gauge (read as is), a rate (the growth of a cumulative
 * counter over the sample interval, per second, times `scale`), or an interval figure
 * (read from the cost model's figures over the sample interval, src/sim/metrics/interval.ts,
 * so the charts use the results' definitions; NaN, drawn as a gap, when undefined).
 *
 * Adding a series is one entry in SERIES_PROVIDERS: a function from the world to the
 * series it can read. The cost model adds its own provider there (CPU by category,
 * PCI-X, memory bus, card); the UI learns ids, labels and units from the session's
 * series list, so it needs no change to draw them.
 */

/**
 * What a series measures, as the UI groups it into charts. The UI draws every series of
 * a group in that group's chart: 'cpu' stacked as fractions of all cores (unit '%',
 * values 0–1), 'host-cpu' / 'pci-bus' / 'memory-bus' / 'card' as utilisation fractions
 * (unit '%'), 'card-memory' in bytes, 'copies' as bytes per payload byte (unit 'B/B'),
 * 'connection-rtt' as a connection's smoothed RTT (unit 'µs'), 'udp-drops' as UDP datagrams
 * lost per second, by where (unit 'datagrams/s'); 'packets' (frames per second each port
 * sends and receives) is not charted: walkthroughs divide by it.
 */
export type SeriesGroup =
  | 'port-throughput'
  | 'connection-window'
  | 'connection-rtt'
  | 'cpu'
  | 'host-cpu'
  | 'memory-bus'
  | 'pci-bus'
  | 'card'
  | 'card-memory'
  | 'copies'
  | 'udp-drops'
  | 'packets';

/** The part of a series the UI sees (sent once per session). */
export interface SeriesInfo {
  id: string;
  label: string;
  unit: string;
  group: SeriesGroup;
  /** The NIC port it belongs to, when it belongs to one. */
  port?: number;
  /** The connection (flow id) it belongs to, when it belongs to one. */
  connection?: number;
}

export interface GaugeSeries extends SeriesInfo {
  kind: 'gauge';
  read(world: World): number;
}

export interface RateSeries extends SeriesInfo {
  kind: 'rate';
  /** A cumulative counter: the series is its growth per second times `scale`. */
  read(world: World): number;
  scale: number;
}

export interface IntervalSeries extends SeriesInfo {
  kind: 'interval';
  /** A figure over the sample interval. */
  read(metrics: IntervalMetrics): number;
}

export type SeriesSpec = GaugeSeries | RateSeries | IntervalSeries;
export type SeriesProvider = (world: World) => SeriesSpec[];

/** Bytes per second → Mbit/s. */
const MBPS_PER_BYTE_PER_S = 8 / 1e6;
/** Bits per second → Mbit/s. */
const MBPS_PER_BIT_PER_S = 1 / 1e6;
/** Window series are drawn for the first connections only, so a 10,000-flow run stays light. */
export const MAX_CONNECTION_SERIES = 16;

function sumFlows(world: World, port: number, direction: Flow['direction']): number {
  // UDP datagrams delivered to the reading application count as TCP's in-order bytes do.
  let total = world.udp?.ledger.of(port, direction).bytesDelivered ?? 0;
  for (const f of world.flows)
    if (f.port === port && f.direction === direction) total += f.delivered;
  return total;
}

/** Per port: TX/RX goodput (payload delivered in order to the reading application) and wire rate. */
export function portThroughputSeries(world: World): SeriesSpec[] {
  return world.links.flatMap((link, port): SeriesSpec[] => [
    {
      kind: 'rate',
      id: `port${port}.tx.goodput`,
      label: `port ${port} TX goodput`,
      unit: 'Mbit/s',
      group: 'port-throughput',
      port,
      scale: MBPS_PER_BYTE_PER_S,
      read: (w) => sumFlows(w, port, 'tx'),
    },
    {
      kind: 'rate',
      id: `port${port}.rx.goodput`,
      label: `port ${port} RX goodput`,
      unit: 'Mbit/s',
      group: 'port-throughput',
      port,
      scale: MBPS_PER_BYTE_PER_S,
      read: (w) => sumFlows(w, port, 'rx'),
    },
    {
      kind: 'rate',
      id: `port${port}.tx.wire`,
      label: `port ${port} TX wire`,
      unit: 'Mbit/s',
      group: 'port-throughput',
      port,
      scale: MBPS_PER_BIT_PER_S,
      read: (w) => wireBitsSent(link, 'tx', w.scheduler.now),
    },
    {
      kind: 'rate',
      id: `port${port}.rx.wire`,
      label: `port ${port} RX wire`,
      unit: 'Mbit/s',
      group: 'port-throughput',
      port,
      scale: MBPS_PER_BIT_PER_S,
      read: (w) => wireBitsSent(link, 'rx', w.scheduler.now),
    },
    {
      kind: 'rate',
      id: `port${port}.tx.frames`,
      label: `port ${port} TX frames`,
      unit: 'frames/s',
      group: 'packets',
      port,
      scale: 1,
      read: () => link.tx.counters.frames,
    },
    {
      kind: 'rate',
      id: `port${port}.rx.frames`,
      label: `port ${port} RX frames`,
      unit: 'frames/s',
      group: 'packets',
      port,
      scale: 1,
      read: () => link.rx.counters.delivered,
    },
  ]);
}

/** Per connection (the first MAX_CONNECTION_SERIES): the sender's window and the host's buffers. */
export function connectionWindowSeries(world: World): SeriesSpec[] {
  return world.flows.slice(0, MAX_CONNECTION_SERIES).flatMap((flow): SeriesSpec[] => {
    const base = { group: 'connection-window' as const, port: flow.port, connection: flow.id };
    const name = `conn ${flow.id} (port ${flow.port} ${flow.direction.toUpperCase()})`;
    const id = `conn${flow.id}`;
    return [
      {
        ...base,
        kind: 'gauge',
        id: `${id}.cwnd`,
        label: `${name} cwnd`,
        unit: 'bytes',
        read: () => flow.sender?.cwnd ?? 0,
      },
      {
        ...base,
        kind: 'gauge',
        id: `${id}.flight`,
        label: `${name} bytes in flight`,
        unit: 'bytes',
        read: () => flow.sender?.flightSize ?? 0,
      },
      {
        ...base,
        kind: 'gauge',
        id: `${id}.sndbuf`,
        label: `${name} host send buffer`,
        unit: 'bytes',
        read: () => flow.local.tcp.sendBufferUsed,
      },
      {
        ...base,
        kind: 'gauge',
        id: `${id}.rcvbuf`,
        label: `${name} host receive buffer`,
        unit: 'bytes',
        read: () => flow.local.tcp.recvBufferUsed,
      },
      {
        ...base,
        group: 'connection-rtt',
        kind: 'gauge',
        id: `${id}.srtt`,
        label: `${name} smoothed RTT`,
        unit: 'µs',
        // The sender's srtt (RFC 6298, as the results' srttUs); a gap until it has a sample.
        read: () => (flow.sender !== null && flow.sender.srtt > 0 ? flow.sender.srtt / 1000 : NaN),
      },
    ];
  });
}

function interval(
  id: string,
  label: string,
  group: SeriesGroup,
  unit: string,
  read: (m: IntervalMetrics) => number,
): IntervalSeries {
  return { kind: 'interval', id, label, group, unit, read };
}

/** What the cost model charges, over each sample interval (same definitions as the results). */
export function costModelSeries(): SeriesSpec[] {
  return [
    ...CPU_CATEGORIES.map((category, i) =>
      interval(`cpu.${category}`, category, 'cpu', '%', (m) => m.cpuBreakdown[i]!),
    ),
    interval('cpu.utilisation', 'host CPU', 'host-cpu', '%', (m) => m.utilisations['host-cpu']),
    interval(
      'memory.utilisation',
      'memory bus',
      'memory-bus',
      '%',
      (m) => m.utilisations['memory-bus'],
    ),
    interval('pci.utilisation', 'PCI-X bus', 'pci-bus', '%', (m) => m.utilisations['pci-bus']),
    interval('pci.efficiency', 'PCI-X efficiency', 'pci-bus', '%', (m) => m.pciEfficiency),
    interval('card.dma', 'card DMA engine', 'card', '%', (m) => m.utilisations['nic-dma']),
    interval('card.engine', 'card engine', 'card', '%', (m) => m.utilisations['nic-engine']),
    interval('card.memory', 'card memory', 'card', '%', (m) => m.utilisations['card-memory']),
    {
      kind: 'gauge',
      id: 'card.memory.used',
      label: 'card memory used',
      unit: 'bytes',
      group: 'card-memory',
      read: (w) => w.nic.memory.used,
    },
    interval('copies.cpu', 'CPU copies', 'copies', 'B/B', (m) => m.cpuCopiesPerByte),
    interval('copies.memory', 'memory-bus bytes', 'copies', 'B/B', (m) => m.memoryBusBytesPerByte),
    interval('copies.pci', 'PCI-X bytes', 'copies', 'B/B', (m) => m.pciBytesPerByte),
  ];
}

/** Per connection, where the architecture keeps windows on the card: the card memory it holds. */
export function cardWindowSeries(world: World): SeriesSpec[] {
  const placement = ARCHITECTURE_MODULES[world.scenario.architecture].placement;
  if (placement.retransmitFrom !== 'card memory') return [];
  return world.flows.slice(0, MAX_CONNECTION_SERIES).map((flow): SeriesSpec => ({
    kind: 'gauge',
    id: `conn${flow.id}.cardmem`,
    label: `conn ${flow.id} (port ${flow.port} ${flow.direction.toUpperCase()}) card memory`,
    unit: 'bytes',
    group: 'connection-window',
    port: flow.port,
    connection: flow.id,
    read: () => (world.architecture.offloaded(flow.local) ? (flow.local.cardBytes ?? NaN) : 0),
  }));
}

/** What each UDP loss reason is called on the drops chart. */
const UDP_LOSS_LABELS: Record<UdpLossReason, string> = {
  qdisc: 'host qdisc full',
  peerQueue: 'peer queue full',
  wire: 'lost on the wire',
  rxFifoOverflow: 'receive FIFO overflow',
  rxRingEmpty: 'receive ring empty',
  socketBufferFull: 'socket buffer full',
  reassemblyTimeout: 'reassembly timeout',
  reassemblyEvicted: 'reassembly evicted',
  noSocket: 'no socket',
};

/** In a UDP workload: datagrams lost per second by where, all ports and both directions. */
export function udpDropSeries(world: World): SeriesSpec[] {
  const udp = world.udp;
  if (udp === null) return [];
  return UDP_LOSS_REASONS.map((reason): SeriesSpec => ({
    kind: 'rate',
    id: `udp.drops.${reason}`,
    label: UDP_LOSS_LABELS[reason],
    unit: 'datagrams/s',
    group: 'udp-drops',
    scale: 1,
    read: () => {
      let n = 0;
      for (const p of udp.ledger.ports) n += p.tx.drops[reason] + p.rx.drops[reason];
      return n;
    },
  }));
}

/** The registry: add a provider here and its series reach the UI's legends. */
export const SERIES_PROVIDERS: readonly SeriesProvider[] = [
  portThroughputSeries,
  connectionWindowSeries,
  costModelSeries,
  cardWindowSeries,
  udpDropSeries,
];

export function seriesFor(world: World): SeriesSpec[] {
  return SERIES_PROVIDERS.flatMap((provider) => provider(world));
}

/** The series list without its readers, as the protocol carries it. */
export function describeSeries(specs: readonly SeriesSpec[]): SeriesInfo[] {
  return specs.map(({ id, label, unit, group, port, connection }) => {
    const info: SeriesInfo = { id, label, unit, group };
    if (port !== undefined) info.port = port;
    if (connection !== undefined) info.connection = connection;
    return info;
  });
}

/**
 * Samples series into rows of a Float64Array: column 0 is the sample's simulated time in
 * ns, column 1 + i is series i. `take()` hands the rows gathered so far over (to be
 * transferred) and starts a new batch.
 */
export class Sampler {
  readonly columns: number;
  private readonly previous: Float64Array;
  private previousTime: Nanoseconds;
  /** Counters at the last row, when some series reads interval figures. */
  private previousCounters: CounterSnapshot | null;
  private rows: Float64Array;
  private count = 0;

  constructor(
    readonly specs: readonly SeriesSpec[],
    world: World,
    initialRows = 64,
  ) {
    this.columns = specs.length + 1;
    this.previous = new Float64Array(specs.length);
    this.previousTime = world.scheduler.now;
    this.previousCounters = specs.some((s) => s.kind === 'interval')
      ? snapshotCounters(world)
      : null;
    specs.forEach((spec, i) => {
      if (spec.kind === 'rate') this.previous[i] = spec.read(world);
    });
    this.rows = new Float64Array(this.columns * initialRows);
  }

  /** Rows waiting in the current batch. */
  get pending(): number {
    return this.count;
  }

  /** Appends one row at the world's current time; rates cover the time since the last row. */
  sample(world: World): void {
    const now = world.scheduler.now;
    const dtSeconds = (now - this.previousTime) / NS_PER_S;
    if (this.rows.length < (this.count + 1) * this.columns) {
      const grown = new Float64Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    const row = this.count * this.columns;
    this.rows[row] = now;
    let metrics: IntervalMetrics | null = null;
    if (this.previousCounters) {
      const counters = snapshotCounters(world);
      metrics = intervalMetrics(world, this.previousCounters, counters);
      this.previousCounters = counters;
    }
    for (let i = 0; i < this.specs.length; i++) {
      const spec = this.specs[i]!;
      if (spec.kind === 'interval') {
        this.rows[row + 1 + i] = metrics ? spec.read(metrics) : NaN;
        continue;
      }
      const value = spec.read(world);
      if (spec.kind === 'rate') {
        this.rows[row + 1 + i] =
          dtSeconds > 0 ? ((value - this.previous[i]!) / dtSeconds) * spec.scale : 0;
        this.previous[i] = value;
      } else {
        this.rows[row + 1 + i] = value;
      }
    }
    this.previousTime = now;
    this.count++;
  }

  /** The rows since the last take, as an exactly sized array (safe to transfer), or null. */
  take(): Float64Array | null {
    if (this.count === 0) return null;
    const batch = this.rows.slice(0, this.count * this.columns);
    this.count = 0;
    return batch;
  }
}
