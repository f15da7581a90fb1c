/**
 * `offload-lab sweep` (DESIGN.md §6, issue 6): the pure parts. Expanding `--set`
 * axes into a grid of points, setting a dotted path on a scenario document, and
 * turning each point's results into one CSV row. cli.ts does the files and the runs.
 */
import type { Results } from '../sim/metrics/results.ts';
import { UsageError } from './args.ts';

export type SweepValue = number | string | boolean | null;

/** One `--set PATH=V1,V2,...`: the path and its values in the order given. */
export interface SweepAxis {
  path: string;
  /** The values as typed, for the CSV and progress lines. */
  texts: string[];
  values: SweepValue[];
}

/** One point of the grid: a value for every axis, in axis order. */
export type SweepPoint = { path: string; text: string; value: SweepValue }[];

const SEGMENT = /^[A-Za-z_$][\w$]*$|^\d+$/;

/** `"2.4"` → 2.4, `"true"` → true, `"null"` → null, anything else stays a string. */
export function parseSweepValue(text: string): SweepValue {
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed === 'null') return null;
  if (trimmed !== '' && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed)) {
    const value = Number(trimmed);
    if (Number.isFinite(value)) return value;
  }
  return trimmed;
}

/** Parses one `--set` word; throws `UsageError` naming what is wrong. */
export function parseSetFlag(text: string): SweepAxis {
  const equals = text.indexOf('=');
  if (equals <= 0) {
    throw new UsageError(`--set ${text}: expected PATH=V1,V2,... (e.g. host.cpuGhz=1.2,2.4)`);
  }
  const path = text.slice(0, equals).trim();
  const segments = path.split('.');
  if (segments.some((segment) => !SEGMENT.test(segment))) {
    throw new UsageError(`--set ${text}: "${path}" is not a dotted scenario path (e.g. nic.ports)`);
  }
  const texts = text
    .slice(equals + 1)
    .split(',')
    .map((value) => value.trim());
  if (texts.some((value) => value === '')) {
    throw new UsageError(`--set ${path}: empty value in "${text.slice(equals + 1)}"`);
  }
  return { path, texts, values: texts.map(parseSweepValue) };
}

/** Parses every `--set`; a path given twice is an error. */
export function parseSetFlags(texts: readonly string[]): SweepAxis[] {
  if (texts.length === 0) throw new UsageError('sweep: needs at least one --set PATH=V1,V2,...');
  const axes = texts.map(parseSetFlag);
  const seen = new Set<string>();
  for (const axis of axes) {
    if (seen.has(axis.path)) throw new UsageError(`--set ${axis.path}: given more than once`);
    seen.add(axis.path);
  }
  return axes;
}

/** The cross product; the last axis varies fastest (like nested loops in `--set` order). */
export function expandGrid(axes: readonly SweepAxis[]): SweepPoint[] {
  let points: SweepPoint[] = [[]];
  for (const axis of axes) {
    const next: SweepPoint[] = [];
    for (const point of points) {
      axis.values.forEach((value, i) => {
        next.push([...point, { path: axis.path, text: axis.texts[i] as string, value }]);
      });
    }
    points = next;
  }
  return points;
}

/** `host.cpuGhz=2.4 architecture=full-toe` */
export function describePoint(point: SweepPoint): string {
  return point.map(({ path, text }) => `${path}=${text}`).join(' ');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of `document` with `path` set to `value`; objects on the way that the
 * document omits are created (`costs.x` on `{ version: 1 }`). The input is not changed.
 * Throws `UsageError` when the path runs into something that is not an object.
 */
export function setPath(document: unknown, path: string, value: SweepValue): unknown {
  const segments = path.split('.');
  const root: unknown = structuredClone(document);
  if (!isPlainObject(root)) throw new UsageError(`--set ${path}: the scenario is not an object`);
  let node: Record<string, unknown> | unknown[] = root;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    const where = segments.slice(0, i).join('.') || 'the scenario';
    let key: string | number = segment;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(segment)) {
        throw new UsageError(
          `--set ${path}: ${where} is a list; expected an index, got ${segment}`,
        );
      }
      key = Number(segment);
    }
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    const child = container[key];
    if (child === undefined) {
      const created: Record<string, unknown> = {};
      container[key] = created;
      node = created;
    } else if (isPlainObject(child) || Array.isArray(child)) {
      node = child;
    } else {
      const at = segments.slice(0, i + 1).join('.');
      throw new UsageError(`--set ${path}: ${at} is not an object (got ${JSON.stringify(child)})`);
    }
  });
  return root;
}

/** The metric columns, after the swept paths. */
export const METRIC_COLUMNS = [
  'goodputMbps',
  'cpuUtilization',
  'cyclesPerPayloadByte',
  'cpuCopiesPerByte',
  'memoryBusBytesPerByte',
  'pciBytesPerByte',
  'pciUtilization',
  'memoryBusUtilization',
  'engineUtilization',
  'cardMemoryPeakBytes',
  'bottleneck',
  'streamIntact',
] as const;

export type MetricColumn = (typeof METRIC_COLUMNS)[number];

/** One point's metrics; null where the model has no measurement (an empty cell). */
export function sweepMetrics(
  results: Results,
): Record<MetricColumn, number | string | boolean | null> {
  const goodput = results.ports.reduce(
    (sum, port) => sum + port.txGoodputMbps + port.rxGoodputMbps,
    0,
  );
  return {
    goodputMbps: goodput,
    cpuUtilization: results.host?.cpuUtilization ?? null,
    cyclesPerPayloadByte: results.host?.cyclesPerPayloadByte ?? null,
    cpuCopiesPerByte: results.copies?.cpuCopiesPerByte ?? null,
    memoryBusBytesPerByte: results.copies?.memoryBusBytesPerByte ?? null,
    pciBytesPerByte: results.copies?.pciBytesPerByte ?? null,
    pciUtilization: results.bus?.utilization ?? null,
    memoryBusUtilization: results.host?.memoryBusUtilization ?? null,
    engineUtilization: results.nic?.engineUtilization ?? null,
    cardMemoryPeakBytes: results.nic?.cardMemoryPeakBytes ?? null,
    bottleneck: results.bottleneck,
    streamIntact:
      results.connections.length === 0
        ? null
        : results.connections.every((connection) => connection.streamIntact),
  };
}

/** Integers as they are; other numbers to 4 decimals without trailing zeros. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const fixed = value.toFixed(4).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled. */
export function csvField(value: number | string | boolean | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? formatNumber(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 rows end in CRLF. */
export function csvRow(fields: readonly (number | string | boolean | null)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function csvHeader(axes: readonly SweepAxis[]): string {
  return csvRow([...axes.map((axis) => axis.path), ...METRIC_COLUMNS]);
}

/** The swept values as typed, then the metrics. */
export function csvPointRow(point: SweepPoint, results: Results): string {
  const metrics = sweepMetrics(results);
  return csvRow([...point.map(({ text }) => text), ...METRIC_COLUMNS.map((c) => metrics[c])]);
}
