import {
  sweepCsv,
  type SweepFigures,
  type SweepMetrics,
  type SweepTableRow,
} from '../../protocol/sweep-messages.ts';
import type { SweepPlan } from './sweep-plan.ts';

/**
 * One sweep as it runs (issue 6): each point's state, simulated time done and figures.
 * Pure transitions, so the store only applies them and tests need no workers. Arrays are
 * replaced, never changed in place: `outcomes` changes only when a point finishes, so the
 * chart and the table redraw per point, not per progress message.
 */

export type PointState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type RunStatus = 'running' | 'done' | 'cancelled';

export interface PointOutcome {
  metrics: SweepMetrics;
  figures: SweepFigures;
}

export interface SweepRun {
  id: number;
  plan: SweepPlan;
  workers: number;
  status: RunStatus;
  states: PointState[];
  /** Simulated ms done per point. */
  simulatedMs: number[];
  outcomes: (PointOutcome | null)[];
  /** Why a point failed. */
  errors: (string | null)[];
  /** Wall-clock ms (performance.now) when the sweep started and ended. */
  startedAt: number;
  endedAt: number | null;
}

export function startRun(id: number, plan: SweepPlan, workers: number, now: number): SweepRun {
  const n = plan.points.length;
  return {
    id,
    plan,
    workers,
    status: 'running',
    states: new Array<PointState>(n).fill('queued'),
    simulatedMs: new Array<number>(n).fill(0),
    outcomes: new Array<PointOutcome | null>(n).fill(null),
    errors: new Array<string | null>(n).fill(null),
    startedAt: now,
    endedAt: null,
  };
}

function replaced<T>(list: readonly T[], i: number, value: T): T[] {
  const copy = [...list];
  copy[i] = value;
  return copy;
}

export function pointStarted(run: SweepRun, job: number): SweepRun {
  return { ...run, states: replaced(run.states, job, 'running') };
}

export function pointProgress(run: SweepRun, job: number, simulatedMs: number): SweepRun {
  if (run.states[job] !== 'running') return run;
  const ms = Math.min(run.plan.durationMs, simulatedMs);
  return { ...run, simulatedMs: replaced(run.simulatedMs, job, ms) };
}

export function pointDone(run: SweepRun, job: number, outcome: PointOutcome): SweepRun {
  return {
    ...run,
    states: replaced(run.states, job, 'done'),
    simulatedMs: replaced(run.simulatedMs, job, run.plan.durationMs),
    outcomes: replaced(run.outcomes, job, outcome),
  };
}

/** A failed point counts as done for progress: its time will not be simulated. */
export function pointFailed(run: SweepRun, job: number, message: string): SweepRun {
  return {
    ...run,
    states: replaced(run.states, job, 'failed'),
    simulatedMs: replaced(run.simulatedMs, job, run.plan.durationMs),
    errors: replaced(run.errors, job, message),
  };
}

export function runFinished(run: SweepRun, now: number): SweepRun {
  return { ...run, status: 'done', endedAt: now };
}

/** Finished points stay; every other point is cancelled, its partial progress kept as it was. */
export function runCancelled(run: SweepRun, now: number): SweepRun {
  return {
    ...run,
    status: 'cancelled',
    endedAt: now,
    states: run.states.map((s) => (s === 'done' || s === 'failed' ? s : 'cancelled')),
  };
}

export interface RunProgress {
  /** Points done (with figures). */
  done: number;
  failed: number;
  total: number;
  /** Simulated time done over simulated time of the whole sweep, 0–1. */
  fraction: number;
}

export function runProgress(run: SweepRun): RunProgress {
  const total = run.plan.points.length;
  const all = total * run.plan.durationMs;
  const simulated = run.simulatedMs.reduce((sum, ms) => sum + ms, 0);
  return {
    done: run.states.filter((s) => s === 'done').length,
    failed: run.states.filter((s) => s === 'failed').length,
    total,
    fraction: all > 0 ? Math.min(1, simulated / all) : 1,
  };
}

/** "7 of 12 runs · 58 %" */
export function progressText(progress: RunProgress): string {
  const percent = Math.floor(progress.fraction * 100);
  return `${progress.done} of ${progress.total} runs · ${percent} %`;
}

/** The finished points in grid order, as rows of the shared sweep table. */
export function finishedRows(run: SweepRun): SweepTableRow[] {
  const rows: SweepTableRow[] = [];
  run.plan.points.forEach((point, i) => {
    const outcome = run.outcomes[i];
    if (outcome) rows.push({ texts: [point.text, point.architecture], metrics: outcome.metrics });
  });
  return rows;
}

/** The CSV `offload-lab sweep` writes for the same grid (finished points only). */
export function runCsv(run: SweepRun): string {
  return sweepCsv(run.plan.paths, finishedRows(run));
}
