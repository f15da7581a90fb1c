import type { StateCreator } from 'zustand';
import type { WorkerFailure } from './worker-client.ts';
import type { LabDeps, LabState } from './store-types.ts';

export type WorkerHealth = 'starting' | 'running' | 'failed';

/** Whether the worker is alive, and what happened when it was not. */
export interface HealthSlice {
  health: WorkerHealth;
  failure: WorkerFailure | null;
  /** The worker answered (any message): it is running. */
  workerAlive(): void;
  workerFailed(failure: WorkerFailure): void;
  /** A new worker with the same scenario, speed and play state; nothing the user set is lost. */
  restart(): void;
}

export function createHealthSlice(deps: LabDeps): StateCreator<LabState, [], [], HealthSlice> {
  return (set, get) => ({
    health: 'starting',
    failure: null,
    workerAlive() {
      if (get().health !== 'running') set({ health: 'running', failure: null });
    },
    workerFailed(failure) {
      set({ health: 'failed', failure, runState: 'paused', achievedSpeed: null, pending: null });
    },
    restart() {
      set({ health: 'starting', failure: null });
      deps.connect();
    },
  });
}
