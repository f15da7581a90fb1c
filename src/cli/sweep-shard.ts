/**
 * Sweeps that outgrow one machine (issue 15): `--shard K/N` runs the K-th of N disjoint
 * parts of a grid, `sweep-merge` puts the parts back together, `--seeds` replicates every
 * point. No scheduler of our own: each shard is one ordinary process, so GNU parallel,
 * ssh loops or a Slurm job array run them (README "Sweeps on many machines").
 *
 * A part carries three leading columns the merge needs and the whole grid's file does not:
 * `grid` (a hash of the scenario, the axes, the seeds and the check flag, so parts of
 * different grids are refused), `point` (the row's index in the whole grid) and `points`
 * (the grid's size, so a missing part is noticed). The merge checks them, drops them and
 * orders the rows by point: the result is byte for byte the file one unsharded run writes.
 */
import { createHash } from 'node:crypto';
import {
  METRIC_COLUMNS,
  csvRow,
  type CsvCell,
  type SweepMetrics,
} from '../sim/metrics/sweep-table.ts';
import type { Bottleneck } from '../sim/metrics/results.ts';
import { InputError, UsageError } from './args.ts';

/** The K-th (1-based) of N parts. */
export interface Shard {
  k: number;
  n: number;
}

/** `3/8` → { k: 3, n: 8 }; throws `UsageError` naming the flag and what it accepts. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const k = match ? Number(match[1]) : NaN;
  const n = match ? Number(match[2]) : NaN;
  if (!match || !(n >= 1) || !(k >= 1) || k > n || n > 100_000) {
    throw new UsageError(
      `--shard: must be K/N with 1 ≤ K ≤ N ≤ 100000, e.g. 2/8 for the second of eight parts (got "${text}")`,
    );
  }
  return { k, n };
}

/** The grid indices shard k of n runs: every n-th point from k − 1 (parts balance load). */
export function shardPoints(total: number, shard: Shard | undefined): number[] {
  const points: number[] = [];
  const step = shard?.n ?? 1;
  for (let i = (shard?.k ?? 1) - 1; i < total; i += step) points.push(i);
  return points;
}

const MAX_SEEDS = 10_000;

/** `1..5` (inclusive) or `1,4,9`: distinct non-negative integer seeds, in order. */
export function parseSeeds(text: string): number[] {
  const fail = (why: string): never => {
    throw new UsageError(
      `--seeds: must be a range A..B or a list A,B,C of non-negative integers (at most ${MAX_SEEDS}); ${why} (got "${text}")`,
    );
  };
  const integer = (word: string): number => {
    const trimmed = word.trim();
    if (!/^\d+$/.test(trimmed)) fail(`"${trimmed}" is not a non-negative integer`);
    const value = Number(trimmed);
    if (!Number.isSafeInteger(value)) fail(`"${trimmed}" is too large`);
    return value;
  };
  let seeds: number[];
  const range = /^(.*)\.\.(.*)$/.exec(text);
  if (range) {
    const from = integer(range[1] ?? '');
    const to = integer(range[2] ?? '');
    if (to < from) fail('the range ends before it starts');
    if (to - from + 1 > MAX_SEEDS) fail('too many seeds');
    seeds = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  } else {
    seeds = text.split(',').map(integer);
    if (seeds.length > MAX_SEEDS) fail('too many seeds');
  }
  if (new Set(seeds).size !== seeds.length) fail('a seed is given twice');
  return seeds;
}

/** What identifies a grid: parts of one sweep share it, parts of another do not. */
export function gridId(parts: {
  input: unknown;
  axes: readonly { path: string; texts: readonly string[] }[];
  seeds: readonly number[] | null;
  check: boolean;
}): string {
  const text = JSON.stringify({
    input: parts.input,
    axes: parts.axes.map(({ path, texts }) => ({ path, texts })),
    seeds: parts.seeds,
    check: parts.check,
  });
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The leading columns of a part, before the whole grid's columns. */
export const PART_COLUMNS = ['grid', 'point', 'points'] as const;

/** A part's header: its own columns, then the grid file's header. */
export function partHeader(header: string): string {
  return `${PART_COLUMNS.join(',')},${header}`;
}

/** A part's row: grid id, point index and grid size, then the grid file's row. */
export function partRow(grid: string, point: number, points: number, row: string): string {
  return `${grid},${point},${points},${row}`;
}

// ---------------------------------------------------------------------------------------
// Replications (--seeds): one row per point, the mean and a 95 % interval over the seeds.

/** Two-sided 95 % Student t quantiles t(0.975, df) for df = 1 … 30 (any statistics table). */
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048,
  2.045, 2.042,
];

/** t(0.975, df): the table to 30, then the values for 40, 60, 120 and the normal 1.96. */
function t95(df: number): number {
  if (df <= 30) return T95[df - 1]!;
  if (df <= 40) return 2.021;
  if (df <= 60) return 2.0;
  if (df <= 120) return 1.98;
  return 1.96;
}

/** Mean and the half-width of its 95 % confidence interval (null for one value). */
export function meanAndInterval(values: readonly number[]): { mean: number; ci95: number | null } {
  const n = values.length;
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  if (n < 2) return { mean, ci95: null };
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  return { mean, ci95: (t95(n - 1) * Math.sqrt(variance)) / Math.sqrt(n) };
}

type NumericColumn = Exclude<(typeof METRIC_COLUMNS)[number], 'bottleneck' | 'streamIntact'>;

