import type { ProfileUse } from '../scenario/card.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { PortUdpResult, UdpResult } from './udp-results.ts';
import type { WorkloadResult } from './workload-results.ts';

/**
 * The results JSON (DESIGN.md §6). Keys may be added, never renamed. Sections the
 * model cannot fill yet are `null`, so a missing measurement never looks like a zero.
 */
export interface PortResult {
  port: number;
  /** Payload delivered in order to the receiving application, second half of the run. */
  txGoodputMbps: number;
  rxGoodputMbps: number;
  /** Bits on the wire incl. preamble and inter-frame gap, second half of the run. */
  txWireMbps: number;
  rxWireMbps: number;
  txFrames: number;
  rxFrames: number;
  /** Every frame lost on this port, whatever the reason (the sum of `drops`). */
  framesDropped: number;
  framesToStaleMac: number;
  /** The queues on this port's path, over the measured half. */
  queues: PortQueues;
  /** Frames lost on this port by where and why, whole run. */
  drops: PortDrops;
  /** 802.3x flow control (nic.flowControl), whole run: PAUSE frames sent, and how long they held the peer. */
  pause: { xoffSent: number; xonSent: number; peerHeldMs: number };
  /** UDP workloads only: datagrams sent, delivered and lost by where, whole run. */
  udp?: PortUdpResult;
}

/** A queue's depth over the measured half: time-weighted mean and peak. */
export interface QueueDepth {
  mean: number;
  peak: number;
}

/** The queues a frame passes on this port (DESIGN.md §3), in order. */
export interface PortQueues {
  /** The host's qdisc, in packets (a TSO super-segment is one). */
  qdiscPackets: QueueDepth;
  /** Transmit descriptors in use: posted and not yet reclaimed by the driver. */
  txRingDescriptors: QueueDepth;
  /** Bytes in the card's transmit FIFO (fetched or being fetched, not yet sent). */
  txFifoBytes: QueueDepth;
  /** Bytes in the card's receive FIFO (received, not yet moved on by DMA or the engine). */
  rxFifoBytes: QueueDepth;
  /** Receive descriptors holding frames the host has not yet taken and given back. */
  rxRingDescriptors: QueueDepth;
  /** The link peer's transmit queue (its qdisc and ring), in frames. */
  peerQueueFrames: QueueDepth;
}

/** Frames lost on a port, by reason. */
export interface PortDrops {
  /** Refused by the host's full qdisc (NET_XMIT_DROP: the sender entered CWR). */
  qdisc: number;
  /** Refused by the link peer's full queue. */
  peerQueue: number;
  /** Dropped by the card: its receive FIFO was full while DMA or the engine fell behind. */
  rxFifoOverflow: number;
  /** Dropped by the card: its receive FIFO was full behind a frame waiting for a host buffer. */
  rxRingEmpty: number;
  /** Data segments the host's (or card's) TCP dropped: the receive buffer was full. */
  socketQueueFull: number;
  /** Lost on the wire: random loss, link down, too large, path MTU, scripted drops. */
  wire: number;
}

export type TcpStateName =
  | 'CLOSED'
  | 'LISTEN'
  | 'SYN_SENT'
  | 'SYN_RECEIVED'
  | 'ESTABLISHED'
  | 'FIN_WAIT_1'
  | 'FIN_WAIT_2'
  | 'CLOSE_WAIT'
  | 'CLOSING'
  | 'LAST_ACK'
  | 'TIME_WAIT';

export interface ConnectionResult {
  id: number;
  port: number;
  /** Which way the data flows: the local host sends (tx), receives (rx), or both (request-response, churn). */
  direction: 'tx' | 'rx' | 'both';
  offloaded: boolean;
  /** Its packets pass the host's IP layer, so tcpdump on the host and the host's filter see them. */
  hostCaptureSees: boolean;
  bytesWritten: number;
  bytesDelivered: number;
  /** The receiver's running hash over delivered bytes equals the writer's over the same prefix. */
  streamIntact: boolean;
  retransmits: number;
  timeouts: number;
  state: TcpStateName;
  /** The data sender's smoothed RTT (RFC 6298) at the end, µs; null before the first sample. */
  srttUs: number | null;
}

