import type { NicProfile } from './profile.ts';

const INHERITED = 'not found: the card under design’s value stands in';
const ACENIC = 'Linux acenic driver, acenic.c';

/** Alteon AceNIC (Tigon-II), driven by acenic: a 64-bit PCI card whose firmware is programmable. */
export const ALTEON_TIGON2: NicProfile = {
  id: 'alteon-tigon2',
  name: 'Alteon AceNIC (Tigon-II, one port, 1 MB)',
  driver: 'acenic',
  confidence: 'low',
  summary:
    'Programmable firmware on a PCI (not PCI-X) card with 1 MB of on-board memory for frame buffers; interrupts coalesced at 120 µs; no TSO.',
  busInterface: {
    value: 'pci-66',
    basis: 'estimate',
    source: 'the Tigon-II is a 64-bit/66 MHz PCI part (not retrieved here)',
  },
  ports: { value: 1, basis: 'estimate', source: 'one port per AceNIC' },
  portSpeedMbps: { value: 1000, basis: 'datasheet', source: 'gigabit Ethernet' },
  portsPerChip: { value: 1, basis: 'estimate', source: 'one Tigon-II per port' },
  bridge: { value: false, basis: 'estimate', source: 'one chip on the board' },
  capabilities: {
    checksum: {
      value: true,
      basis: 'estimate',
      source: 'the firmware computes TCP/UDP checksums (not confirmed in the source read)',
    },
    tso: { value: false, basis: 'driver', source: `${ACENIC}: no NETIF_F_TSO` },
    toe: {
      value: false,
      basis: 'datasheet',
      source: 'the shipped firmware does no TCP (research firmware did more)',
    },
    placement: {
      value: false,
      basis: 'datasheet',
      source: 'no header/data split in the shipped firmware',
    },
  },
  engineMhz: {
    value: 88,
    basis: 'estimate',
    source:
      'two MIPS-like cores at 88 MHz, as widely quoted for the Tigon-II (not confirmed here); the model uses one engine',
  },
  cardMemoryMB: {
    value: 1,
    basis: 'driver',
    source: `${ACENIC} header comment: the 1 MB NIC (a 1/2 MB one exists)`,
  },
  interruptScheme: {
    value: 'firmware coalescing: 120 µs or 25 descriptors on receive, 400 µs or 60 on transmit',
    basis: 'driver',
    source: `${ACENIC}: DEF_RX_COAL 120, DEF_RX_MAX_DESC 25, DEF_TX_COAL 400, DEF_TX_MAX_DESC 60`,
  },
  costs: {
    maxInterruptsPerSecond: {
      value: 8333,
      basis: 'derived',
      source: `${ACENIC}: DEF_RX_COAL 120 µs between receive interrupts: 1e6 / 120`,
    },
    nicTxFifoBytes: {
      value: 268_800,
      basis: 'derived',
      source: `${ACENIC}: ≈ 800 KB of the 1 MB NIC hold frames, DEF_TX_RATIO 21 of 64 of it for transmit`,
    },
    nicRxFifoBytes: {
      value: 550_400,
      basis: 'derived',
      source: `${ACENIC}: the remaining 43 of 64 of ≈ 800 KB for receive`,
    },
    cardFrameCycles: {
      value: 100,
      basis: 'unconfirmed',
      source: `firmware cycles per frame: ${INHERITED}`,
    },
    descriptorBytes: { value: 16, basis: 'unconfirmed', source: INHERITED },
    rxDescriptorBytes: { value: 16, basis: 'unconfirmed', source: INHERITED },
  },
  notModelled: [
    'The second firmware core: the model runs one engine at the card’s clock.',
    'The mini and jumbo receive rings, and the firmware’s event ring.',
  ],
};
