/**
 * `offload-lab sweep` (DESIGN.md §6, issue 6): the command line's own parts, `--set`
 * words into axes. The grid, the dotted paths and the CSV are shared with the browser's
 * sweep view (src/sim/metrics/sweep-grid.ts, sweep-table.ts), so both write the same
 * file for the same grid. cli.ts does the files and the runs.
 */
import {
  setPath as setSharedPath,
  SweepPathError,
  parseSweepValue,
  type SweepAxis,
  type SweepPoint,
  type SweepValue,
} from '../sim/metrics/sweep-grid.ts';
import type { Results } from '../sim/metrics/results.ts';
import { sweepCsvHeader, sweepCsvRow, sweepMetrics } from '../sim/metrics/sweep-table.ts';
import { UsageError } from './args.ts';

export {
  describePoint,
  expandGrid,
  parseSweepValue,
  type SweepAxis,
  type SweepPoint,
  type SweepValue,
} from '../sim/metrics/sweep-grid.ts';
export {
  METRIC_COLUMNS,
  csvField,
  csvRow,
  formatNumber,
  sweepMetrics,
  type MetricColumn,
} from '../sim/metrics/sweep-table.ts';

const SEGMENT = /^[A-Za-z_$][\w$]*$|^\d+$/;

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

/** The shared `setPath`, its errors as `UsageError`s naming the `--set` flag. */
export function setPath(document: unknown, path: string, value: SweepValue): unknown {
  try {
    return setSharedPath(document, path, value);
  } catch (error) {
    if (error instanceof SweepPathError) throw new UsageError(`--set ${error.message}`);
    throw error;
  }
}

export function csvHeader(axes: readonly SweepAxis[]): string {
  return sweepCsvHeader(axes.map((axis) => axis.path));
}

/** The swept values as typed, then the metrics. */
export function csvPointRow(point: SweepPoint, results: Results): string {
  return sweepCsvRow(
    point.map(({ text }) => text),
    sweepMetrics(results),
  );
}
