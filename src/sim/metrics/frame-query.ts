import { parseFrameFilter } from './frame-filter.ts';
import { emptyRecord, type FrameLog } from './frame-log.ts';
import { frameText, summarizeFrame, type FrameSummary } from './frame-summary.ts';

export interface FrameQueryResult {
  /** The newest `limit` matching frames, oldest first. */
  rows: FrameSummary[];
  /** Frames of the ring that match the filter. */
  matched: number;
  /** Frames in the ring. */
  kept: number;
  /** Frames captured on the port since t = 0. */
  seen: number;
  /** Why the filter was refused (then `rows` is empty and `matched` 0). */
  error: string | null;
}

/** Filters a port's whole ring and returns its newest matches (the packet list's query). */
export function queryFrames(
  log: FrameLog,
  port: number,
  filter: string,
  limit: number,
): FrameQueryResult {
  if (!Number.isInteger(port) || port < 0 || port >= log.ports) {
    return {
      rows: [],
      matched: 0,
      kept: 0,
      seen: 0,
      error: `no port ${port}: this scenario has ports 0–${log.ports - 1}`,
    };
  }
  const kept = log.kept(port);
  const seen = log.seen(port);
  const parsed = parseFrameFilter(filter);
  if (!parsed.ok) return { rows: [], matched: 0, kept, seen, error: parsed.error };
  const want = Math.max(0, Math.floor(limit));
  const rows: FrameSummary[] = [];
  if (parsed.empty) {
    for (let k = Math.max(0, kept - want); k < kept; k++) {
      rows.push(summarizeFrame(log.read(port, k)));
    }
    return { rows, matched: kept, kept, seen, error: null };
  }
  const record = emptyRecord();
  let text: string | null = null;
  const textOf = (): string => (text ??= frameText(summarizeFrame(record)));
  let matched = 0;
  for (let k = kept - 1; k >= 0; k--) {
    log.read(port, k, record);
    text = null;
    if (!parsed.test(record, textOf)) continue;
    matched++;
    if (rows.length < want) rows.push(summarizeFrame(record));
  }
  rows.reverse();
  return { rows, matched, kept, seen, error: null };
}
