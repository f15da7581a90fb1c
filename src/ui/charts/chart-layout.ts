import type { SeriesWindow } from './series-source.ts';

/** Plot margins in CSS pixels: room for y tick labels on the left and x ticks below. */
export const MARGIN = { top: 8, right: 12, bottom: 22, left: 46 } as const;

/**
 * The x domain in simulated seconds: the last `windowSeconds` of data, or everything
 * when no window is set; never empty, so an idle chart still has a readable axis.
 */
export function timeDomain(
  data: SeriesWindow,
  windowSeconds: number | undefined,
): [number, number] {
  const n = data.length;
  const first = n > 0 ? (data.t[0] as number) : 0;
  const last = n > 0 ? (data.t[n - 1] as number) : 0;
  if (windowSeconds !== undefined && windowSeconds > 0) {
    const end = Math.max(last, windowSeconds);
    return [end - windowSeconds, end];
  }
  return last > first ? [first, last] : [first, first + 1];
}

/**
 * The largest value to fit on the y axis among visible columns in [from, to] (stacked:
 * the largest column sum), the reference lines, and `floor`, so an all-zero series
 * still gets an axis.
 */
export function valueCeiling(
  data: SeriesWindow,
  visible: readonly boolean[],
  stacked: boolean,
  from: number,
  to: number,
  references: readonly number[],
  floor: number,
): number {
  let max = floor;
  for (const r of references) if (Number.isFinite(r) && r > max) max = r;
  for (let k = 0; k < data.length; k++) {
    const t = data.t[k] as number;
    if (t < from || t > to) continue;
    let sum = 0;
    for (let c = 0; c < data.values.length; c++) {
      if (!visible[c]) continue;
      const v = (data.values[c] as Float64Array)[k] as number;
      if (!Number.isFinite(v)) continue;
      if (stacked) sum += Math.max(0, v);
      else if (v > max) max = v;
    }
    if (stacked && sum > max) max = sum;
  }
  return max;
}

/**
 * The smallest value to fit on the y axis: 0, or below it when a visible column or a
 * reference line goes negative (a difference chart). Stacked charts always start at 0.
 */
export function valueFloor(
  data: SeriesWindow,
  visible: readonly boolean[],
  stacked: boolean,
  from: number,
  to: number,
  references: readonly number[],
): number {
  if (stacked) return 0;
  let min = 0;
  for (const r of references) if (Number.isFinite(r) && r < min) min = r;
  for (let k = 0; k < data.length; k++) {
    const t = data.t[k] as number;
    if (t < from || t > to) continue;
    for (let c = 0; c < data.values.length; c++) {
      if (!visible[c]) continue;
      const v = (data.values[c] as Float64Array)[k] as number;
      if (Number.isFinite(v) && v < min) min = v;
    }
  }
  return min;
}

/**
 * Cumulative sums of the visible columns for a stacked area: `out[c][k]` is the top of
 * column c's band at row k (hidden columns repeat the band below, so they draw as
 * nothing). NaN counts as 0 so one missing category does not tear the stack.
 */
export function stackColumns(
  data: SeriesWindow,
  visible: readonly boolean[],
  out: Float64Array[],
): void {
  for (let k = 0; k < data.length; k++) {
    let sum = 0;
    for (let c = 0; c < data.values.length; c++) {
      const v = (data.values[c] as Float64Array)[k] as number;
      if (visible[c] && Number.isFinite(v)) sum += Math.max(0, v);
      (out[c] as Float64Array)[k] = sum;
    }
  }
}

/** The last finite value of each column (what the legend prints), NaN when none. */
export function latestValues(data: SeriesWindow): number[] {
  return data.values.map((col) => {
    for (let k = data.length - 1; k >= 0; k--) {
      const v = col[k] as number;
      if (Number.isFinite(v)) return v;
    }
    return NaN;
  });
}

/** Canvas backing-store size for a CSS size at a device pixel ratio (whole pixels). */
export function backingSize(
  cssWidth: number,
  cssHeight: number,
  dpr: number,
): { width: number; height: number } {
  const ratio = Number.isFinite(dpr) && dpr > 0 ? dpr : 1;
  return {
    width: Math.max(1, Math.round(cssWidth * ratio)),
    height: Math.max(1, Math.round(cssHeight * ratio)),
  };
}
