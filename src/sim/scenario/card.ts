import { resolveCosts, type BusKind, type Costs } from '../costs/cost-table.ts';
import {
  NIC_PROFILES,
  busGradeOf,
  profileCosts,
  profileOverrides,
  type NicProfile,
} from '../nic/profiles/index.ts';
import type { Scenario } from './schema.ts';

/**
 * What a scenario's NIC profile (issue 13) makes of the machine: the cost table with the
 * card's rows and then the scenario's own `costs` applied, the bus grade the card runs,
 * and which of the card's values the scenario overrode.
 */

export function profileOf(scenario: Scenario): NicProfile {
  return NIC_PROFILES[scenario.nic.profile];
}

/** The cost table: defaults, then the card's rows, then the scenario's `costs`. */
export function scenarioCosts(scenario: Scenario): Costs {
  return resolveCosts({ ...profileCosts(profileOf(scenario)), ...scenario.costs });
}

/** The bus grade the run uses: a card slower than its slot holds the bus at its own grade. */
export function scenarioBusKind(scenario: Scenario): BusKind {
  return busGradeOf(profileOf(scenario), scenario.bus.kind);
}

/** The profile and overrides behind a run, for its results (`nic.profile`). */
export interface ProfileUse {
  id: Scenario['nic']['profile'];
  name: string;
  confidence: NicProfile['confidence'];
  /** Scenario fields that override a value the card sets (`nic.ports`, `costs.pciMmrbcBytes`…). */
  overrides: string[];
  /** The bus grade the run used (the slower of `bus.kind` and the card's interface). */
  busKind: BusKind;
}

export function profileUse(scenario: Scenario): ProfileUse {
  const profile = profileOf(scenario);
  return {
    id: scenario.nic.profile,
    name: profile.name,
    confidence: profile.confidence,
    overrides: profileOverrides(profile, scenario.nic, scenario.costs),
    busKind: scenarioBusKind(scenario),
  };
}
