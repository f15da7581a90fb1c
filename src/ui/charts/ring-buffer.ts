import type { SeriesColumn, SeriesSource, SeriesWindow } from './series-source.ts';

/**
 * A fixed-capacity ring of rows (time + one value per column) in Float64Arrays. Memory is
 * allocated once: pushing past capacity overwrites the oldest rows, so a long run keeps a
 * constant heap (issue 4's bench: heap growth under 20 MB over 30 s).
 *
 * It is a SeriesSource: `version` increases on every change, `read()` returns the rows in
 * time order, copied into scratch arrays that are also allocated once.
 */
export class SeriesRing implements SeriesSource {
  readonly columns: readonly SeriesColumn[];
  readonly capacity: number;
  private readonly times: Float64Array;
  private readonly cols: Float64Array[];
  /** Index of the next row to write. */
  private head = 0;
  private count = 0;
  private changes = 0;
  private readonly scratchT: Float64Array;
  private readonly scratchValues: Float64Array[];
  private linearisedAt = -1;

  constructor(columns: readonly SeriesColumn[], capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) {
      throw new RangeError(`SeriesRing capacity must be an integer ≥ 2, got ${capacity}`);
    }
    this.columns = columns;
    this.capacity = capacity;
    this.times = new Float64Array(capacity);
    this.cols = columns.map(() => new Float64Array(capacity));
    this.scratchT = new Float64Array(capacity);
    this.scratchValues = columns.map(() => new Float64Array(capacity));
  }

  get version(): number {
    return this.changes;
  }

  get length(): number {
    return this.count;
  }

  /** Appends one row; `values[i]` belongs to `columns[i]` (missing → NaN). */
  push(t: number, values: ArrayLike<number>): void {
    this.times[this.head] = t;
    for (let c = 0; c < this.cols.length; c++) {
      const col = this.cols[c] as Float64Array;
      col[this.head] = c < values.length ? (values[c] as number) : NaN;
    }
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    this.changes++;
  }

  /**
   * Appends `n` rows from column-major batches, as the worker transfers them: `t[k]` with
   * `columns[c][k]`. Only the last `capacity` rows of a big batch are kept.
   */
  pushBatch(t: ArrayLike<number>, columns: readonly ArrayLike<number>[], n = t.length): void {
    const start = Math.max(0, n - this.capacity);
    for (let k = start; k < n; k++) {
      this.times[this.head] = t[k] as number;
      for (let c = 0; c < this.cols.length; c++) {
        const src = columns[c];
        (this.cols[c] as Float64Array)[this.head] =
          src !== undefined && k < src.length ? (src[k] as number) : NaN;
      }
      this.head = (this.head + 1) % this.capacity;
      if (this.count < this.capacity) this.count++;
    }
    if (n > 0) this.changes++;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
    this.changes++;
  }

  /** The latest value of column `c`, or NaN when empty. */
  latest(c: number): number {
    if (this.count === 0) return NaN;
    const i = (this.head - 1 + this.capacity) % this.capacity;
    return (this.cols[c] as Float64Array | undefined)?.[i] ?? NaN;
  }

  /** Time of the latest row, or NaN when empty. */
  latestTime(): number {
    if (this.count === 0) return NaN;
    return this.times[(this.head - 1 + this.capacity) % this.capacity] as number;
  }

  /** All rows, oldest first. The arrays are reused by the next call. */
  read(): SeriesWindow {
    if (this.linearisedAt !== this.changes) {
      const first = (this.head - this.count + this.capacity) % this.capacity;
      linearise(this.times, this.scratchT, first, this.count);
      for (let c = 0; c < this.cols.length; c++) {
        linearise(
          this.cols[c] as Float64Array,
          this.scratchValues[c] as Float64Array,
          first,
          this.count,
        );
      }
      this.linearisedAt = this.changes;
    }
    return { t: this.scratchT, values: this.scratchValues, length: this.count };
  }

  /**
   * Rows with `from ≤ t ≤ to` plus one row either side (so lines reach the plot's edges),
   * as subarray views of the scratch arrays.
   */
  readWindow(from: number, to: number): SeriesWindow {
    const all = this.read();
    const [lo, hi] = windowBounds(all.t, all.length, from, to);
    return {
      t: all.t.subarray(lo, hi),
      values: all.values.map((v) => v.subarray(lo, hi)),
      length: hi - lo,
    };
  }
}

function linearise(src: Float64Array, dst: Float64Array, first: number, count: number): void {
  const tail = Math.min(count, src.length - first);
  dst.set(src.subarray(first, first + tail), 0);
  if (tail < count) dst.set(src.subarray(0, count - tail), tail);
}

/** First index with t[i] ≥ x among the first `length` sorted entries. */
export function lowerBound(t: ArrayLike<number>, length: number, x: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((t[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [start, end) of the rows covering [from, to], widened by one row on each side. */
export function windowBounds(
  t: ArrayLike<number>,
  length: number,
  from: number,
  to: number,
): [number, number] {
  const lo = Math.max(0, lowerBound(t, length, from) - 1);
  const hi = Math.min(length, lowerBound(t, length, to) + 1);
  return [lo, Math.max(lo, hi)];
}
