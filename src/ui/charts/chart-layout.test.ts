import { describe, expect, it } from 'vitest';
import {
  backingSize,
  latestValues,
  stackColumns,
  timeDomain,
  valueCeiling,
  valueFloor,
} from './chart-layout.ts';
import type { SeriesWindow } from './series-source.ts';

const data: SeriesWindow = {
  t: Float64Array.of(0, 1, 2, 3),
  values: [Float64Array.of(1, 2, NaN, 4), Float64Array.of(10, 20, 30, NaN)],
  length: 4,
};

describe('chart layout', () => {
  it('scrolls a fixed window and never returns an empty domain', () => {
    expect(timeDomain(data, 2)).toEqual([1, 3]);
    expect(timeDomain(data, 10)).toEqual([0, 10]);
    expect(timeDomain(data, undefined)).toEqual([0, 3]);
    expect(timeDomain({ t: new Float64Array(0), values: [], length: 0 }, undefined)).toEqual([
      0, 1,
    ]);
  });

  it('fits visible values, stacks and references', () => {
    expect(valueCeiling(data, [true, true], false, 0, 3, [], 0)).toBe(30);
    expect(valueCeiling(data, [true, false], false, 0, 3, [941.5], 0)).toBe(941.5);
    expect(valueCeiling(data, [true, true], true, 0, 1, [], 0)).toBe(22);
    expect(valueCeiling(data, [false, false], false, 0, 3, [], 0.1)).toBe(0.1);
  });

  it('goes below zero only for negative values or references (difference charts)', () => {
    expect(valueFloor(data, [true, true], false, 0, 3, [])).toBe(0);
    const diff: SeriesWindow = { ...data, values: [Float64Array.of(-5, 2, NaN, -9)] };
    expect(valueFloor(diff, [true], false, 0, 3, [])).toBe(-9);
    expect(valueFloor(diff, [true], false, 0, 2, [-7])).toBe(-7);
    expect(valueFloor(diff, [false], false, 0, 3, [])).toBe(0);
    expect(valueFloor(diff, [true], true, 0, 3, [])).toBe(0);
  });

  it('stacks visible columns, treating NaN as zero', () => {
    const out = [new Float64Array(4), new Float64Array(4)];
    stackColumns(data, [true, true], out);
    expect([...(out[1] as Float64Array)]).toEqual([11, 22, 30, 4]);
    stackColumns(data, [false, true], out);
    expect([...(out[0] as Float64Array)]).toEqual([0, 0, 0, 0]);
  });

  it('reports the last finite value per column', () => {
    expect(latestValues(data)).toEqual([4, 30]);
  });

  it('sizes the backing store for the device pixel ratio', () => {
    expect(backingSize(300.4, 150, 2)).toEqual({ width: 601, height: 300 });
    expect(backingSize(0, 0, NaN)).toEqual({ width: 1, height: 1 });
  });
});
