import type { CongestionWindow } from './congestion.ts';
import type { CwndReduction, ReductionAck } from './reduction.ts';

/**
 * Linux 2.4's cwnd reduction in Recovery and CWR (tcp_cwnd_down, 2.4.20 tcp_input.c),
 * where 2.4 differs from modern Linux's PRR: one segment off cwnd every second ACK while
 * cwnd is above ssthresh / 2 (sic: 2.4 lets it fall below ssthresh), and never more than
 * one segment beyond what is in flight; on exit cwnd = min(cwnd, ssthresh)
 * (tcp_complete_cwr). The sender keeps cwnd un-inflated throughout (no RFC 6582
 * inflation: 2.4 counts dupACKs as SACKed packets instead).
 */
export class RateHalving implements CwndReduction {
  start(w: CongestionWindow): void {
    w.cwndCnt = 0;
  }

  onAck(w: CongestionWindow, ack: ReductionAck): void {
    let decr = w.cwndCnt + 1;
    w.cwndCnt = decr & 1;
    decr >>= 1;
    if (decr > 0 && w.cwnd > Math.floor(w.ssthresh / 2)) w.cwnd -= decr;
    w.cwnd = Math.min(w.cwnd, ack.inFlight + 1);
  }

  onSend(): void {}

  end(w: CongestionWindow): void {
    w.cwnd = Math.min(w.cwnd, w.ssthresh);
  }
}
