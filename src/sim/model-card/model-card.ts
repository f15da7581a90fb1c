import { COST_KEYS, COST_TABLE, type CostKey, type CostParameter } from '../costs/cost-table.ts';
import { NIC_PROFILE_IDS, NIC_PROFILES, architecturesOf } from '../nic/profiles/index.ts';
import type { NicProfile, Sourced } from '../nic/profiles/index.ts';
import { CHECKS, type Check, type Measurement } from './checks.ts';

/**
 * The model card's content as data (issue 13), for docs/MODEL.md (markdown.ts) and the
 * app's Model view alike, so the two cannot say different things: every parameter with
 * its default, unit, basis and source; every NIC profile value with its source; the
 * calibrations and validations with the model's values beside the published ones; and
 * what is not modelled.
 */

/** A parameter's basis in the card's words: measured, datasheet, fitted to X, estimate… */
export function basisText(p: CostParameter): string {
  switch (p.basis) {
    case 'verified':
      return 'datasheet / driver';
    case 'fitted': {
      const to = /fitted to (R\d)/.exec(p.source);
      return to ? `fitted to ${to[1]}` : 'fitted';
    }
    case 'estimate':
      return 'estimate';
    case 'derived':
      return 'derived';
    case 'what-if':
      return 'what-if knob';
  }
}

export interface ParameterRow {
  key: CostKey;
  default: number;
  unit: string;
  basis: string;
  source: string;
  description: string;
}

export function parameterRows(): ParameterRow[] {
  return COST_KEYS.map((key) => {
    const p: CostParameter = COST_TABLE[key];
    return {
      key,
      default: p.default,
      unit: p.unit,
      basis: basisText(p),
      source: p.source,
      description: p.description,
    };
  });
}

export interface ProfileRow {
  field: string;
  value: string;
  basis: string;
  source: string;
}

function row(field: string, v: Sourced<unknown>): ProfileRow {
  return { field, value: String(v.value), basis: v.basis, source: v.source };
}

/** Every value a profile sets, in the order a reader looks for them. */
export function profileRows(p: NicProfile): ProfileRow[] {
  const c = p.capabilities;
  return [
    row('bus interface', p.busInterface),
    row('nic.ports', p.ports),
    row('nic.portSpeedMbps', p.portSpeedMbps),
    row('ports per chip', p.portsPerChip),
    row('PCI-X bridge', p.bridge),
    row('checksum offload', c.checksum),
    row('TSO', c.tso),
    row('TCP offload engine', c.toe),
    row('header split / card window', c.placement),
    row('nic.engineMhz', p.engineMhz),
    row('nic.cardMemoryMB', p.cardMemoryMB),
    row('interrupt moderation', p.interruptScheme),
    ...Object.entries(p.costs).map(([key, v]) => row(`costs.${key}`, v!)),
  ];
}

export interface CardProfile {
  profile: NicProfile;
  architectures: string[];
  rows: ProfileRow[];
}

export function cardProfiles(): CardProfile[] {
  return NIC_PROFILE_IDS.map((id) => {
    const profile = NIC_PROFILES[id];
    return { profile, architectures: architecturesOf(profile), rows: profileRows(profile) };
  });
}

export interface CheckRow {
  check: Check;
  measured: Measurement | null;
  /** The command that reproduces the check's first scenario (saved as check-<id>.json). */
  command: string;
}

export function checkRows(
  kind: Check['kind'],
  measured: Readonly<Record<string, Measurement>>,
): CheckRow[] {
  return CHECKS.filter((c) => c.kind === kind).map((check) => ({
    check,
    measured: measured[check.id] ?? null,
    command: `npx offload-lab run check-${check.id}.json`,
  }));
}

/** The verdict column: pass, outside, or not confirmed. */
export function verdictText(r: CheckRow): string {
  if (!r.check.confirmed) return 'not confirmed';
  if (r.measured === null) return 'not measured';
  return r.measured.pass ? 'within' : 'OUTSIDE';
}

/** What the model leaves out, whatever the card (each card adds its own list). */
export const NOT_MODELLED: readonly string[] = [
  'Caches: every copy, DMA and descriptor touch misses (a reused user buffer that stays cached is not modelled), and lines start aligned (NET_IP_ALIGN’s two-byte shift is not modelled).',
  'The host’s scheduler beyond a fixed placement: port p’s interrupts on core p mod cores, applications first on the cores the interrupts leave free.',
  'NAPI and softirq deferral: received frames are handled in the interrupt’s job.',
  'The PCI-X bridge’s own forwarding latency and the card’s secondary bus as a resource (a bridged board adds only the completion’s second crossing).',
  'Descriptor prefetch ahead of need, and transmit descriptor write-back batching: descriptors are fetched with their packet and written back one per packet.',
  'The link peers’ costs: they run the same TCP without CPU, bus or card limits.',
  'Sources read only as abstracts (V1, V3, V4, V5) and the 8254x manual’s 250 MB/s (V2) are marked as such beside their checks.',
];

/** Each parameter's dependants: the charts whose info button links to it. */
export const CHART_PARAMETERS: Readonly<Record<string, readonly CostKey[]>> = {
  throughput: ['maxInterruptsPerSecond', 'txDescriptors', 'rxDescriptors', 'nicRxFifoBytes'],
  copies: [
    'cacheLineBytes',
    'copyTxCyclesPerByte',
    'copyRxCyclesPerByte',
    'descriptorBytes',
    'rxDescriptorBytes',
  ],
  cpu: [
    'copyTxCyclesPerByte',
    'copyRxCyclesPerByte',
    'txPerPacketCycles',
    'rxPerPacketCycles',
    'ackRxCycles',
    'ackTxCycles',
    'interruptCycles',
    'maxInterruptsPerSecond',
  ],
  window: ['txqueuelenLinux24', 'txDescriptors', 'nicTxFifoBytes'],
  buses: [
    'pciMmrbcBytes',
    'pciOutstandingReads',
    'pciReadLatencyNs',
    'pciReadOverheadClocks',
    'pciWriteOverheadClocks',
    'memoryBusSustainedFraction',
    'cacheLineBytes',
    'cardFrameCycles',
    'toeSegmentCycles',
    'toeAckCycles',
  ],
};
