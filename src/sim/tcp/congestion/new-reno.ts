import type { Nanoseconds } from '../../core/time.ts';
import type { AckSample, CongestionControl, CongestionWindow } from './congestion.ts';

/**
 * Reno growth as modern Linux does it (tcp_reno_cong_avoid): slow start adds every
 * packet an ACK delivers (RFC 3465 appropriate byte counting without the L limit, so
 * delayed ACKs do not halve growth), congestion avoidance adds one segment per cwnd
 * packets delivered (RFC 5681 §3.1), and neither runs unless cwnd was the limit
 * (tcp_is_cwnd_limited, RFC 7661 §4.3). ssthresh = cwnd / 2 (tcp_reno_ssthresh).
 * Recovery is NewReno's (RFC 6582) through the sender's scoreboard.
 */
export class NewReno implements CongestionControl {
  readonly name = 'newreno';

  init(_w: CongestionWindow, _sndNxt: number, _now: Nanoseconds): void {}

  ssthresh(w: CongestionWindow): number {
    return Math.max(w.cwnd >> 1, 2);
  }

  congAvoid(w: CongestionWindow, { acked, cwndLimited }: AckSample): void {
    if (!cwndLimited) return;
    let left = acked;
    if (w.inSlowStart) {
      left = w.slowStart(acked);
      if (left === 0) return;
    }
    w.additiveIncrease(w.cwnd, left);
  }

  onRttSample(): void {}

  onLoss(): void {}

  onTxStart(): void {}
}

/**
 * Linux 2.4's Reno (tcp_cong_avoid in 2.4.20 tcp_input.c), where 2.4 differs from the
 * modern rule above: one segment per ACK in slow start however many segments the ACK
 * covers (so a delayed-ACK receiver halves growth), slow start while cwnd ≤ ssthresh,
 * and in congestion avoidance +1 after cwnd + 1 ACKs. The caller allows growth only
 * when the flight before the ACK filled cwnd (prior_in_flight >= snd_cwnd).
 */
export class Reno24 implements CongestionControl {
  readonly name = 'newreno';

  init(_w: CongestionWindow, _sndNxt: number, _now: Nanoseconds): void {}

  /** 2.4 tcp_recalc_ssthresh: max(cwnd / 2, 2). */
  ssthresh(w: CongestionWindow): number {
    return Math.max(w.cwnd >> 1, 2);
  }

  congAvoid(w: CongestionWindow, { cwndLimited }: AckSample): void {
    if (!cwndLimited) return;
    if (w.cwnd <= w.ssthresh) {
      w.cwnd++;
    } else if (w.cwndCnt >= w.cwnd) {
      w.cwnd++;
      w.cwndCnt = 0;
    } else {
      w.cwndCnt++;
    }
  }

  onRttSample(): void {}

  onLoss(): void {}

  onTxStart(): void {}
}
