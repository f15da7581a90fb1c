import type { Bottleneck, Results } from './results.ts';

/**
 * One sweep point as a table row (DESIGN.md §6, issue 6): the figures a sweep reports per
 * point and their CSV text. The command line (`offload-lab sweep`) and the browser's sweep
 * view both write their CSV with these functions, so the same grid gives the same file.
 * Nothing here depends on how long a run took: `wallMs` is deliberately not a column.
 */

/** A point's figures; null where the model has no measurement (an empty CSV cell). */
export interface SweepMetrics {
  /** Payload delivered in order, tx + rx over all ports, second half of the run. */
  goodputMbps: number;
  cpuUtilization: number | null;
  cyclesPerPayloadByte: number | null;
  cpuCopiesPerByte: number | null;
  memoryBusBytesPerByte: number | null;
  pciBytesPerByte: number | null;
  pciUtilization: number | null;
  memoryBusUtilization: number | null;
  engineUtilization: number | null;
  cardMemoryPeakBytes: number | null;
  bottleneck: Bottleneck | null;
  /** Every connection delivered exactly the bytes written; null without connections. */
  streamIntact: boolean | null;
}

export type MetricColumn = keyof SweepMetrics;

/** The metric columns, after the swept paths, in CSV order. */
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
] as const satisfies readonly MetricColumn[];

// Every field of SweepMetrics is a column (a compile error names a missing one).
type Missing = Exclude<MetricColumn, (typeof METRIC_COLUMNS)[number]>;
const allColumns: [Missing] extends [never] ? true : Missing = true;
void allColumns;

export type CsvCell = number | string | boolean | null;

/** One point's metrics from its results JSON. */
export function sweepMetrics(results: Results): SweepMetrics {
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
export function csvField(value: CsvCell): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? formatNumber(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 rows end in CRLF. */
export function csvRow(fields: readonly CsvCell[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** The swept paths (in `--set` order), then the metric columns. */
export function sweepCsvHeader(paths: readonly string[]): string {
  return csvRow([...paths, ...METRIC_COLUMNS]);
}

/** The swept values as typed (one per path), then the metrics. */
export function sweepCsvRow(texts: readonly string[], metrics: SweepMetrics): string {
  return csvRow([...texts, ...METRIC_COLUMNS.map((column) => metrics[column])]);
}

/** One finished point of a sweep: its values as typed and its figures. */
export interface SweepTableRow {
  texts: readonly string[];
  metrics: SweepMetrics;
}

/** The whole file: header, then one row per point in the order given. */
export function sweepCsv(paths: readonly string[], rows: readonly SweepTableRow[]): string {
  return sweepCsvHeader(paths) + rows.map((row) => sweepCsvRow(row.texts, row.metrics)).join('');
}
