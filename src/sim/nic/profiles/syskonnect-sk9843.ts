import type { NicProfile } from './profile.ts';

const INHERITED = 'not found: the card under design’s value stands in';

/** SysKonnect SK-9843 SK-NET GE-SX (GEnesis chip, XMAC II), driven by sk98lin: a 64-bit PCI card. */
export const SYSKONNECT_SK9843: NicProfile = {
  id: 'syskonnect-sk9843',
  name: 'SysKonnect SK-9843 (GEnesis, one port, 64-bit PCI)',
  driver: 'sk98lin',
  confidence: 'low',
  summary:
    'A PCI (not PCI-X) card: it holds the bus at 66 MHz PCI. No interrupt moderation by default, so an interrupt per event; no TSO.',
  busInterface: {
    value: 'pci-66',
    basis: 'estimate',
    source: 'SK-98xx cards are 64-bit/66 MHz PCI, not PCI-X (product line; not retrieved here)',
  },
  ports: { value: 1, basis: 'estimate', source: 'the SK-9843 is the single-port SX board' },
  portSpeedMbps: { value: 1000, basis: 'datasheet', source: '1000BASE-SX' },
  portsPerChip: {
    value: 1,
    basis: 'estimate',
    source: 'GEnesis drives up to two ports (SK-9844); the SK-9843 uses one',
  },
  bridge: { value: false, basis: 'estimate', source: 'one chip on the board' },
  capabilities: {
    checksum: {
      value: true,
      basis: 'estimate',
      source: 'sk98lin offloads TCP/UDP checksums (not confirmed in the source read)',
    },
    tso: { value: false, basis: 'driver', source: 'sk98lin (2.4) sets no NETIF_F_TSO' },
    toe: { value: false, basis: 'datasheet', source: 'no TCP offload engine' },
    placement: { value: false, basis: 'datasheet', source: 'no header/data split or flow table' },
  },
  engineMhz: {
    value: 53.125,
    basis: 'driver',
    source: 'sk98lin skdrv2nd.h C_CLK_FREQ_GENESIS 53215000 (“53.125 MHz”): the chip clock',
  },
  cardMemoryMB: {
    value: 0,
    basis: 'estimate',
    source: 'on-board SRAM holds the FIFOs; no card memory the model uses',
  },
  interruptScheme: {
    value:
      'none by default (an interrupt per event); static or dynamic moderation at 2,000/s optional',
    basis: 'driver',
    source:
      'sk98lin skge.c GetConfiguration(): IntModTypeSelect = C_INT_MOD_NONE; C_INTS_PER_SEC_DEFAULT 2000 when moderation is on',
  },
  costs: {
    maxInterruptsPerSecond: {
      value: 10_000_000,
      basis: 'derived',
      source:
        'no moderation (C_INT_MOD_NONE): an interrupt per event; 10 M/s is the cost table’s ceiling, far above any frame rate here',
    },
    cardFrameCycles: { value: 100, basis: 'unconfirmed', source: INHERITED },
    descriptorBytes: { value: 16, basis: 'unconfirmed', source: INHERITED },
    rxDescriptorBytes: { value: 16, basis: 'unconfirmed', source: INHERITED },
    nicTxFifoBytes: { value: 16_384, basis: 'unconfirmed', source: INHERITED },
    nicRxFifoBytes: { value: 49_152, basis: 'unconfirmed', source: INHERITED },
  },
  notModelled: [
    'Dynamic interrupt moderation (off by default).',
    'The XMAC II’s own FIFOs between the MAC and the on-board SRAM.',
  ],
};
