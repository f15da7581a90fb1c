import type { NicProfile } from './profile.ts';

const INHERITED = 'not found: the card under design’s value stands in';
const IXGB = 'Linux ixgb driver';

/** Intel PRO/10GbE LR (82597EX), driven by ixgb: the first 10 GbE server NIC, on PCI-X 133. */
export const INTEL_PRO10GBE: NicProfile = {
  id: 'intel-pro10gbe',
  name: 'Intel PRO/10GbE LR (82597EX)',
  driver: 'ixgb',
  confidence: 'medium',
  summary:
    'Checksum and TSO, no TCP engine; receive descriptors written back 16 at a time; 1,024 receive descriptors; interrupts delayed ≈ 59 µs. The host stack has to keep up with 10 Gbit/s.',
  busInterface: {
    value: 'pcix-133',
    basis: 'driver',
    source: `${IXGB}: ixgb_hw.c reads the PCI-X bus speed, at most 133 MHz`,
  },
  ports: { value: 1, basis: 'datasheet', source: 'one 10GBASE-LR port' },
  portSpeedMbps: { value: 10_000, basis: 'datasheet', source: '10 Gigabit Ethernet' },
  portsPerChip: { value: 1, basis: 'datasheet', source: 'the 82597EX has one port' },
  bridge: { value: false, basis: 'estimate', source: 'one chip on the board' },
  capabilities: {
    checksum: {
      value: true,
      basis: 'driver',
      source: `${IXGB} ixgb_param.c: XsumRX “receive IP/TCP/UDP checksum offload”, enabled by default`,
    },
    tso: { value: true, basis: 'driver', source: `${IXGB} ixgb_main.c: NETIF_F_TSO` },
    toe: { value: false, basis: 'datasheet', source: 'no TCP offload engine' },
    placement: { value: false, basis: 'datasheet', source: 'no header/data split or flow table' },
  },
  engineMhz: {
    value: 500,
    basis: 'unconfirmed',
    source: `fixed-function logic; per-frame time: ${INHERITED}`,
  },
  cardMemoryMB: { value: 0, basis: 'estimate', source: 'no card memory beyond the FIFOs' },
  interruptScheme: {
    value: 'receive delay timer RDTR = 72 × 0.8192 µs; transmit delay 32 × 0.8192 µs',
    basis: 'driver',
    source: `${IXGB} ixgb_param.c: DEFAULT_RDTR 72, DEFAULT_TIDV 32 (units of 0.8192 µs)`,
  },
  costs: {
    maxInterruptsPerSecond: {
      value: 16_954,
      basis: 'derived',
      source: `${IXGB} ixgb_param.c DEFAULT_RDTR 72 × 0.8192 µs = 58.98 µs: 1e6 / 58.98`,
    },
    rxWriteBackBatch: {
      value: 16,
      basis: 'driver',
      source: `${IXGB} ixgb_main.c: RXDCTL_WTHRESH_DEFAULT 16 (“chip writes back at this many or RXT0”)`,
    },
    rxWriteBackDelayNs: {
      value: 58_982,
      basis: 'derived',
      source: `${IXGB} ixgb_param.c DEFAULT_RDTR 72 × 819.2 ns: the receive timer (RXT0) that writes a partial batch back`,
    },
    rxDescriptors: {
      value: 1024,
      basis: 'driver',
      source: `${IXGB} ixgb_param.c RxDescriptors default 1024`,
    },
    txDescriptors: {
      value: 256,
      basis: 'driver',
      source: `${IXGB} ixgb_param.c TxDescriptors default 256`,
    },
    nicRxFifoBytes: {
      value: 262_144,
      basis: 'derived',
      source: `${IXGB} ixgb_param.c: the flow-control high threshold FCRTH defaults to 196,608 B and may be set up to 262,136 B, so the receive buffer holds 256 KB`,
    },
    nicTxFifoBytes: { value: 16_384, basis: 'unconfirmed', source: INHERITED },
    descriptorBytes: {
      value: 16,
      basis: 'driver',
      source: `${IXGB} ixgb_hw.h struct ixgb_tx_desc (16 B)`,
    },
    rxDescriptorBytes: {
      value: 16,
      basis: 'driver',
      source: `${IXGB} ixgb_hw.h struct ixgb_rx_desc (16 B)`,
    },
    pciMmrbcBytes: {
      value: 512,
      basis: 'paper',
      source:
        'PCI-X default; Hurwitz & Feng (Hot Interconnects 2003) raised it to 4096 with setpci to pass 4 Gbit/s',
    },
    pciOutstandingReads: { value: 1, basis: 'unconfirmed', source: INHERITED },
    cardFrameCycles: { value: 100, basis: 'unconfirmed', source: INHERITED },
  },
  notModelled: [
    'Transmit descriptor write-back batching (not confirmed for ixgb; each packet’s is written back).',
    'Descriptor prefetch thresholds (RXDCTL PTHRESH/HTHRESH).',
  ],
};
