import type { NicProfile } from './profile.ts';

const INHERITED = 'not found: the card under design’s value stands in';

/** Broadcom BCM5701 (Tigon3) single-port gigabit NIC, driven by tg3: on-chip MIPS firmware. */
export const BROADCOM_BCM5701: NicProfile = {
  id: 'broadcom-bcm5701',
  name: 'Broadcom BCM5701 (Tigon3, one port)',
  driver: 'tg3',
  confidence: 'low',
  summary:
    'Checksum offload, no TSO by default, 32-byte receive return descriptors and interrupt coalescing at 72 µs; most DMA and FIFO figures were not found.',
  busInterface: {
    value: 'pcix-133',
    basis: 'driver',
    source:
      'tg3.c: the 5701 runs in PCI-X mode (TG3_FLAG_PCIX_MODE and its 5701 PCI-X workarounds)',
  },
  ports: { value: 1, basis: 'estimate', source: 'one BCM5701 per single-port board' },
  portSpeedMbps: { value: 1000, basis: 'datasheet', source: 'gigabit Ethernet' },
  portsPerChip: { value: 1, basis: 'estimate', source: 'the BCM5701 is a single-port controller' },
  bridge: { value: false, basis: 'estimate', source: 'one chip on the board' },
  capabilities: {
    checksum: { value: true, basis: 'driver', source: 'tg3.c: NETIF_F_IP_CSUM, receive checksum' },
    tso: {
      value: false,
      basis: 'driver',
      source:
        'tg3.c (2.6.17): “Firmware TSO on older chips gives lower performance, so it is off by default”',
    },
    toe: { value: false, basis: 'datasheet', source: 'no TCP offload engine' },
    placement: { value: false, basis: 'datasheet', source: 'no header/data split or flow table' },
  },
  engineMhz: {
    value: 500,
    basis: 'unconfirmed',
    source: `on-chip MIPS processors run the firmware; their clock and cycles per frame were ${INHERITED}`,
  },
  cardMemoryMB: {
    value: 0,
    basis: 'estimate',
    source: 'no card memory the model uses (only TOE and placement architectures use it)',
  },
  interruptScheme: {
    value: 'host coalescing: an interrupt after 72 µs or 8 received frames, 300 µs for transmit',
    basis: 'driver',
    source: 'tg3.h DEFAULT_RXCOL_TICKS 0x48, DEFAULT_RXMAX_FRAMES 8, DEFAULT_TXCOL_TICKS 0x12c',
  },
  costs: {
    maxInterruptsPerSecond: {
      value: 13_889,
      basis: 'derived',
      source:
        'tg3.h DEFAULT_RXCOL_TICKS 0x48 = 72 µs between interrupts: 1e6 / 72; the 8-frame trigger is slower at 1 Gbit/s with MTU 1500 (8 × 12.3 µs)',
    },
    descriptorBytes: {
      value: 16,
      basis: 'driver',
      source: 'tg3.h struct tg3_tx_buffer_desc: four 32-bit words',
    },
    rxDescriptorBytes: {
      value: 32,
      basis: 'driver',
      source:
        'tg3.h struct tg3_rx_buffer_desc (the return ring entry the chip writes): eight 32-bit words',
    },
    pciOutstandingReads: { value: 1, basis: 'unconfirmed', source: INHERITED },
    pciMmrbcBytes: { value: 512, basis: 'unconfirmed', source: `${INHERITED} (PCI-X default)` },
    nicTxFifoBytes: { value: 16_384, basis: 'unconfirmed', source: INHERITED },
    nicRxFifoBytes: { value: 49_152, basis: 'unconfirmed', source: INHERITED },
    cardFrameCycles: { value: 100, basis: 'unconfirmed', source: INHERITED },
  },
  notModelled: [
    'The status block the chip writes with each interrupt (producer and consumer indices) instead of per-descriptor status.',
    'The frame-count coalescing trigger (8 frames): at gigabit line rate the 72 µs timer fires first.',
    'Separate standard and jumbo receive rings.',
  ],
};
