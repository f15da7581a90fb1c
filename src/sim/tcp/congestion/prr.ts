import { INFINITE_SSTHRESH } from '../config.ts';
import type { CongestionWindow } from './congestion.ts';
import type { CwndReduction, ReductionAck } from './reduction.ts';

/**
 * Proportional Rate Reduction (RFC 6937 §3), as Linux's tcp_cwnd_reduction (3.2+):
 * while the flight is above ssthresh, send ssthresh/prior_cwnd of what is delivered, so
 * cwnd reaches ssthresh at the end of recovery without a burst or a stall; once the
 * flight is below ssthresh, grow back towards it like slow start, one segment more than
 * delivered per ACK that advances snd_una without new losses (PRR-SSRB), else no more
 * than delivered (PRR-CRB).
 */
export class Prr implements CwndReduction {
  private priorCwnd = 0;
  private delivered = 0;
  private out = 0;

  start(w: CongestionWindow): void {
    this.priorCwnd = w.cwnd;
    this.delivered = 0;
    this.out = 0;
    w.cwndCnt = 0;
  }

  onAck(w: CongestionWindow, ack: ReductionAck): void {
    if (ack.delivered <= 0 || this.priorCwnd === 0) return;
    this.delivered += ack.delivered;
    const delta = w.ssthresh - ack.inFlight;
    let sndcnt: number;
    if (delta < 0) {
      sndcnt = Math.ceil((w.ssthresh * this.delivered) / this.priorCwnd) - this.out;
    } else {
      sndcnt = Math.max(this.delivered - this.out, ack.delivered);
      if (ack.sndUnaAdvanced && ack.newlyLost === 0) sndcnt++;
      sndcnt = Math.min(delta, sndcnt);
    }
    // The first ACK of recovery always lets the fast retransmit out.
    sndcnt = Math.max(sndcnt, this.out > 0 ? 0 : 1);
    w.cwnd = ack.inFlight + sndcnt;
  }

  onSend(packets: number): void {
    this.out += packets;
  }

  /** tcp_end_cwnd_reduction: cwnd = ssthresh. */
  end(w: CongestionWindow): void {
    if (w.ssthresh < INFINITE_SSTHRESH) w.cwnd = w.ssthresh;
  }
}
