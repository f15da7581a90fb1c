import { describe, expect, it } from 'vitest';
import { lowerBound, SeriesRing, windowBounds } from './ring-buffer.ts';

const cols = [
  { id: 'a', label: 'a', unit: 'x', color: '#000' },
  { id: 'b', label: 'b', unit: 'x', color: '#000' },
];

describe('SeriesRing', () => {
  it('keeps the last `capacity` rows in time order and bumps the version', () => {
    const r = new SeriesRing(cols, 4);
    const v0 = r.version;
    for (let i = 0; i < 6; i++) r.push(i, [i * 10, i * 100]);
    expect(r.version).toBeGreaterThan(v0);
    const w = r.read();
    expect(w.length).toBe(4);
    expect([...w.t.subarray(0, w.length)]).toEqual([2, 3, 4, 5]);
    expect([...(w.values[1] as Float64Array).subarray(0, 4)]).toEqual([200, 300, 400, 500]);
    expect(r.latest(0)).toBe(50);
    expect(r.latestTime()).toBe(5);
  });

  it('accepts column-major batches, keeping only the tail of an oversized batch', () => {
    const r = new SeriesRing(cols, 3);
    r.pushBatch(Float64Array.of(1, 2), [Float64Array.of(10, 20), Float64Array.of(1, 2)]);
    r.pushBatch(Float64Array.of(3, 4, 5, 6), [Float64Array.of(30, 40, 50, 60)]);
    const w = r.read();
    expect([...w.t.subarray(0, w.length)]).toEqual([4, 5, 6]);
    expect([...(w.values[0] as Float64Array).subarray(0, 3)]).toEqual([40, 50, 60]);
    expect(Number.isNaN((w.values[1] as Float64Array)[0])).toBe(true);
  });

  it('reads a time window with one row of margin on each side', () => {
    const r = new SeriesRing(cols, 10);
    for (let i = 0; i < 10; i++) r.push(i, [i, i]);
    const w = r.readWindow(3.5, 6.5);
    expect([...w.t]).toEqual([3, 4, 5, 6, 7]);
  });

  it('clears without reallocating and reports NaN when empty', () => {
    const r = new SeriesRing(cols, 4);
    r.push(1, [1, 1]);
    const before = r.read().t;
    r.clear();
    expect(r.read().length).toBe(0);
    expect(r.read().t).toBe(before);
    expect(r.latest(0)).toBeNaN();
  });

  it('rejects a capacity below 2', () => {
    expect(() => new SeriesRing(cols, 1)).toThrow(RangeError);
  });
});

describe('windowBounds', () => {
  const t = Float64Array.of(0, 1, 2, 3, 4);
  it('finds lower bounds', () => {
    expect(lowerBound(t, 5, 2.5)).toBe(3);
    expect(lowerBound(t, 5, -1)).toBe(0);
    expect(lowerBound(t, 5, 9)).toBe(5);
  });
  it('clamps to the data', () => {
    expect(windowBounds(t, 5, -10, 10)).toEqual([0, 5]);
    expect(windowBounds(t, 0, 0, 1)).toEqual([0, 0]);
  });
});
