import type { UdpLossReason } from '../udp/ledger.ts';

/** Datagrams lost, each counted once, by where (src/sim/udp/ledger.ts UDP_LOSS_REASONS). */
export type UdpDrops = Record<UdpLossReason, number>;

/** One direction of a port's UDP, whole run. */
export interface UdpDirectionResult {
  datagramsSent: number;
  /** Frames the datagrams left in, and of them fragments (of datagrams over the path MTU). */
  framesSent: number;
  fragmentsSent: number;
  datagramsDelivered: number;
  drops: UdpDrops;
  /** Sent, and neither delivered nor lost yet: on the way, or waiting in a queue at the end. */
  inFlight: number;
}

/**
 * `ports[].udp` in a UDP workload (issue 14), whole run, both directions together; `tx` is
 * what the local host sent out of the port, `rx` what its peer sent to it.
 */
export interface PortUdpResult {
  datagramsSent: number;
  datagramsDelivered: number;
  fragmentsSent: number;
  drops: UdpDrops;
  inFlight: number;
  tx: UdpDirectionResult;
  rx: UdpDirectionResult;
}

/** IPv4 reassembly on one host (Linux's IpReasm* counters), whole run. */
export interface ReassemblyResult {
  fragmentsReceived: number;
  datagramsReassembled: number;
  timeouts: number;
  evicted: number;
  /** Datagrams still waiting for fragments at the end. */
  pending: number;
  peakMemoryBytes: number;
}

/** The results' `udp` section in a UDP workload. */
export interface UdpResult {
  /** The local host's and the link peers' (summed) reassembly. */
  hostReassembly: ReassemblyResult;
  peerReassembly: ReassemblyResult;
  /** How the local host sent: fragment order and DF, by its Linux (tcp.profile). */
  sendPolicy: {
    fragmentOrder: 'last-first' | 'in-order';
    dontFragment: boolean;
    dontFragmentFragments: boolean;
  };
}
