import type { Scenario } from '../scenario/schema.ts';
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
  framesDropped: number;
  framesToStaleMac: number;
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
  bytesWritten: number;
  bytesDelivered: number;
  /** The receiver's running hash over delivered bytes equals the writer's over the same prefix. */
  streamIntact: boolean;
  retransmits: number;
  timeouts: number;
  state: TcpStateName;
}

export interface HostResult {
  cpuUtilization: number;
  cyclesPerPayloadByte: number;
  cpuBreakdown: Record<
    'copy' | 'checksum' | 'protocol' | 'interrupt' | 'syscall' | 'driver' | 'sync',
    number
  >;
  memoryBusUtilization: number;
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
}

export interface CopiesResult {
  cpuCopiesPerByte: number;
  memoryBusBytesPerByte: number;
  pciBytesPerByte: number;
}

export interface SyncResult {
  staleEntrySeconds: number;
  maxStalenessMs: number;
  framesToStaleMac: number;
  policyViolations: number;
  updatesSent: number;
}

export type Bottleneck =
  | 'wire'
  | 'host-cpu'
  | 'memory-bus'
  | 'pci-bus'
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
  bottleneck: Bottleneck | null;
  /** Transactions or connections per second and latency percentiles (request-response, connection-churn); null for bulk workloads. */
  workload: WorkloadResult | null;
  /** Each resource's utilisation over the measured half (0–1), from which `bottleneck` is decided. */
  utilisations: Record<string, number> | null;
  /** What the model leaves out in this version, so null sections are explained. */
  notModelled: string[];
  /** Scenario events as they happened. */
  log: { timeNs: number; kind: string; port: number; text: string }[];
}