export interface HostResult {
  cpuUtilization: number;
  cyclesPerPayloadByte: number;
  cpuBreakdown: Record<
    'copy' | 'checksum' | 'protocol' | 'interrupt' | 'syscall' | 'driver' | 'sync',
    number
  >;
  memoryBusUtilization: number;
  /** Share of the cores' capacity spent waiting for the memory bus (busy, not computing). */
  memoryStallShare: number;
}

export interface BusResult {
  kind: string;
  utilization: number;
  efficiency: number;
  payloadBytes: number;
  overheadBytes: number;
  transactions: number;
}

export interface NicResult {
  engineUtilization: number;
  cardMemoryPeakBytes: number;
  connectionsFallenBack: number;
  /** Each PCI function's DMA engines: busy share over the measured half. */
  dmaEngines: DmaEngineResult[];
  /** The NIC profile the run used, the scenario fields that overrode it, and the bus grade it ran. */
  profile: ProfileUse;
}

export interface DmaEngineResult {
  device: number;
  /** Share of the time its read engine had a read outstanding. */
  readUtilization: number;
  /** Share of the time its write engine was posting bursts. */
  writeUtilization: number;
}

/** One re-run of the bottleneck check: a resource 25 % faster. */
export interface SpeedUpTrial {
  resource: Exclude<Bottleneck, 'tcp-window' | 'none'>;
  /** The scenario change, e.g. "nic.portSpeedMbps 1000 → 1250". */
  change: string;
  goodputMbps: number;
  /** Goodput change against the run itself: 0.25 = 25 % more. */
  gain: number;
}

/** The co-limit re-run: both trial resources 25 % faster at once. */
export interface JointTrial {
  resources: SpeedUpTrial['resource'][];
  /** Both scenario changes, joined by "; ". */
  change: string;
  goodputMbps: number;
  gain: number;
}

/**
 * How the results' bottleneck was decided (DESIGN.md §3): the resources the live rule
 * ranks first and second by utilisation, each re-run 25 % faster with the same seed; the
 * one whose speed-up moved goodput most is the bottleneck. When neither moved it by
 * bottleneckMinGain but both were saturated, one more re-run with both faster: if that
 * moves goodput the two are co-limiting and the busier is named. Otherwise `tcp-window`
 * if the senders' windows are below the BDP at their measured RTT, else `none`.
 */
export interface BottleneckCheck {
  speedUp: number;
  goodputMbps: number;
  trials: SpeedUpTrial[];
  /** Run only when neither trial helped and both resources were saturated; else null. */
  joint: JointTrial | null;
  /** The bulk senders' window (min of send buffer and receive buffer) against bandwidth × srtt. */
  window: { windowBytes: number; bdpBytes: number; belowBdp: boolean } | null;
  verdict: Bottleneck;
  /** Why, in words. */
  reason: string;
  /** What the live badge's utilisation rule says for the same interval. */
  liveRule: Bottleneck;
}

export interface CopiesResult {
  cpuCopiesPerByte: number;
  memoryBusBytesPerByte: number;
  pciBytesPerByte: number;
}

/** One shadow entry's timeline: each interval lasts until the next begins (the last until the end). */
export interface ShadowEntryResult {
  port: number;
  ip: string;
  /**
   * "route" for the card's route to `ip` compared with the host's (stale while they
   * differ; listed from the first difference); absent for ARP entries.
   */
  kind?: 'route';
  /** Time the card's entry held a MAC other than the host's. */
  staleMs: number;
  intervals: { status: 'in-sync' | 'stale' | 'missing'; fromMs: number; toMs: number }[];
}

