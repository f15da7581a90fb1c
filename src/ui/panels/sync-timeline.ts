import type { SyncStatus } from '../theme.ts';

export interface SyncSegment {
  /** Simulated time of the change, integer ns. */
  fromNs: number;
  status: SyncStatus;
}

export interface SyncSpan {
  fromNs: number;
  toNs: number;
  status: SyncStatus;
}

/**
 * Turns status changes into spans ending at the next change or at `nowNs`; changes after
 * `nowNs` and repeated statuses are dropped, so the strip shows each state once.
 */
export function timelineSpans(segments: readonly SyncSegment[], nowNs: number): SyncSpan[] {
  const spans: SyncSpan[] = [];
  for (const seg of segments) {
    if (seg.fromNs > nowNs) break;
    const last = spans[spans.length - 1];
    if (last && last.status === seg.status) continue;
    if (last) last.toNs = seg.fromNs;
    spans.push({ fromNs: seg.fromNs, toNs: nowNs, status: seg.status });
  }
  return spans;
}