/**
 * With `--seeds`: after the swept paths, `seeds` (how many), then for every numeric metric
 * its mean and `<metric>Ci95` (half-width of the 95 % t-interval over the seeds), the
 * bottleneck most seeds named and the share that named it, and whether every stream of
 * every seed arrived intact.
 */
export function replicatedHeader(paths: readonly string[]): string {
  const columns: string[] = [...paths, 'seeds'];
  for (const column of METRIC_COLUMNS) {
    if (column === 'bottleneck') columns.push('bottleneck', 'bottleneckAgreement');
    else if (column === 'streamIntact') columns.push('streamIntact');
    else columns.push(column, `${column}Ci95`);
  }
  return csvRow(columns);
}

export function replicatedRow(texts: readonly string[], runs: readonly SweepMetrics[]): string {
  const cells: CsvCell[] = [...texts, runs.length];
  for (const column of METRIC_COLUMNS) {
    if (column === 'bottleneck') {
      const [verdict, share] = mostCommon(runs.map((r) => r.bottleneck));
      cells.push(verdict, share);
    } else if (column === 'streamIntact') {
      const known = runs.map((r) => r.streamIntact).filter((v): v is boolean => v !== null);
      cells.push(known.length === 0 ? null : known.every(Boolean));
    } else {
      const values = runs
        .map((r) => r[column as NumericColumn])
        .filter((v): v is number => v !== null);
      if (values.length === 0) cells.push(null, null);
      else {
        const { mean, ci95 } = meanAndInterval(values);
        cells.push(mean, ci95);
      }
    }
  }
  return csvRow(cells);
}

/** The verdict most runs gave (the earliest seed's on a tie) and the share that gave it. */
function mostCommon(verdicts: readonly (Bottleneck | null)[]): [Bottleneck | null, number] {
  const counts = new Map<Bottleneck | null, number>();
  for (const v of verdicts) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: Bottleneck | null = verdicts[0] ?? null;
  for (const v of verdicts) if ((counts.get(v) ?? 0) > (counts.get(best) ?? 0)) best = v;
  return [best, (counts.get(best) ?? 0) / verdicts.length];
}

// ---------------------------------------------------------------------------------------
// sweep-merge

/** One part file as read: its name and text. */
export interface PartFile {
  name: string;
  text: string;
}

/** Splits CSV text into lines, keeping each line's CRLF (quoted fields never hold one here). */
function lines(text: string): string[] {
  return text.split(/(?<=\r\n)/).filter((line) => line.length > 0);
}

/**
 * The whole grid's CSV from its parts: every part of the same grid, each point exactly
 * once, all points present. Throws `InputError` naming the file and the problem.
 */
export function mergeParts(parts: readonly PartFile[]): string {
  if (parts.length === 0) throw new UsageError('sweep-merge: needs at least one PART.csv');
  let header: string | null = null;
  let grid: string | null = null;
  let points = -1;
  const rows = new Map<number, { text: string; from: string }>();
  for (const part of parts) {
    const [first, ...body] = lines(part.text);
    const prefix = `${PART_COLUMNS.join(',')},`;
    if (first === undefined || !first.startsWith(prefix)) {
      throw new InputError(
        `${part.name}: not a sweep part (its header must start with ${PART_COLUMNS.join(',')}; write parts with sweep --shard K/N)`,
      );
    }
    const rest = first.slice(prefix.length);
    if (header !== null && rest !== header) {
      throw new InputError(
        `${part.name}: its columns differ from ${parts[0]!.name}'s: not the same sweep`,
      );
    }
    header = rest;
    for (const [i, line] of body.entries()) {
      const match = /^([0-9a-f]+),(\d+),(\d+),/.exec(line);
      if (match === null) {
        throw new InputError(`${part.name}: line ${i + 2} is not a part row (grid,point,points,…)`);
      }
      const [, id, pointText, pointsText] = match as unknown as [string, string, string, string];
      if (grid !== null && id !== grid) {
        throw new InputError(
          `${part.name}: line ${i + 2} belongs to grid ${id}, the other parts to grid ${grid}: parts of different sweeps`,
        );
      }
      grid = id;
      const total = Number(pointsText);
      if (points >= 0 && total !== points) {
        throw new InputError(
          `${part.name}: line ${i + 2} says the grid has ${total} points, not ${points}`,
        );
      }
      points = total;
      const point = Number(pointText);
      if (point >= total) {
        throw new InputError(
          `${part.name}: line ${i + 2} is point ${point} of a ${total}-point grid`,
        );
      }
      const seen = rows.get(point);
      if (seen !== undefined) {
        throw new InputError(
          `${part.name}: point ${point} is also in ${seen.from}: the same shard given twice, or overlapping shards`,
        );
      }
      rows.set(point, { text: line.slice(match[0].length), from: part.name });
    }
  }
  if (points < 0) throw new InputError('sweep-merge: the parts hold no rows');
  const missing: number[] = [];
  for (let i = 0; i < points && missing.length < 10; i++) if (!rows.has(i)) missing.push(i);
  if (missing.length > 0) {
    const more = points - rows.size > missing.length ? ', …' : '';
    throw new InputError(
      `sweep-merge: ${points - rows.size} of ${points} points missing (${missing.join(', ')}${more}): run the missing shards`,
    );
  }
  const ordered = [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row.text);
  return header! + ordered.join('');
}
