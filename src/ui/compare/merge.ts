import type { SeriesWindow } from '../charts/series-source.ts';

/**
 * Pure helpers behind the compare charts: one metric from several lanes put on one time
 * axis, and each lane minus a baseline. Lanes in lockstep sample at the same simulated
 * times (same sample interval, from the same t = 0), so rows line up exactly; a lane that
 * lacks a row (restarted and still catching up, or failed) gets NaN there, a gap.
 */

/** One value per row: the sum of the window's columns (NaN when any is NaN). */
export function sumColumns(window: SeriesWindow): Float64Array {
  const out = new Float64Array(window.length);
  for (const column of window.values) {
    for (let k = 0; k < window.length; k++) out[k] = out[k]! + column[k]!;
  }
  if (window.values.length === 0) out.fill(NaN);
  return out;
}

/** A lane's rows: times (simulated seconds, ascending) and one value per row. */
export interface LaneRows {
  t: Float64Array;
  v: Float64Array;
  length: number;
}

/**
 * The union of the lanes' sample times up to `horizon` (seconds), with each lane's value
 * at each time (NaN where it has none). Rows after the horizon (a lane that already
 * reported a round the others have not finished) are left out, so every chart ends at the
 * same time.
 */
export function mergeLanes(lanes: readonly (LaneRows | null)[], horizon: number): SeriesWindow {
  const cursor = lanes.map(() => 0);
  let capacity = 0;
  for (const lane of lanes) capacity = Math.max(capacity, lane?.length ?? 0);
  let t = new Float64Array(capacity);
  let values = lanes.map(() => new Float64Array(capacity));
  let length = 0;
  for (;;) {
    let next = Infinity;
    lanes.forEach((lane, i) => {
      if (lane && cursor[i]! < lane.length) next = Math.min(next, lane.t[cursor[i]!]!);
    });
    if (next === Infinity || !(next <= horizon)) break;
    if (length === t.length) {
      const grown = Math.max(16, t.length * 2);
      t = grow(t, grown);
      values = values.map((v) => grow(v, grown));
    }
    t[length] = next;
    lanes.forEach((lane, i) => {
      const k = cursor[i]!;
      if (lane && k < lane.length && lane.t[k] === next) {
        values[i]![length] = lane.v[k]!;
        cursor[i] = k + 1;
      } else {
        values[i]![length] = NaN;
      }
    });
    length++;
  }
  return { t, values, length };
}

function grow(a: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(size);
  out.set(a);
  return out;
}

/**
 * Each lane but the baseline minus the baseline, row by row, times `scale` (100 turns
 * fractions into percentage points). NaN where either is missing.
 */
export function differenceFrom(merged: SeriesWindow, baseline: number, scale = 1): SeriesWindow {
  const base = merged.values[baseline];
  const values = merged.values
    .filter((_, i) => i !== baseline)
    .map((column) => {
      const out = new Float64Array(merged.length);
      for (let k = 0; k < merged.length; k++) {
        out[k] = base ? (column[k]! - base[k]!) * scale : NaN;
      }
      return out;
    });
  return { t: merged.t, values, length: merged.length };
}

/** Mean of `v` over rows with from < t ≤ to (a rate sampled over (t − interval, t]); NaN if none. */
export function meanOver(rows: LaneRows, from: number, to: number): number {
  let sum = 0;
  let n = 0;
  for (let k = 0; k < rows.length; k++) {
    const t = rows.t[k]!;
    if (t <= from || t > to) continue;
    const v = rows.v[k]!;
    if (!Number.isFinite(v)) continue;
    sum += v;
    n++;
  }
  return n > 0 ? sum / n : NaN;
}

/** The largest finite value of `v`, or NaN when there is none. */
export function peakOf(values: ArrayLike<number>, length = values.length): number {
  let peak = NaN;
  for (let k = 0; k < length; k++) {
    const v = values[k]!;
    if (Number.isFinite(v) && (Number.isNaN(peak) || v > peak)) peak = v;
  }
  return peak;
}