/** How full-toe's card kept its shadow ARP entries (DESIGN.md §5); the whole run. */
export interface SyncResult {
  strategy: 'snapshot' | 'poll' | 'push' | 'card-arp';
  /** Stale time summed over shadow entries. */
  staleEntrySeconds: number;
  /** The longest single stale interval of any entry. */
  maxStalenessMs: number;
  /** Card frames that left a port addressed to a MAC the peer no longer has. */
  framesToStaleMac: number;
  /** The same, per port (`ports[].framesToStaleMac`). */
  framesToStaleMacByPort: number[];
  /** Packets a host filter rule would have dropped but the card sent or delivered (`filter.violations`). */
  policyViolations: number | null;
  /** Push mailbox writes, poll reads that changed an entry, the card's own ARP requests. */
  updatesSent: number;
  entries: ShadowEntryResult[];
}

/** Packets one filter rule stopped or let escape, per direction relative to the host. */
export interface FilterCounts {
  in: number;
  out: number;
}

export interface FilterRuleResult {
  /** The rule, iptables-like: "drop out tcp dport 5001". */
  rule: string;
  /** Packets the host's IP layer dropped by this rule. */
  droppedByHost: FilterCounts;
  /** Packets the card dropped by this rule (full-toe, push-to-card within `nic.filterSlots`). */
  droppedByCard: FilterCounts;
  /** Packets this rule would have dropped that the card sent or delivered (full-toe). */
  violations: FilterCounts;
}

/** The host's packet filter and full-toe's `filter.policy` (DESIGN.md §5); the whole run. */
export interface FilterResult {
  /** The scenario's policy; it only changes behaviour in full-toe. */
  policy: 'bypass' | 'refuse-offload' | 'push-to-card';
  /** Each rule in chain order (first match wins, default accept) with its counts. */
  rules: FilterRuleResult[];
  /** Packets the host's IP layer dropped, both directions, all rules. */
  droppedByHost: number;
  /** Packets the card dropped enforcing the rules (push-to-card). */
  droppedByCard: number;
  /** Packets a rule would have dropped that the card sent or delivered; 0 where the host sees all traffic. */
  violations: number;
  /** Connections kept on the host stack because a drop rule could match them (refuse-offload). */
  refusedOffload: number;
  /** The card checked every frame of its connections against the rules (push-to-card, rules ≤ filterSlots). */
  enforcedOnCard: boolean;
}

export type Bottleneck =
  | 'wire'
  | 'host-cpu'
  | 'memory-bus'
  | 'pci-bus'
  | 'nic-dma'
  | 'nic-engine'
  | 'card-memory'
  | 'tcp-window'
  | 'none';

export interface Results {
  scenario: Scenario;
  simulatedMs: number;
  wallMs: number;
  events: number;
  ports: PortResult[];
  connections: ConnectionResult[];
  host: HostResult | null;
  bus: BusResult | null;
  nic: NicResult | null;
  copies: CopiesResult | null;
  sync: SyncResult | null;
  /** Why `sync` is null (no shadow state in this architecture), or null when it is measured. */
  syncNote: string | null;
  filter: FilterResult;
  bottleneck: Bottleneck | null;
  /** The what-if re-runs behind `bottleneck`; null when the run skipped them (then `bottleneck` is the live rule's). */
  bottleneckCheck: BottleneckCheck | null;
  /** Transactions or connections per second and latency percentiles (request-response, connection-churn); null for bulk workloads. */
  workload: WorkloadResult | null;
  /** UDP workloads only: reassembly on both ends and how the host sends. */
  udp?: UdpResult;
  /** Each resource's utilisation over the measured half (0–1), from which `bottleneck` is decided. */
  utilisations: Record<string, number> | null;
  /** What the model leaves out in this version, so null sections are explained. */
  notModelled: string[];
  /** Scenario events as they happened. */
  log: { timeNs: number; kind: string; port: number; text: string }[];
}
