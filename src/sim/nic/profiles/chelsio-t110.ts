import type { NicProfile } from './profile.ts';

const INHERITED = 'not found: the card under design’s value stands in';
const CXGB = 'Linux cxgb driver notes, Documentation/networking/cxgb.txt (Chelsio N110/N210, 2005)';

/** Chelsio T110 (Terminator ASIC): 10 GbE with a TCP offload engine, on PCI-X 133. */
export const CHELSIO_T110: NicProfile = {
  id: 'chelsio-t110',
  name: 'Chelsio T110 (Terminator, 10 GbE TOE)',
  driver: 'cxgb',
  confidence: 'medium',
  summary:
    'A TCP engine in silicon; its driver’s PCI-X setting of 8 outstanding 2 KB reads lets DMA keep up with the bus, so PCI-X 133 is the limit.',
  busInterface: {
    value: 'pcix-133',
    basis: 'driver',
    source: `${CXGB}: “PCIX 133MHz/64-bit”`,
  },
  ports: { value: 1, basis: 'datasheet', source: 'one 10 GbE port' },
  portSpeedMbps: { value: 10_000, basis: 'datasheet', source: '10 Gigabit Ethernet' },
  portsPerChip: { value: 1, basis: 'datasheet', source: 'one 10 GbE port per ASIC' },
  bridge: { value: false, basis: 'estimate', source: 'one ASIC on the board' },
  capabilities: {
    checksum: { value: true, basis: 'driver', source: `${CXGB}: checksum and TSO` },
    tso: { value: true, basis: 'driver', source: `${CXGB}: “By default, TSO is enabled”` },
    toe: {
      value: true,
      basis: 'paper',
      source:
        'Chelsio (The Engineer, May 2004): “dedicated silicon to handle its TCP”; Feng et al., Hot Interconnects 2005',
    },
    placement: {
      value: false,
      basis: 'estimate',
      source: 'the model’s placement architectures are the design card’s',
    },
  },
  engineMhz: {
    value: 1000,
    basis: 'estimate',
    source:
      'the Terminator is “a deeply-pipelined VLIW” (The Engineer, May 2004); its clock and cycles per segment were not found: 1 GHz is the 1x10g-full-toe preset’s estimate',
  },
  cardMemoryMB: { value: 64, basis: 'unconfirmed', source: INHERITED },
  interruptScheme: {
    value: 'timer coalescing 50 µs (adaptive-rx off by default)',
    basis: 'driver',
    source: `${CXGB}: “After disabling adaptive-rx, the timer latency value will be set to 50us”; adaptive-rx is disabled by default`,
  },
  costs: {
    pciOutstandingReads: {
      value: 8,
      basis: 'driver',
      source: `${CXGB}: “The default setting on most systems is 8 outstanding transactions and 2k bytes data length”`,
    },
    pciMmrbcBytes: { value: 2048, basis: 'driver', source: `${CXGB}: 2k bytes data length` },
    maxInterruptsPerSecond: {
      value: 20_000,
      basis: 'derived',
      source: `${CXGB}: 50 µs timer: 1e6 / 50`,
    },
    toeSegmentCycles: { value: 400, basis: 'unconfirmed', source: INHERITED },
    cardFrameCycles: { value: 100, basis: 'unconfirmed', source: INHERITED },
    nicTxFifoBytes: { value: 16_384, basis: 'unconfirmed', source: INHERITED },
    nicRxFifoBytes: { value: 49_152, basis: 'unconfirmed', source: INHERITED },
  },
  notModelled: [
    'The Terminator’s pipeline: the model runs one engine at the estimated clock.',
    'Adaptive interrupt coalescing (off by default).',
  ],
};
