import type { SeriesInfo } from '../../protocol/messages.ts';
import { isUdpWorkload, type Scenario } from '../../protocol/scenario.ts';
import { portPayloadLimitMbps } from '../charts/columns.ts';
import type { SeriesColumn, SeriesSource, SeriesWindow } from '../charts/series-source.ts';
import type { SeriesStore } from '../state/series-store.ts';
import { differenceFrom, mergeLanes, sumColumns, type LaneRows } from './merge.ts';

/**
 * The metrics the compare view charts, one chart each, one line per architecture. Each
 * names the sampler series it sums (src/sim/metrics/sampler.ts), so a lane's store
 * supplies them by id.
 */
export interface CompareMetric {
  id: string;
  title: string;
  /** The difference chart's title is "<short>: Δ vs <baseline>". */
  short: string;
  /** As the sampler gives it: '%' means fractions 0–1. */
  unit: string;
  /** The series this metric sums, picked from a session's list. */
  select(series: readonly SeriesInfo[]): string[];
  /** A fixed top for the plain (not difference) chart. */
  yMax?: number;
  /** Charted only for a UDP workload. */
  udpOnly?: true;
}

const byId =
  (id: string) =>
  (series: readonly SeriesInfo[]): string[] =>
    series.some((s) => s.id === id) ? [id] : [];

export const GOODPUT: CompareMetric = {
  id: 'goodput',
  title: 'Goodput, all ports (TX + RX)',
  short: 'Goodput',
  unit: 'Mbit/s',
  select: (series) =>
    series
      .filter((s) => s.group === 'port-throughput' && s.id.endsWith('.goodput'))
      .map((s) => s.id),
};

export const COMPARE_METRICS: readonly CompareMetric[] = [
  GOODPUT,
  {
    id: 'cpu',
    title: 'Host CPU utilisation',
    short: 'Host CPU',
    unit: '%',
    select: byId('cpu.utilisation'),
    yMax: 1,
  },
  {
    id: 'memory',
    title: 'Memory-bus utilisation',
    short: 'Memory bus',
    unit: '%',
    select: byId('memory.utilisation'),
    yMax: 1,
  },
  {
    id: 'pci',
    title: 'PCI-X utilisation',
    short: 'PCI-X',
    unit: '%',
    select: byId('pci.utilisation'),
    yMax: 1,
  },
  {
    id: 'engine',
    title: 'Card engine utilisation',
    short: 'Card engine',
    unit: '%',
    select: byId('card.engine'),
    yMax: 1,
  },
  {
    id: 'card-memory',
    title: 'Card memory used',
    short: 'Card memory',
    unit: 'bytes',
    select: byId('card.memory.used'),
  },
  {
    id: 'udp-drops',
    title: 'UDP datagrams lost (all reasons)',
    short: 'UDP lost',
    unit: 'datagrams/s',
    select: (series) => series.filter((s) => s.group === 'udp-drops').map((s) => s.id),
    udpOnly: true,
  },
];

/** The metrics charted for `scenario`: the UDP ones only in a UDP workload. */
export function metricsFor(scenario: Scenario | null): readonly CompareMetric[] {
  const udp = scenario !== null && isUdpWorkload(scenario.workload.kind);
  return COMPARE_METRICS.filter((m) => m.udpOnly !== true || udp);
}

/** Fractions are differenced in percentage points; everything else in its own unit. */
export function differenceUnit(metric: CompareMetric): { unit: string; scale: number } {
  return metric.unit === '%' ? { unit: 'pp', scale: 100 } : { unit: metric.unit, scale: 1 };
}

/** One metric's rows in a lane's store (null before its first session). */
export function laneRows(store: SeriesStore, metric: CompareMetric): LaneRows | null {
  const ids = metric.select(store.series);
  if (ids.length === 0) return null;
  const view = store.view(
    ids.map((id) => [id, { id, label: id, unit: metric.unit, color: '#000' }] as const),
  );
  const window = view.read();
  return { t: window.t, v: sumColumns(window), length: window.length };
}

/** A compared lane as a chart sees it. */
export interface ChartLane {
  spec: { id: string; label: string; color: string };
  store: SeriesStore;
}

/**
 * One metric of every lane as a chart source, on one time axis cut at the time every lane
 * has reached; or, with a baseline, each other lane minus the baseline. Recomputed only
 * when a store or the common time changed.
 */
export class CompareSource implements SeriesSource {
  readonly columns: readonly SeriesColumn[];
  private stamp = '';
  private versionValue = 0;
  private cached: SeriesWindow = { t: new Float64Array(0), values: [], length: 0 };
  private cachedVersion = -1;

  constructor(
    private readonly lanes: readonly ChartLane[],
    private readonly metric: CompareMetric,
    /** The time every lane has reached (simulated seconds) and a stamp that changes with it. */
    private readonly horizon: () => { seconds: number; stamp: number },
    /** Index of the baseline lane for the difference view; null for plain values. */
    private readonly baseline: number | null,
  ) {
    const unit = baseline === null ? metric.unit : differenceUnit(metric).unit;
    const base = baseline === null ? null : lanes[baseline]?.spec.label;
    this.columns = lanes
      .filter((_, i) => i !== baseline)
      .map(({ spec }) => ({
        id: spec.id,
        label: base ? `${spec.label} − ${base}` : spec.label,
        unit,
        color: spec.color,
      }));
  }

  get version(): number {
    const h = this.horizon();
    const stamp = `${h.stamp}|${this.lanes.map((l) => l.store.version).join(',')}`;
    if (stamp !== this.stamp) {
      this.stamp = stamp;
      this.versionValue++;
    }
    return this.versionValue;
  }

  read(): SeriesWindow {
    const version = this.version;
    if (version === this.cachedVersion) return this.cached;
    const merged = mergeLanes(
      this.lanes.map((l) => laneRows(l.store, this.metric)),
      this.horizon().seconds,
    );
    this.cached =
      this.baseline === null
        ? merged
        : differenceFrom(merged, this.baseline, differenceUnit(this.metric).scale);
    this.cachedVersion = version;
    return this.cached;
  }
}

/**
 * The most the workload can put on the wires, for the goodput chart's reference line:
 * every port at its line rate in each direction that carries data. Null for workloads
 * whose demand is not a bulk stream.
 */
export function wireLimitMbps(scenario: Scenario): number | null {
  const perPort = portPayloadLimitMbps(scenario);
  switch (scenario.workload.kind) {
    case 'bulk-send':
    case 'bulk-receive':
    case 'udp-stream':
      return perPort * scenario.nic.ports;
    case 'bidirectional':
      return 2 * perPort * scenario.nic.ports;
    default:
      return null;
  }
}
