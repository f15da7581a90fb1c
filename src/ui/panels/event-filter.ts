/** One line of the event log (results JSON `log`, DESIGN.md §6). */
export interface LogEntry {
  /** Simulated time, integer ns. */
  timeNs: number;
  kind: string;
  /** NIC port the event concerns; null or negative for none. */
  port: number | null;
  text: string;
}

export interface LogFilter {
  /** '' = every kind. */
  kind: string;
  /** null = every port. */
  port: number | null;
  /** Case-insensitive substring of the kind or text; '' = no text filter. */
  text: string;
}

export const NO_FILTER: LogFilter = { kind: '', port: null, text: '' };

export function matchesFilter(e: LogEntry, f: LogFilter): boolean {
  if (f.kind !== '' && e.kind !== f.kind) return false;
  if (f.port !== null && e.port !== f.port) return false;
  if (f.text !== '') {
    const needle = f.text.toLowerCase();
    if (!e.text.toLowerCase().includes(needle) && !e.kind.toLowerCase().includes(needle)) {
      return false;
    }
  }
  return true;
}

/**
 * The entries that pass the filter, at most `limit` of them (the newest), oldest first;
 * `matched` counts all that passed, so the panel can say how many it left out.
 */
export function filterLog(
  entries: readonly LogEntry[],
  f: LogFilter,
  limit: number,
): { shown: LogEntry[]; matched: number } {
  const shown: LogEntry[] = [];
  let matched = 0;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i] as LogEntry;
    if (!matchesFilter(e, f)) continue;
    matched++;
    if (shown.length < limit) shown.push(e);
  }
  shown.reverse();
  return { shown, matched };
}

/** Distinct kinds and ports, sorted, for the filter pickers. */
export function logFacets(entries: readonly LogEntry[]): { kinds: string[]; ports: number[] } {
  const kinds = new Set<string>();
  const ports = new Set<number>();
  for (const e of entries) {
    kinds.add(e.kind);
    if (e.port !== null && e.port >= 0) ports.add(e.port);
  }
  return { kinds: [...kinds].sort(), ports: [...ports].sort((a, b) => a - b) };
}
