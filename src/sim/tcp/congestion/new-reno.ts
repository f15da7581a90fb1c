import type { CongestionControl } from './congestion.ts';

/**
 * Slow start and congestion avoidance (RFC 5681 §3.1) with NewReno fast recovery
 * (RFC 6582 §3.2), counting cwnd in bytes. cwnd grows only while the flight fills it,
 * as Linux does (tcp_is_cwnd_limited; RFC 7661 §4.3).
 */
export class NewReno implements CongestionControl {
  readonly name = 'newreno';
  cwnd = 0;
  ssthresh = 0x7fff_ffff;
  /** tcp_cwnd_down's snd_cwnd_cnt: CWR takes one segment off every second ACK. */
  private cwrAcks = 0;

  constructor(private readonly initialSegments: number) {}

  init(mss: number): void {
    this.cwnd = this.initialSegments * mss;
  }

  onAck(acked: number, mss: number, cwndLimited: boolean): void {
    if (!cwndLimited) return;
    if (this.cwnd < this.ssthresh) {
      // RFC 5681 §3.1 eq. 2 with L = 1 SMSS (no ABC beyond one segment per ACK).
      this.cwnd += Math.min(acked, mss);
    } else {
      // RFC 5681 §3.1 eq. 3: about one SMSS per RTT.
      this.cwnd += Math.max(1, Math.floor((mss * mss) / this.cwnd));
    }
  }

  onFastRetransmit(flight: number, mss: number): void {
    // RFC 6582 §3.2 step 2 / RFC 5681 eq. 4.
    this.ssthresh = Math.max(Math.floor(flight / 2), 2 * mss);
    this.cwnd = this.ssthresh + 3 * mss;
  }

  onDupAckInRecovery(mss: number): void {
    this.cwnd += mss;
  }

  onPartialAck(acked: number, mss: number): void {
    // RFC 6582 §3.2 step 3: deflate by the amount acked, add back one SMSS.
    this.cwnd = Math.max(mss, this.cwnd - acked + (acked >= mss ? mss : 0));
  }

  onRecoveryEnd(_flight: number, _mss: number): void {
    // RFC 6582 §3.2 step 3 option 2, as Linux (tcp_end_cwnd_reduction): cwnd = ssthresh.
    this.cwnd = this.ssthresh;
  }

  onTimeout(flight: number, mss: number): void {
    // RFC 5681 §3.1 eq. 4, loss window of one segment.
    this.ssthresh = Math.max(Math.floor(flight / 2), 2 * mss);
    this.cwnd = mss;
  }

  onMssChange(mss: number): void {
    if (this.cwnd < mss) this.cwnd = mss;
  }

  onLocalCongestion(flight: number, mss: number): void {
    // Linux 2.4 __tcp_enter_cwr: ssthresh = tcp_recalc_ssthresh = max(cwnd / 2, 2),
    // cwnd = min(cwnd, packets in flight + 1).
    this.ssthresh = Math.max(Math.floor(this.cwnd / 2), 2 * mss);
    this.cwnd = Math.min(this.cwnd, flight + mss);
    this.cwrAcks = 0;
  }

  onCwrAck(flight: number, mss: number): void {
    // Linux 2.4 tcp_cwnd_down: one segment less every second ACK while cwnd is above
    // ssthresh / 2, never more than what is in flight + 1.
    this.cwrAcks++;
    if (this.cwrAcks >= 2) {
      this.cwrAcks = 0;
      if (this.cwnd > this.ssthresh / 2) this.cwnd = Math.max(mss, this.cwnd - mss);
    }
    this.cwnd = Math.max(mss, Math.min(this.cwnd, flight + mss));
  }

  onCwrEnd(): void {
    // tcp_complete_cwr: snd_cwnd = min(snd_cwnd, snd_ssthresh).
    this.cwnd = Math.min(this.cwnd, this.ssthresh);
  }
}
