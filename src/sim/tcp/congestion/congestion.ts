import type { Nanoseconds } from '../../core/time.ts';
import { INFINITE_SSTHRESH, type CongestionName } from '../config.ts';

/**
 * cwnd and ssthresh in segments, as Linux counts them (tp->snd_cwnd, snd_ssthresh,
 * snd_cwnd_cnt): the sender owns this state; congestion control and loss recovery
 * change it.
 */
export class CongestionWindow {
  cwnd = 0;
  ssthresh = INFINITE_SSTHRESH;
  /** snd_cwnd_cnt: ACK credit towards the next +1 in congestion avoidance. */
  cwndCnt = 0;

  /** tcp_in_slow_start. */
  get inSlowStart(): boolean {
    return this.cwnd < this.ssthresh;
  }

  /** tcp_slow_start: cwnd += acked up to ssthresh; returns the acked packets left over. */
  slowStart(acked: number): number {
    const cwnd = Math.min(this.cwnd + acked, this.ssthresh);
    const left = acked - (cwnd - this.cwnd);
    this.cwnd = cwnd;
    return left;
  }

  /** tcp_cong_avoid_ai: +1 segment per `w` packets acknowledged (RFC 5681 §3.1). */
  additiveIncrease(w: number, acked: number): void {
    if (this.cwndCnt >= w) {
      this.cwndCnt = 0;
      this.cwnd++;
    }
    this.cwndCnt += acked;
    if (this.cwndCnt >= w) {
      const delta = Math.floor(this.cwndCnt / w);
      this.cwndCnt -= delta * w;
      this.cwnd += delta;
    }
  }
}

/** What the sender tells congestion control about one ACK. */
export interface AckSample {
  /** Packets newly delivered by this ACK (cumulatively acked plus newly SACKed). */
  acked: number;
  /** Whether growth is allowed now (tcp_is_cwnd_limited, or 2.4's full-flight rule). */
  cwndLimited: boolean;
  now: Nanoseconds;
}

/** One ACK's RTT sample and the sender state HyStart reads with it. */
export interface RttSample {
  /** RTT of the most recently sent segment this ACK covered (Linux's ca_rtt_us). */
  rtt: Nanoseconds;
  sndUna: number;
  sndNxt: number;
  /** tcp_update_pacing_rate's estimate, bytes/s: 2·cwnd·mss/srtt in slow start, else 1.2×. */
  pacingRate: number;
  now: Nanoseconds;
}

/**
 * A congestion-control algorithm, as Linux's tcp_congestion_ops: it grows cwnd and says
 * what ssthresh becomes after a loss; loss detection and the reduction during recovery
 * (PRR, rate halving) belong to the sender (smoltcp's `congestion` module, gVisor's
 * congestionControl).
 */
export interface CongestionControl {
  readonly name: CongestionName;
  /** At establishment (tcp_init_congestion_control), with snd_nxt then. */
  init(w: CongestionWindow, sndNxt: number, now: Nanoseconds): void;
  /** The ssthresh after a loss or local congestion (tcp_congestion_ops.ssthresh). */
  ssthresh(w: CongestionWindow): number;
  /** Grow cwnd on an ACK outside cwnd reduction (tcp_congestion_ops.cong_avoid). */
  congAvoid(w: CongestionWindow, sample: AckSample): void;
  /** An RTT sample from this ACK (tcp_congestion_ops.pkts_acked). */
  onRttSample(w: CongestionWindow, sample: RttSample): void;
  /** Retransmission timeout: Linux's TCP_CA_Loss state entry, with snd_nxt then. */
  onLoss(w: CongestionWindow, sndNxt: number, now: Nanoseconds): void;
  /** Transmission restarts after the flight drained (CA_EVENT_TX_START), `idle` ns after the last send. */
  onTxStart(idle: Nanoseconds, now: Nanoseconds): void;
}
