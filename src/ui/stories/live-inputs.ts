import { useMemo } from 'react';
import type { SeriesColumn } from '../charts/series-source.ts';
import { seriesStore } from '../state/series-store.ts';
import { useLab } from '../state/store.ts';
import type { LiveInputs } from './bindings.ts';
import { DEFAULT_SETTLE_MS, type StoryStep } from './story-types.ts';

const columns = new Map<string, SeriesColumn>();

function columnFor(id: string): SeriesColumn {
  let column = columns.get(id);
  if (!column) {
    column = { id, label: id, unit: '', color: '#000' };
    columns.set(id, column);
  }
  return column;
}

/**
 * The named series summed row by row, averaged over the last `seconds` of simulated
 * time in the ring (NaN when the session lacks one of them or has no rows yet).
 */
export function windowMean(ids: readonly string[], seconds: number): number {
  const source = seriesStore.view(ids.map((id) => [id, columnFor(id)] as const));
  if (source.columns.length !== ids.length) return NaN;
  const w = source.read();
  if (w.length === 0) return NaN;
  const from = w.t[w.length - 1]! - seconds;
  let sum = 0;
  let rows = 0;
  for (let k = w.length - 1; k >= 0 && w.t[k]! > from; k--) {
    let row = 0;
    for (const values of w.values) row += values[k]!;
    if (!Number.isFinite(row)) continue;
    sum += row;
    rows++;
  }
  return rows > 0 ? sum / rows : NaN;
}

/** Whether the running session (or the one being started) is this scenario. */
export function isRunning(
  s: { input: unknown; pending: { input: unknown } | null },
  scenario: unknown,
): boolean {
  return JSON.stringify(s.pending?.input ?? s.input) === JSON.stringify(scenario);
}

/**
 * What a step's bindings read, re-rendering with each verdict (a few times a second).
 * While the lab runs anything but the step's own scenario — a load still on its way, or
 * a scenario the reader changed — every value waits: the text describes that scenario.
 */
export function useLiveInputs(step: StoryStep | undefined): {
  inputs: LiveInputs;
  current: boolean;
} {
  const verdict = useLab((s) => s.verdict);
  const arp = useLab((s) => s.arp);
  const log = useLab((s) => s.log);
  const reference = useLab((s) => s.reference);
  const scenario = useLab((s) => s.scenario);
  const loading = useLab((s) => s.pending !== null);
  const input = useLab((s) => s.input);
  const wanted = useMemo(() => (step ? JSON.stringify(step.scenario) : null), [step]);
  const current = !loading && wanted !== null && JSON.stringify(input) === wanted;
  const settleNs = (step?.settleMs ?? DEFAULT_SETTLE_MS) * 1e6;
  const inputs: LiveInputs = current
    ? {
        nowNs: Math.max(verdict?.toNs ?? 0, arp?.nowNs ?? 0),
        scenario,
        verdict,
        arp,
        log,
        windowMean,
        settleNs,
        reference,
      }
    : {
        nowNs: 0,
        scenario: null,
        verdict: null,
        arp: null,
        log: [],
        windowMean,
        settleNs,
        reference: null,
      };
  return { inputs, current };
}
