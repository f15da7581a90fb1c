import type { StateCreator } from 'zustand';
import type { Speed } from '../../protocol/messages.ts';
import { NIC_PROFILE_IDS, type NicProfileId } from '../../protocol/model-card.ts';
import type { Architecture } from '../../protocol/scenario.ts';
import { ARCHITECTURE_IDS } from '../theme.ts';
import type { LabState } from '../state/store-types.ts';

/** The most and fewest architectures compared at once (issue 6). */
export const COMPARE_MIN = 2;
export const COMPARE_MAX = 5;

/** What the lanes differ by: the architecture, or the card (NIC profile, issue 13). */
export type CompareBy = 'architecture' | 'card';

/**
 * What the compare view runs: the lab's scenario under each of these architectures, or
 * under the lab's architecture on each of these cards.
 */
export interface CompareParams {
  by: CompareBy;
  architectures: Architecture[];
  profiles: NicProfileId[];
  /** The lane the difference view subtracts: one of `architectures` or of `profiles`. */
  baseline: string;
}

export const DEFAULT_COMPARE: CompareParams = {
  by: 'architecture',
  architectures: ['host-stack', 'csum-tso', 'full-toe'],
  profiles: ['ne-4port', 'intel-82546', 'broadcom-bcm5701'],
  baseline: 'host-stack',
};

/** The compared lanes' ids, in order. */
export function laneIds(params: CompareParams): readonly string[] {
  return params.by === 'card' ? params.profiles : params.architectures;
}

/** Lanes by architecture or by card; the baseline becomes the first lane of the new set. */
export function withCompareBy(params: CompareParams, by: CompareBy): CompareParams {
  if (by === params.by) return params;
  const next = { ...params, by };
  return { ...next, baseline: laneIds(next)[0] ?? params.baseline };
}

/** Ticks or unticks one card, as withArchitecture does an architecture. */
export function withProfile(params: CompareParams, id: NicProfileId, on: boolean): CompareParams {
  const chosen = new Set(params.profiles);
  if (on) chosen.add(id);
  else chosen.delete(id);
  if (chosen.size > COMPARE_MAX) return params;
  const profiles = NIC_PROFILE_IDS.filter((p) => chosen.has(p));
  const baseline =
    params.by !== 'card' || chosen.has(params.baseline as NicProfileId)
      ? params.baseline
      : (profiles[0] ?? params.baseline);
  return { ...params, profiles, baseline };
}

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
  const baseline =
    params.by !== 'architecture' || chosen.has(params.baseline as Architecture)
      ? params.baseline
      : (architectures[0] ?? params.baseline);
  return { ...params, architectures, baseline };
}

/** The baseline, when it is one of the compared lanes; otherwise unchanged. */
export function withBaseline(params: CompareParams, baseline: string): CompareParams {
  return laneIds(params).includes(baseline) ? { ...params, baseline } : params;
}

export interface CompareSlice {
  compare: CompareParams;
  /** How fast the compare clock drives its lanes (simulated s per wall s, or 'max'). */
  compareSpeed: Speed;
  /** The difference view: lanes minus the baseline, in charts and in the summary table. */
  compareDifference: boolean;
  setCompare(params: CompareParams): void;
  toggleCompareArchitecture(id: Architecture, on: boolean): void;
  toggleCompareProfile(id: NicProfileId, on: boolean): void;
  setCompareBy(by: CompareBy): void;
  setCompareBaseline(id: string): void;
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
  toggleCompareProfile(id, on) {
    const next = withProfile(get().compare, id, on);
    if (next !== get().compare) set({ compare: next });
  },
  setCompareBy(by) {
    const next = withCompareBy(get().compare, by);
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
