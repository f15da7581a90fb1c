import type { ArchitectureId } from '../theme.ts';

/**
 * DESIGN.md §2's table as data: for each architecture, where each function runs. The
 * data-path diagram and the sync panel read it; the simulator has its own placement
 * (src/sim/arch) — this copy only describes, it computes nothing.
 */
export type FunctionId =
  | 'tx-copy'
  | 'tx-segmentation'
  | 'tx-checksum'
  | 'retransmit-source'
  | 'tcp-state'
  | 'rx-demux'
  | 'rx-checksum'
  | 'rx-reassembly'
  | 'rx-copy'
  | 'arp-routes'
  | 'netfilter'
  | 'udp';

/** `none`: the function does not happen at all (a copy that is avoided). */
export type Site = 'host' | 'card' | 'none';

export interface Placement {
  site: Site;
  /** The table cell, in words. */
  detail: string;
}

export interface FunctionInfo {
  id: FunctionId;
  label: string;
  /** The host-side box of the data path that does this function when it runs on the host. */
  hostStage: 'socket' | 'tcpip';
}

export const FUNCTIONS: readonly FunctionInfo[] = [
  { id: 'tx-copy', label: 'TX user → kernel copy', hostStage: 'socket' },
  { id: 'tx-segmentation', label: 'TX segmentation', hostStage: 'tcpip' },
  { id: 'tx-checksum', label: 'TX checksum', hostStage: 'tcpip' },
  { id: 'retransmit-source', label: 'retransmission source', hostStage: 'socket' },
  { id: 'tcp-state', label: 'TCP state, cwnd, timers, ACKs', hostStage: 'tcpip' },
  { id: 'rx-demux', label: 'RX demux / classification', hostStage: 'tcpip' },
  { id: 'rx-checksum', label: 'RX checksum', hostStage: 'tcpip' },
  { id: 'rx-reassembly', label: 'RX reassembly', hostStage: 'socket' },
  { id: 'rx-copy', label: 'RX kernel → user copy', hostStage: 'socket' },
  { id: 'arp-routes', label: 'ARP / routes', hostStage: 'tcpip' },
  { id: 'netfilter', label: 'netfilter sees traffic', hostStage: 'tcpip' },
  // Issue 14: none of the 2002 designs offloads UDP; src/sim/arch says what each does.
  { id: 'udp', label: 'UDP', hostStage: 'socket' },
];

const host = (detail: string): Placement => ({ site: 'host', detail });
const card = (detail: string): Placement => ({ site: 'card', detail });
const none = (detail: string): Placement => ({ site: 'none', detail });

const CSUM_TSO: Readonly<Record<FunctionId, Placement>> = {
  'tx-copy': host('CPU copy'),
  'tx-segmentation': card('TSO, ≤ 64 KB super-segments'),
  'tx-checksum': card('card'),
  'retransmit-source': host('host socket buffer (re-DMA)'),
  'tcp-state': host('host'),
  'rx-demux': host('host, per packet'),
  'rx-checksum': card('card'),
  'rx-reassembly': host('host socket queue'),
  'rx-copy': host('CPU copy'),
  'arp-routes': host('host'),
  netfilter: host('yes'),
  udp: host(
    'host path; the card checks whole datagrams’ checksums (Linux 2.4 sums its own on send); no fragmentation offload',
  ),
};

export const PLACEMENTS: Readonly<Record<ArchitectureId, Readonly<Record<FunctionId, Placement>>>> =
  {
    'host-stack': {
      'tx-copy': host('CPU copy (+checksum fused)'),
      'tx-segmentation': host('host, per MSS'),
      'tx-checksum': host('host'),
      'retransmit-source': host('host socket buffer (re-DMA)'),
      'tcp-state': host('host'),
      'rx-demux': host('host, per packet'),
      'rx-checksum': host('host'),
      'rx-reassembly': host('host socket queue'),
      'rx-copy': host('CPU copy'),
      'arp-routes': host('host'),
      netfilter: host('yes'),
      udp: host('host: checksum fused into the copies, fragments and reassembles'),
    },
    'csum-tso': CSUM_TSO,
    'full-toe': {
      'tx-copy': none('none: card DMAs from pinned user pages'),
      'tx-segmentation': card('card'),
      'tx-checksum': card('card'),
      'retransmit-source': card('card memory'),
      'tcp-state': card('card'),
      'rx-demux': card('card'),
      'rx-checksum': card('card'),
      'rx-reassembly': card('card memory'),
      'rx-copy': none('none when a read is posted, else staging + CPU copy'),
      'arp-routes': card('card shadow copy, kept in sync'),
      netfilter: none('no (per filter policy)'),
      udp: host('not offloaded: host path (the card classifies and checksums)'),
    },
    'card-window': {
      'tx-copy': none('none: card DMAs user pages into card memory'),
      'tx-segmentation': card('card, from card memory'),
      'tx-checksum': card('card'),
      'retransmit-source': card('card memory (no PCI-X re-crossing)'),
      'tcp-state': host('host (headers only)'),
      'rx-demux': card('card, header to host'),
      'rx-checksum': card('card'),
      'rx-reassembly': card('card memory, headers to host'),
      'rx-copy': none('none: card DMAs payload to user buffer on read'),
      'arp-routes': host('host'),
      netfilter: host('yes (headers)'),
      udp: host('not offloaded: host path (the card classifies and checksums)'),
    },
    'rx-direct-placement': {
      ...CSUM_TSO,
      'tx-segmentation': card('card (TSO)'),
      'rx-demux': card('card flow table'),
      'rx-reassembly': card('card, payload placed into posted user buffers'),
      'rx-copy': none('none when a buffer is posted, else fallback copy'),
      netfilter: host('yes (headers)'),
      udp: card('whole datagrams placed into posted buffers; fragments take the host path'),
    },
  };

/** Whether the card keeps shadow ARP/route entries that can go stale (DESIGN.md §5). */
export function hasShadowTables(arch: ArchitectureId): boolean {
  return PLACEMENTS[arch]['arp-routes'].site === 'card';
}

/** The functions at one site, in table order. */
export function functionsAt(
  arch: ArchitectureId,
  site: Site,
): { info: FunctionInfo; placement: Placement }[] {
  return FUNCTIONS.filter((f) => PLACEMENTS[arch][f.id].site === site).map((info) => ({
    info,
    placement: PLACEMENTS[arch][info.id],
  }));
}

/** Where the TCP/IP box of the data path runs: all on the host, all on the card, or split. */
export function tcpipSite(arch: ArchitectureId): 'host' | 'card' | 'split' {
  const sites = new Set(
    FUNCTIONS.filter((f) => f.hostStage === 'tcpip')
      .map((f) => PLACEMENTS[arch][f.id].site)
      .filter((s) => s !== 'none'),
  );
  if (sites.size === 1) return sites.has('card') ? 'card' : 'host';
  return 'split';
}

/** CPU copies of payload per direction: 1 when the copy runs on the host, else 0. */
export function cpuCopies(arch: ArchitectureId): { tx: number; rx: number } {
  return {
    tx: PLACEMENTS[arch]['tx-copy'].site === 'host' ? 1 : 0,
    rx: PLACEMENTS[arch]['rx-copy'].site === 'host' ? 1 : 0,
  };
}
