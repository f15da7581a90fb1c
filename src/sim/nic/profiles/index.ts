import type { CostKey } from '../../costs/cost-table.ts';
import { ALTEON_TIGON2 } from './alteon-tigon2.ts';
import { BROADCOM_BCM5701 } from './broadcom-bcm5701.ts';
import { CHELSIO_T110 } from './chelsio-t110.ts';
import { INTEL_82546 } from './intel-82546.ts';
import { INTEL_PRO10GBE } from './intel-pro10gbe.ts';
import { NE_4PORT } from './ne-4port.ts';
import { BUS_ORDER, PROFILE_NIC_FIELDS, type NicProfile, type ProfileBus } from './profile.ts';
import { SYSKONNECT_SK9843 } from './syskonnect-sk9843.ts';

export type { Confidence, NicProfile, ProfileBus, Sourced, ValueBasis } from './profile.ts';
export { PROFILE_NIC_FIELDS } from './profile.ts';

/** Every NIC profile, the card under design first (issue 13). */
export const NIC_PROFILE_IDS = [
  'ne-4port',
  'intel-82546',
  'broadcom-bcm5701',
  'syskonnect-sk9843',
  'alteon-tigon2',
  'intel-pro10gbe',
  'chelsio-t110',
] as const;
export type NicProfileId = (typeof NIC_PROFILE_IDS)[number];

export const NIC_PROFILES: { readonly [K in NicProfileId]: NicProfile } = {
  'ne-4port': NE_4PORT,
  'intel-82546': INTEL_82546,
  'broadcom-bcm5701': BROADCOM_BCM5701,
  'syskonnect-sk9843': SYSKONNECT_SK9843,
  'alteon-tigon2': ALTEON_TIGON2,
  'intel-pro10gbe': INTEL_PRO10GBE,
  'chelsio-t110': CHELSIO_T110,
};

/** The architectures DESIGN.md §2 defines, in its order (kept here to avoid a cycle with the schema). */
type Architecture = 'host-stack' | 'csum-tso' | 'full-toe' | 'card-window' | 'rx-direct-placement';

/** What each architecture needs of the card, and the words for what is missing. */
function missingFor(profile: NicProfile, architecture: Architecture): string | null {
  const c = profile.capabilities;
  switch (architecture) {
    case 'host-stack':
      return null;
    case 'csum-tso':
      if (!c.checksum.value) return 'no checksum offload';
      return c.tso.value ? null : 'no TCP segmentation offload (TSO)';
    case 'full-toe':
      return c.toe.value ? null : 'no TCP offload engine';
    case 'card-window':
    case 'rx-direct-placement':
      return c.placement.value ? null : 'no header/data split, flow table or card window';
  }
}

const ARCHITECTURE_ORDER: readonly Architecture[] = [
  'host-stack',
  'csum-tso',
  'full-toe',
  'card-window',
  'rx-direct-placement',
];

/** The architectures a card can run. */
export function architecturesOf(profile: NicProfile): Architecture[] {
  return ARCHITECTURE_ORDER.filter((a) => missingFor(profile, a) === null);
}

/**
 * Why the card cannot run the architecture (one message naming both), or null when it can.
 */
export function refusal(profile: NicProfile, architecture: Architecture): string | null {
  const missing = missingFor(profile, architecture);
  if (missing === null) return null;
  return `${architecture} cannot run on nic.profile ${profile.id} (${profile.name}): it has ${missing}; it can run ${architecturesOf(profile).join(', ')}`;
}

/** The bus grade the card runs: the slower of the slot's and the card's own interface. */
export function busGradeOf(profile: NicProfile, slot: ProfileBus): ProfileBus {
  const card = profile.busInterface.value;
  return BUS_ORDER.indexOf(card) < BUS_ORDER.indexOf(slot) ? card : slot;
}

/** The cost-table rows the card sets, as `costs` overrides. */
export function profileCosts(profile: NicProfile): Partial<Record<CostKey, number>> {
  const out: Partial<Record<CostKey, number>> = {};
  for (const [key, v] of Object.entries(profile.costs)) {
    if (v !== undefined) out[key as CostKey] = v.value;
  }
  return out;
}

/** The `nic.*` values the card sets. */
export function profileNic(
  profile: NicProfile,
): Record<(typeof PROFILE_NIC_FIELDS)[number], number> {
  return {
    ports: profile.ports.value,
    portSpeedMbps: profile.portSpeedMbps.value,
    engineMhz: profile.engineMhz.value,
    cardMemoryMB: profile.cardMemoryMB.value,
  };
}

/**
 * The scenario's fields that override a value the card sets (they differ from it):
 * `nic.ports`, `costs.pciMmrbcBytes`, … in that order.
 */
export function profileOverrides(
  profile: NicProfile,
  nic: Readonly<Record<(typeof PROFILE_NIC_FIELDS)[number], number>>,
  costs: Readonly<Partial<Record<CostKey, number>>>,
): string[] {
  const out: string[] = [];
  const own = profileNic(profile);
  for (const field of PROFILE_NIC_FIELDS) {
    if (nic[field] !== own[field]) out.push(`nic.${field}`);
  }
  for (const [key, v] of Object.entries(profile.costs)) {
    const set = costs[key as CostKey];
    if (v !== undefined && set !== undefined && set !== v.value) out.push(`costs.${key}`);
  }
  return out;
}
