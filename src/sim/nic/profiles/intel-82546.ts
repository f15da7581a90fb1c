import type { NicProfile } from './profile.ts';

const E1000_HW = 'Linux e1000 driver, e1000_hw.c e1000_init_hw()';

/**
 * Intel PRO/1000 MT quad-port server adapter: two dual-port 82546 controllers behind a
 * PCI-X bridge (issue 13), driven by e1000. The plain gigabit NIC of the day.
 */
export const INTEL_82546: NicProfile = {
  id: 'intel-82546',
  name: 'Intel PRO/1000 MT Quad Port (2 × 82546 behind a PCI-X bridge)',
  driver: 'e1000',
  confidence: 'medium',
  summary:
    'Checksum and TSO, no TCP engine. One outstanding 512-byte read per port, one descriptor written back per packet, 48 KB receive / 16 KB transmit FIFO, 8,000 interrupts/s; split reads cross the board’s bridge.',
  busInterface: {
    value: 'pcix-133',
    basis: 'driver',
    source: 'e1000_hw.c e1000_get_bus_info(): PCI-X bus speeds up to e1000_bus_speed_133',
  },
  ports: {
    value: 4,
    basis: 'driver',
    source:
      'the quad-port board (e1000 knows it as E1000_DEV_ID_82546GB_QUAD_COPPER, e1000_init_hw()); issue 13',
  },
  portSpeedMbps: { value: 1000, basis: 'datasheet', source: '1000BASE-T' },
  portsPerChip: {
    value: 2,
    basis: 'driver',
    source: 'the 82546 is the dual-port 8254x: e1000 drives its ports as PCI functions 0 and 1',
  },
  bridge: {
    value: true,
    basis: 'estimate',
    source:
      'issue 13: the 4-port board puts its two chips behind a PCI-X bridge; the bridge part and its forwarding latency were not confirmed',
  },
  capabilities: {
    checksum: {
      value: true,
      basis: 'driver',
      source: 'e1000_main.c: hardware checksum for mac_type ≥ 82543',
    },
    tso: { value: true, basis: 'driver', source: 'e1000_main.c: NETIF_F_TSO for mac_type ≥ 82544' },
    toe: { value: false, basis: 'datasheet', source: 'the 8254x has no TCP engine' },
    placement: { value: false, basis: 'datasheet', source: 'no header/data split or flow table' },
  },
  engineMhz: {
    value: 500,
    basis: 'unconfirmed',
    source:
      'fixed-function MAC and DMA logic, no firmware processor: per-frame time not found; the card under design’s 500 MHz × cardFrameCycles stands in',
  },
  cardMemoryMB: {
    value: 0,
    basis: 'datasheet',
    source: 'no memory beyond each port’s 64 KB packet buffer (the FIFOs below)',
  },
  interruptScheme: {
    value: 'Interrupt Throttling Register: at most 8,000 interrupts/s per port',
    basis: 'driver',
    source: 'e1000_param.c InterruptThrottleRate default 8000',
  },
  costs: {
    pciOutstandingReads: {
      value: 1,
      basis: 'datasheet',
      source: '8254x manual: one outstanding read per device (cost table)',
    },
    pciMmrbcBytes: {
      value: 512,
      basis: 'driver',
      source: `PCI-X 1.0 default 512 B; ${E1000_HW} only lowers a BIOS setting above 2048 (82546 before rev 3)`,
    },
    descriptorBytes: {
      value: 16,
      basis: 'driver',
      source: 'e1000_hw.h struct e1000_tx_desc (legacy, 16 B)',
    },
    rxDescriptorBytes: {
      value: 16,
      basis: 'driver',
      source: 'e1000_hw.h struct e1000_rx_desc (16 B)',
    },
    rxWriteBackBatch: {
      value: 1,
      basis: 'unconfirmed',
      source:
        'e1000 leaves RXDCTL at its reset value (not confirmed); it sets TXDCTL.WTHRESH to E1000_TXDCTL_FULL_TX_DESC_WB (each transmit descriptor written back) in e1000_init_hw()',
    },
    nicTxFifoBytes: {
      value: 16_384,
      basis: 'driver',
      source: 'e1000_reset(): E1000_PBA_48K leaves 16 KB of the 64 KB packet buffer to transmit',
    },
    nicRxFifoBytes: { value: 49_152, basis: 'driver', source: 'e1000_reset(): E1000_PBA_48K' },
    txDescriptors: { value: 256, basis: 'driver', source: 'e1000.h E1000_DEFAULT_TXD 256' },
    rxDescriptors: { value: 256, basis: 'driver', source: 'e1000.h E1000_DEFAULT_RXD 256' },
    maxInterruptsPerSecond: {
      value: 8000,
      basis: 'driver',
      source: 'e1000_param.c InterruptThrottleRate default 8000',
    },
  },
  notModelled: [
    'The bridge’s own forwarding latency (no figure found); only the completion’s second crossing, on the card’s secondary bus, is added to each split read.',
    'The secondary bus as a resource of its own: it carries the same traffic as the slot’s bus, so its utilisation is the slot’s.',
    'Descriptor prefetch: the 8254x fetches descriptors ahead, but the size of its descriptor cache was not confirmed, so the model fetches each packet’s descriptors with the packet.',
  ],
};
