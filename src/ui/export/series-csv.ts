import type { SeriesInfo } from '../../protocol/messages.ts';

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Every series of the session as CSV: a header `time_s,<id> [<unit>],…` and one row per
 * sample, time in simulated seconds (to the nanosecond), an empty field where a series
 * has no value.
 */
export function seriesCsv(
  series: readonly Pick<SeriesInfo, 'id' | 'unit'>[],
  t: ArrayLike<number>,
  values: readonly ArrayLike<number>[],
  length: number,
): string {
  const header = ['time_s', ...series.map((s) => field(s.unit ? `${s.id} [${s.unit}]` : s.id))];
  const lines = [header.join(',')];
  for (let r = 0; r < length; r++) {
    const row = [t[r]!.toFixed(9)];
    for (const column of values) {
      const v = column[r]!;
      row.push(Number.isFinite(v) ? String(v) : '');
    }
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}
