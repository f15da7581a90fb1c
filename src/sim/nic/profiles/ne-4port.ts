import type { NicProfile } from './profile.ts';

const OWN = 'the card under design: its own parameter (DESIGN.md §6 default)';

/**
 * The card under design (DESIGN.md §2): a 4-port gigabit NIC that can do every
 * architecture. It sets nothing in the cost table: every cost row's default is its value.
 */
export const NE_4PORT: NicProfile = {
  id: 'ne-4port',
  name: 'NE-4port (the card under design)',
  driver: 'e1000-like (the model’s host driver)',
  confidence: 'medium',
  summary:
    'Four gigabit ports with checksum, TSO, a TCP engine, a flow table and card memory: every architecture. Its costs are the cost table’s defaults, sourced row by row.',
  busInterface: { value: 'pcix-533', basis: 'estimate', source: `${OWN}: runs any bus grade` },
  ports: { value: 4, basis: 'estimate', source: OWN },
  portSpeedMbps: { value: 1000, basis: 'estimate', source: OWN },
  portsPerChip: {
    value: 4,
    basis: 'estimate',
    source: `${OWN}: one chip, one PCI function per port`,
  },
  bridge: { value: false, basis: 'estimate', source: `${OWN}: no bridge` },
  capabilities: {
    checksum: { value: true, basis: 'estimate', source: OWN },
    tso: { value: true, basis: 'estimate', source: OWN },
    toe: { value: true, basis: 'estimate', source: OWN },
    placement: { value: true, basis: 'estimate', source: OWN },
  },
  engineMhz: { value: 500, basis: 'estimate', source: OWN },
  cardMemoryMB: { value: 64, basis: 'estimate', source: OWN },
  interruptScheme: {
    value: 'at most maxInterruptsPerSecond per port (8254x-style ITR)',
    basis: 'datasheet',
    source:
      '8254x manual (Interrupt Throttling Register), as the cost table’s maxInterruptsPerSecond',
  },
  costs: {},
  notModelled: [],
};
