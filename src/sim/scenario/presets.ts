import type { ScenarioInput } from './schema.ts';

/**
 * Built-in scenarios: the ones the design review keeps coming back to, and the setups
 * behind the reference results (DESIGN.md §7). Each spells out the fields its question
 * depends on instead of leaning on defaults, so a change of default cannot quietly
 * change what a preset measures.
 */
export interface Preset {
  id: string;
  title: string;
  description: string;
  scenario: ScenarioInput;
}

/** One gigabit port, MTU 1500, on PCI-X 133: the common base of the 1 GbE presets. */
function oneGig(name: string): ScenarioInput {
  return {
    version: 1,
    name,
    seed: 1,
    durationMs: 2000,
    architecture: 'host-stack',
    bus: { kind: 'pcix-133' },
    nic: { ports: 1, portSpeedMbps: 1000 },
    link: { mtu: 1500, rttUs: 100, lossRate: 0 },
    workload: { kind: 'bulk-send', connectionsPerPort: 1 },
  };
}

function fourGig(name: string): ScenarioInput {
  return { ...oneGig(name), nic: { ports: 4, portSpeedMbps: 1000 } };
}

export const PRESETS: readonly Preset[] = [
  {
    id: '4x1g-bulk-send',
    title: '4 ports × 1 GbE bulk-send, one connection each, 2 s',
    description:
      'The benchmark: Linux 2.4 host stack on PCI-X 133 sending on four gigabit ports at MTU 1500. Which resource saturates first?',
    scenario: fourGig('4 × 1 GbE bulk send'),
  },
  {
    id: '1x1g-bulk-send',
    title: '1 port × 1 GbE bulk-send, 2 s',
    description:
      'One netperf-style TCP stream out of the host stack; the wire limit is 941.5 Mbit/s with timestamps.',
    scenario: oneGig('1 × 1 GbE bulk send'),
  },
  {
    id: '1x1g-bidirectional',
    title: '1 port × 1 GbE bidirectional, 2 s',
    description:
      "One stream each way, so each direction's data shares the wire with the other's ACKs.",
    scenario: {
      ...oneGig('1 × 1 GbE bidirectional'),
      workload: { kind: 'bidirectional', connectionsPerPort: 1 },
    },
  },
  {
    id: '4x1g-bulk-receive',
    title: '4 ports × 1 GbE bulk-receive, 2 s',
    description:
      'Peers send to the host stack on four gigabit ports: receive costs more CPU than send.',
    scenario: {
      ...fourGig('4 × 1 GbE bulk receive'),
      workload: { kind: 'bulk-receive', connectionsPerPort: 1 },
    },
  },
  {
    id: '1x1g-jumbo',
    title: '1 port × 1 GbE bulk-send, jumbo frames (MTU 9000), 2 s',
    description:
      'Six times fewer packets per byte: the wire limit rises to 990 Mbit/s and per-packet costs shrink.',
    scenario: { ...oneGig('1 × 1 GbE jumbo'), link: { mtu: 9000, rttUs: 100, lossRate: 0 } },
  },
  {
    id: '1x1g-csum-tso',
    title: '1 port × 1 GbE bulk-send with checksum offload and TSO, 2 s',
    description:
      'What Linux adopted: compare its CPU use with 1x1g-bulk-send (Intel measured 19 % vs 40 %).',
    scenario: { ...oneGig('1 × 1 GbE csum + TSO'), architecture: 'csum-tso' },
  },
  {
    id: '1x10g-full-toe',
    title: '1 port × 10 GbE full TCP offload on PCI-X 133, 2 s',
    description:
      'Complete TCP offload at 10 Gbit/s, MTU 1500, with T110-like 4 KB PCI-X read bursts and a 1 GHz engine; the Chelsio T110 reached 7.9 Gbit/s on this bus.',
    scenario: {
      ...oneGig('1 × 10 GbE full TOE'),
      architecture: 'full-toe',
      bus: { kind: 'pcix-133' },
      nic: { ports: 1, portSpeedMbps: 10_000, engineMhz: 1000 },
      costs: { pciMmrbcBytes: 4096 },
    },
  },
  {
    id: '1x10g-host-stack',
    title: '1 port × 10 GbE host stack on PCI-X 133, 2 s',
    description: 'The same 10 GbE link without offload: expect the host CPU to give out first.',
    scenario: { ...oneGig('1 × 10 GbE host stack'), nic: { ports: 1, portSpeedMbps: 10_000 } },
  },
  {
    id: '4x1g-bidirectional-full-toe-pci66',
    title: '4 ports × 1 GbE full duplex, full TOE on 66 MHz PCI, 2 s',
    description: '4 × GbE full duplex asks for about 1,000 MB/s of bus; plain PCI offers 533 MB/s.',
    scenario: {
      ...fourGig('4 × 1 GbE bidirectional, full TOE, PCI 66'),
      architecture: 'full-toe',
      bus: { kind: 'pci-66' },
      workload: { kind: 'bidirectional', connectionsPerPort: 1 },
    },
  },
  {
    id: '1x1g-loss',
    title: '1 port × 1 GbE bulk-send with loss, 2 s',
    description:
      'One data frame dropped at 500 ms plus 0.1 % random loss: retransmissions and their cost.',
    scenario: {
      ...oneGig('1 × 1 GbE with loss'),
      link: { mtu: 1500, rttUs: 100, lossRate: 0.001 },
      events: [
        { atMs: 500, kind: 'drop-frames', port: 0, direction: 'tx', match: 'data', count: 1 },
      ],
    },
  },
  {
    id: '1x1g-gratuitous-arp',
    title: '1 port × 1 GbE full TOE, snapshot ARP, peer MAC moves at 1 s',
    description:
      "The card's ARP copy is taken once and never updated: after the fail-over it sends to a MAC that no longer answers.",
    scenario: {
      ...oneGig('1 × 1 GbE gratuitous ARP, snapshot sync'),
      architecture: 'full-toe',
      sync: { strategy: 'snapshot', pollIntervalMs: 100 },
      events: [{ atMs: 1000, kind: 'gratuitous-arp', port: 0, newMac: '02:00:00:00:10:99' }],
    },
  },
  {
    id: '1x1g-filter-bypass',
    title: '1 port × 1 GbE full TOE past a host drop rule',
    description:
      'A host rule drops all TCP, but the offloaded connection never passes the host: each packet the rule would have dropped is counted as a policy violation.',
    scenario: {
      ...oneGig('1 × 1 GbE filter bypass'),
      architecture: 'full-toe',
      filter: {
        policy: 'bypass',
        rules: [{ action: 'drop', direction: 'any', protocol: 'tcp' }],
      },
    },
  },
  {
    id: '1x1g-udp-stream',
    title: '1 port × 1 GbE UDP stream, 1472-byte datagrams, 2 s',
    description:
      'netperf UDP_STREAM out of the host stack: no window and no ACKs, one datagram per frame; the wire limit is 957.1 Mbit/s, and each datagram costs a system call.',
    scenario: {
      ...oneGig('1 × 1 GbE UDP stream'),
      workload: {
        kind: 'udp-stream',
        connectionsPerPort: 1,
        messageBytes: 1472,
        direction: 'send',
      },
    },
  },
  {
    id: '1x1g-udp-fragments',
    title: '1 port × 1 GbE UDP stream, 8192-byte datagrams in fragments, 2 s',
    description:
      'Each 8 KB datagram leaves as 6 IPv4 fragments, the last first (Linux 2.4); the peer reassembles them. One lost fragment would lose the whole datagram.',
    scenario: {
      ...oneGig('1 × 1 GbE UDP fragments'),
      workload: {
        kind: 'udp-stream',
        connectionsPerPort: 1,
        messageBytes: 8192,
        direction: 'send',
      },
    },
  },
  {
    id: '4x1g-udp-receive-livelock',
    title: '4 ports × 1 GbE of 64-byte UDP datagrams into a 1 GHz host, 0.1 s',
    description:
      'Receive livelock (Mogul & Ramakrishnan, 1997): every frame costs an interrupt share and the receive path, the CPU is saturated before any datagram reaches the application, and the card’s ring and the socket drop almost everything. The wire is full, yet a faster wire delivers nothing more: the host CPU is the limit.',
    scenario: {
      ...fourGig('4 × 1 GbE UDP receive livelock'),
      // 4.5 M frames a second offered: 100 ms shows the steady state (no slow start).
      durationMs: 100,
      host: { cpuGhz: 1 },
      workload: {
        kind: 'udp-stream',
        connectionsPerPort: 1,
        messageBytes: 64,
        direction: 'receive',
      },
    },
  },
];

/** The preset with this id, or `undefined`. */
export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}
