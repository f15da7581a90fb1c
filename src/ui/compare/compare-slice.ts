import type { StateCreator } from 'zustand';
import type { Architecture } from '../../protocol/scenario.ts';
import type { LabState } from '../state/store-types.ts';

/** The most and fewest architectures compared at once (issue 6). */
export const COMPARE_MIN = 2;
export const COMPARE_MAX = 5;

/** What the compare view runs: the lab's scenario under each of these architectures. */
export interface CompareParams {
  architectures: Architecture[];
  /** The architecture the difference view subtracts; one of `architectures`. */
  baseline: Architecture;
}

export const DEFAULT_COMPARE: CompareParams = {
  architectures: ['host-stack', 'csum-tso', 'full-toe'],
  baseline: 'host-stack',
};

export interface CompareSlice {
  compare: CompareParams;
  setCompare(params: CompareParams): void;
}

export const createCompareSlice: StateCreator<LabState, [], [], CompareSlice> = (set) => ({
  compare: DEFAULT_COMPARE,
  setCompare(params) {
    set({ compare: params });
  },
});
