import { architectureLane } from './lane-spec.ts';
import { describe, expect, it } from 'vitest';
import type { SeriesInfo } from '../../protocol/messages.ts';
import { createSeriesStore } from '../state/series-store.ts';
import { COMPARE_METRICS, CompareSource, GOODPUT, laneRows } from './compare-metrics.ts';
import {
  differenceFrom,
  meanOver,
  mergeLanes,
  peakOf,
  sumColumns,
  type LaneRows,
} from './merge.ts';

const rows = (t: number[], v: number[]): LaneRows => ({
  t: Float64Array.from(t),
  v: Float64Array.from(v),
  length: t.length,
});

const list = (w: { values: readonly Float64Array[]; length: number }) =>
  w.values.map((c) => [...c.subarray(0, w.length)]);

describe('merging lanes on one time axis', () => {
  it('lines lanes up on their common sample times and cuts at the horizon', () => {
    const a = rows([0.01, 0.02, 0.03], [1, 2, 3]);
    const b = rows([0.01, 0.02, 0.03], [10, 20, 30]);
    const merged = mergeLanes([a, b], 0.02);
    expect([...merged.t.subarray(0, merged.length)]).toEqual([0.01, 0.02]);
    expect(list(merged)).toEqual([
      [1, 2],
      [10, 20],
    ]);
  });

  it('leaves a gap (NaN) where a lane has no sample: catching up, failed, or not loaded', () => {
    const ahead = rows([0.01, 0.02, 0.03, 0.04], [1, 2, 3, 4]);
    const behind = rows([0.01, 0.02], [5, 6]);
    const merged = mergeLanes([ahead, behind, null], Infinity);
    expect(merged.length).toBe(4);
    expect(list(merged)).toEqual([
      [1, 2, 3, 4],
      [5, 6, NaN, NaN],
      [NaN, NaN, NaN, NaN],
    ]);
    // Different sample times (a lane restarted with another interval) interleave.
    const odd = mergeLanes([rows([0.01, 0.03], [1, 3]), rows([0.02], [2])], Infinity);
    expect([...odd.t.subarray(0, odd.length)]).toEqual([0.01, 0.02, 0.03]);
    expect(list(odd)).toEqual([
      [1, NaN, 3],
      [NaN, 2, NaN],
    ]);
  });

  it('differences every lane but the baseline against it, scaled (fractions → pp)', () => {
    const merged = mergeLanes(
      [rows([1, 2], [0.9, 1]), rows([1, 2], [0.5, NaN]), rows([1, 2], [1, 0.25])],
      Infinity,
    );
    const diff = differenceFrom(merged, 0, 100);
    expect(diff.values).toHaveLength(2);
    expect(list(diff)[0]![0]).toBeCloseTo(-40);
    expect(list(diff)[0]![1]).toBeNaN();
    expect(list(diff)[1]![0]).toBeCloseTo(10);
    expect(list(diff)[1]![1]).toBeCloseTo(-75);
  });

  it('sums columns, averages over an interval and finds a peak, ignoring gaps', () => {
    const summed = sumColumns({
      t: Float64Array.of(1, 2),
      values: [Float64Array.of(1, 2), Float64Array.of(10, NaN)],
      length: 2,
    });
    expect(summed[0]).toBe(11);
    expect(summed[1]).toBeNaN();
    const r = rows([0.1, 0.2, 0.3, 0.4], [100, 200, NaN, 400]);
    // (0.1, 0.4]: the row at 0.1 covers the interval before it.
    expect(meanOver(r, 0.1, 0.4)).toBe(300);
    expect(meanOver(r, 0.5, 0.6)).toBeNaN();
    expect(peakOf(Float64Array.of(NaN, 3, 7, NaN, 5))).toBe(7);
    expect(peakOf(Float64Array.of(NaN))).toBeNaN();
  });
});

describe('a compare chart source over lanes’ series stores', () => {
  const series: SeriesInfo[] = [
    { id: 'port0.tx.goodput', label: 'p0 tx', unit: 'Mbit/s', group: 'port-throughput', port: 0 },
    { id: 'port0.rx.goodput', label: 'p0 rx', unit: 'Mbit/s', group: 'port-throughput', port: 0 },
    { id: 'port0.tx.wire', label: 'p0 wire', unit: 'Mbit/s', group: 'port-throughput', port: 0 },
    { id: 'cpu.utilisation', label: 'host CPU', unit: '%', group: 'host-cpu' },
  ];

  /** A store fed like a lane's: rows of (t ns, tx goodput, rx goodput, wire, cpu). */
  function store(samples: [number, number, number, number, number][]) {
    const s = createSeriesStore(100);
    s.begin(1, series);
    s.append(1, 5, Float64Array.from(samples.flat()));
    return s;
  }

  it('sums the ports’ TX and RX goodput (not the wire rate) and follows the horizon', () => {
    const hostStack = store([
      [10e6, 900, 10, 999, 1],
      [20e6, 1000, 0, 999, 1],
    ]);
    const fullToe = store([
      [10e6, 1800, 0, 999, 0.1],
      [20e6, 1900, 0, 999, 0.05],
    ]);
    expect([...laneRows(hostStack, GOODPUT)!.v]).toEqual([910, 1000]);
    let horizon = 0.01;
    let stamp = 0;
    const lanes = [
      { spec: architectureLane('host-stack'), store: hostStack },
      { spec: architectureLane('full-toe'), store: fullToe },
    ];
    const source = new CompareSource(lanes, GOODPUT, () => ({ seconds: horizon, stamp }), null);
    expect(source.columns.map((c) => c.label)).toEqual(['host-stack', 'full-toe']);
    expect(source.read().length).toBe(1);
    const v1 = source.version;
    horizon = 0.02;
    stamp++;
    expect(source.version).not.toBe(v1);
    expect(list(source.read())).toEqual([
      [910, 1000],
      [1800, 1900],
    ]);

    const cpu = COMPARE_METRICS.find((m) => m.id === 'cpu')!;
    const diff = new CompareSource(lanes, cpu, () => ({ seconds: horizon, stamp }), 0);
    expect(diff.columns).toEqual([
      expect.objectContaining({ id: 'full-toe', label: 'full-toe − host-stack', unit: 'pp' }),
    ]);
    const d = list(diff.read())[0]!;
    expect(d[0]).toBeCloseTo(-90);
    expect(d[1]).toBeCloseTo(-95);
  });
});
