import type { StateCreator } from 'zustand';
import type { Speed } from '../../protocol/messages.ts';
import type { Architecture } from '../../protocol/scenario.ts';
import { ARCHITECTURE_IDS } from '../theme.ts';
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

/**
 * Ticks or unticks one architecture. The set keeps the presets' order (so lanes, legends
 * and table rows never reshuffle), never grows past COMPARE_MAX, and may shrink below
 * COMPARE_MIN (the view then says why nothing runs). A baseline that leaves the set is
 * replaced by the first architecture left.
 */
export function withArchitecture(
  params: CompareParams,
  id: Architecture,
  on: boolean,
): CompareParams {
  const chosen = new Set(params.architectures);
  if (on) chosen.add(id);
  else chosen.delete(id);
  if (chosen.size > COMPARE_MAX) return params;
  const architectures = ARCHITECTURE_IDS.filter((a) => chosen.has(a));
  const baseline = chosen.has(params.baseline)
    ? params.baseline
    : (architectures[0] ?? params.baseline);
  return { architectures, baseline };
}

/** The baseline, when it is one of the compared architectures; otherwise unchanged. */
export function withBaseline(params: CompareParams, baseline: Architecture): CompareParams {
  return params.architectures.includes(baseline) ? { ...params, baseline } : params;
}

export interface CompareSlice {
  compare: CompareParams;
  /** How fast the compare clock drives its lanes (simulated s per wall s, or 'max'). */
  compareSpeed: Speed;
  /** The difference view: lanes minus the baseline, in charts and in the summary table. */
  compareDifference: boolean;
  setCompare(params: CompareParams): void;
  toggleCompareArchitecture(id: Architecture, on: boolean): void;
  setCompareBaseline(id: Architecture): void;
  setCompareSpeed(speed: Speed): void;
  setCompareDifference(on: boolean): void;
}

export const createCompareSlice: StateCreator<LabState, [], [], CompareSlice> = (set, get) => ({
  compare: DEFAULT_COMPARE,
  compareSpeed: 'max',
  compareDifference: false,
  setCompare(params) {
    set({ compare: params });
  },
  toggleCompareArchitecture(id, on) {
    const next = withArchitecture(get().compare, id, on);
    if (next !== get().compare) set({ compare: next });
  },
  setCompareBaseline(id) {
    const next = withBaseline(get().compare, id);
    if (next !== get().compare) set({ compare: next });
  },
  setCompareSpeed(speed) {
    set({ compareSpeed: speed });
  },
  setCompareDifference(on) {
    set({ compareDifference: on });
  },
});
