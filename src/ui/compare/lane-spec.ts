import type { NicProfileId } from '../../protocol/model-card.ts';
import type { Architecture, ScenarioInput } from '../../protocol/scenario.ts';
import { ARCHITECTURE_COLORS, PROFILE_COLORS } from '../theme.ts';

/**
 * What one lane of a comparison runs (issue 6, issue 13): the lab's scenario under one
 * architecture, or under the lab's architecture on one card (NIC profile).
 */
export interface LaneSpec {
  /** Unique in a comparison: the architecture or the profile id. */
  id: string;
  label: string;
  color: string;
  architecture: Architecture;
  /** The card this lane runs, or null to keep the scenario's own. */
  profile: NicProfileId | null;
}

export function architectureLane(architecture: Architecture): LaneSpec {
  return {
    id: architecture,
    label: architecture,
    color: ARCHITECTURE_COLORS[architecture],
    architecture,
    profile: null,
  };
}

export function profileLane(profile: NicProfileId, architecture: Architecture): LaneSpec {
  return { id: profile, label: profile, color: PROFILE_COLORS[profile], architecture, profile };
}

/** The `nic.*` fields a card sets: a card lane runs the card as it comes, not the lab's values. */
const CARD_FIELDS = ['ports', 'portSpeedMbps', 'engineMhz', 'cardMemoryMB'] as const;

/**
 * The scenario a lane runs: the architecture replaced; on a card lane, `nic.profile` set and
 * the fields the card sets (ports, speed, engine, card memory) left to the card. The rest —
 * host, bus, link, TCP, workload, costs, events — stays the lab's.
 */
export function laneScenario(scenario: ScenarioInput, spec: LaneSpec): ScenarioInput {
  if (spec.profile === null) return { ...scenario, architecture: spec.architecture };
  const nic: Record<string, unknown> = { ...(scenario.nic ?? {}), profile: spec.profile };
  for (const f of CARD_FIELDS) delete nic[f];
  return { ...scenario, architecture: spec.architecture, nic: nic as ScenarioInput['nic'] };
}
