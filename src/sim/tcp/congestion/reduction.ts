import type { CongestionWindow } from './congestion.ts';

/** What one ACK during a cwnd reduction changed, in packets. */
export interface ReductionAck {
  /** Packets newly cumulatively acked or SACKed (Linux's acked_sacked / prr_delivered step). */
  delivered: number;
  /** Packets in flight after the ACK was processed (tcp_packets_in_flight, RFC 6675 pipe). */
  inFlight: number;
  /** Packets newly marked lost by this ACK. */
  newlyLost: number;
  /** The ACK advanced snd_una. */
  sndUnaAdvanced: boolean;
}

/**
 * How cwnd comes down to ssthresh while in Recovery or CWR (the loss or local
 * congestion has already set ssthresh); one file per algorithm: prr.ts (modern Linux),
 * rate-halving.ts (Linux 2.4).
 */
export interface CwndReduction {
  /** Entering Recovery or CWR (tcp_init_cwnd_reduction). */
  start(w: CongestionWindow): void;
  /** Each ACK while reducing. */
  onAck(w: CongestionWindow, ack: ReductionAck): void;
  /** Packets sent while reducing (prr_out). */
  onSend(packets: number): void;
  /** Leaving Recovery or CWR. */
  end(w: CongestionWindow): void;
}
