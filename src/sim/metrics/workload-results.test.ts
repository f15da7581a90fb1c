import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LatencyHistogram,
  PortByteCounters,
  latencySummary,
  ratePerSecond,
} from './workload-results.ts';

/** Nearest-rank percentile of sorted values: the value of rank ⌈p/100 · n⌉. */
function exactPercentile(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}

describe('LatencyHistogram', () => {
  it('percentiles are within 1 % of the exact ones on random data', () => {
    const values = fc.oneof(
      fc.integer({ min: 0, max: 1_000 }),
      fc.integer({ min: 0, max: 2_000_000 }),
      fc.double({ min: 0, max: 2 ** 52, noNaN: true }).map(Math.floor),
    );
    fc.assert(
      fc.property(
        fc.array(values, { minLength: 1, maxLength: 400, size: 'max' }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        (data, p) => {
          const h = new LatencyHistogram();
          for (const v of data) h.record(v);
          const sorted = [...data].sort((a, b) => a - b);
          const exact = exactPercentile(sorted, p);
          expect(Math.abs(h.percentile(p) - exact)).toBeLessThanOrEqual(exact * 0.01);
          expect(h.count).toBe(data.length);
          expect(h.min).toBe(sorted[0]);
          expect(h.max).toBe(sorted[sorted.length - 1]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('buckets tile the integers: each value lies in its bucket, widths at most 1/128', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2 ** 53 - 1, noNaN: true }).map(Math.floor), (v) => {
        const i = LatencyHistogram.indexOf(v);
        const lo = LatencyHistogram.lowerBound(i);
        const width = LatencyHistogram.width(i);
        expect(lo).toBeLessThanOrEqual(v);
        expect(v).toBeLessThan(lo + width);
        expect(width === 1 || width <= lo / 128).toBe(true);
        if (i > 0)
          expect(LatencyHistogram.lowerBound(i - 1) + LatencyHistogram.width(i - 1)).toBe(lo);
      }),
    );
  });

  it('is exact below 128 and at powers of two', () => {
    const h = new LatencyHistogram();
    for (let v = 0; v < 128; v++) h.record(v);
    expect(h.percentile(50)).toBe(63);
    expect(h.percentile(100)).toBe(127);
    for (let e = 7; e < 53; e++) {
      expect(LatencyHistogram.lowerBound(LatencyHistogram.indexOf(2 ** e))).toBe(2 ** e);
      expect(LatencyHistogram.indexOf(2 ** e - 1)).toBe(LatencyHistogram.indexOf(2 ** e) - 1);
    }
  });

  it('reset forgets everything; the summary is in µs and null when empty', () => {
    const h = new LatencyHistogram();
    expect(latencySummary(h)).toBeNull();
    expect(h.percentile(50)).toBeNaN();
    for (let i = 1; i <= 100; i++) h.record(i * 1000);
    const s = latencySummary(h)!;
    expect(s.samples).toBe(100);
    expect(s.mean).toBeCloseTo(50.5, 9);
    expect(s.p50).toBeCloseTo(50, 0);
    expect(s.p90).toBeCloseTo(90, 0);
    expect(s.p99).toBeCloseTo(99, 0);
    h.reset();
    expect(h.count).toBe(0);
    expect(latencySummary(h)).toBeNull();
    h.record(7);
    expect(h.percentile(99)).toBe(7);
  });
});

describe('per-port bytes and rates', () => {
  it('measures bytes since the half-time mark', () => {
    const b = new PortByteCounters(2);
    b.tx[0] = 100;
    b.rx[1] = 50;
    b.markHalf();
    b.tx[0]! += 10;
    b.rx[1]! += 5;
    expect(b.measured()).toEqual([
      { port: 0, txBytes: 10, rxBytes: 0 },
      { port: 1, txBytes: 0, rxBytes: 5 },
    ]);
  });

  it('rates are per second of simulated time, 0 over an empty interval', () => {
    expect(ratePerSecond(500, 1e9, 1.5e9)).toBe(1000);
    expect(ratePerSecond(5, 1e9, 1e9)).toBe(0);
  });
});
