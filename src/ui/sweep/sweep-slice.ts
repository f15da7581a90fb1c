import type { StateCreator } from 'zustand';
import type { LabState } from '../state/store-types.ts';
import { DEFAULT_SWEEP, type SweepParams } from './sweep-parameters.ts';
import { planSweep } from './sweep-plan.ts';
import { poolSize, SweepPool, type SweepWorkerFactory } from './sweep-pool.ts';
import {
  pointDone,
  pointFailed,
  pointProgress,
  pointStarted,
  runCancelled,
  runFinished,
  startRun,
  type SweepRun,
} from './sweep-run.ts';
import { createSweepWorker } from './sweep-workers.ts';

export {
  DEFAULT_SWEEP,
  SWEEP_PARAMETERS,
  sweepParameter,
  type SweepParameter,
  type SweepParams,
} from './sweep-parameters.ts';

/**
 * The sweep view's state (issue 6): the form (`sweep`, carried in the URL) and the sweep
 * that runs or ran (`sweepRun`, not carried: a link reopens the form, not its results).
 * The workers belong to this slice's pool and to nothing else.
 */
export interface SweepSlice {
  sweep: SweepParams;
  setSweep(params: SweepParams): void;
  sweepRun: SweepRun | null;
  /** Why the last "Run sweep" did not start (one message naming the field), or null. */
  sweepProblem: string | null;
  /** Validates every point of the lab's scenario × the form, then runs them in workers. */
  runSweep(): void;
  /** Terminates the workers; finished points stay. */
  cancelSweep(): void;
}

/** The page's clock for "took 8.3 s"; the simulator never sees it. */
const wallClock = () => performance.now();

export function createSweepSliceWith(
  factory: SweepWorkerFactory,
  cores: () => number | undefined,
): StateCreator<LabState, [], [], SweepSlice> {
  return (set, get) => {
    let pool: SweepPool | null = null;
    let runs = 0;

    /** Applies a transition to the run with this id (a cancelled run's stragglers are dropped). */
    const update = (id: number, change: (run: SweepRun) => SweepRun) => {
      const run = get().sweepRun;
      if (run && run.id === id) set({ sweepRun: change(run) });
    };

    return {
      sweep: DEFAULT_SWEEP,
      sweepRun: null,
      sweepProblem: null,
      setSweep(params) {
        set({ sweep: params, sweepProblem: null });
      },
      runSweep() {
        if (get().sweepRun?.status === 'running') return;
        const planned = planSweep(get().input, get().sweep);
        if (!planned.ok) {
          set({ sweepProblem: planned.message });
          return;
        }
        const { plan } = planned;
        const id = ++runs;
        const workers = poolSize(cores(), plan.points.length);
        set({ sweepProblem: null, sweepRun: startRun(id, plan, workers, wallClock()) });
        pool = new SweepPool(
          plan.points.map((p) => p.scenario),
          workers,
          factory,
          {
            started: (job) => update(id, (run) => pointStarted(run, job)),
            progress: (job, ms) => update(id, (run) => pointProgress(run, job, ms)),
            done: (job, metrics, figures) =>
              update(id, (run) => pointDone(run, job, { metrics, figures })),
            failed: (job, message) => update(id, (run) => pointFailed(run, job, message)),
            finished: () => {
              pool = null;
              update(id, (run) => runFinished(run, wallClock()));
            },
          },
        );
        pool.start();
      },
      cancelSweep() {
        const run = get().sweepRun;
        if (!run || run.status !== 'running') return;
        pool?.cancel();
        pool = null;
        set({ sweepRun: runCancelled(run, wallClock()) });
      },
    };
  };
}

export const createSweepSlice: StateCreator<LabState, [], [], SweepSlice> = createSweepSliceWith(
  createSweepWorker,
  () => globalThis.navigator?.hardwareConcurrency,
);
