import type { Nanoseconds } from '../../core/time.ts';
import type { CongestionControl, CongestionWindow } from './congestion.ts';

/** What WindowUse reads of the sender at each call. */
export interface WindowUseState {
  sndUna: number;
  sndNxt: number;
  /** Segments sent and not acknowledged (packets_out). */
  packetsOut: number;
  /** The current RTO: the idle time after which the window restarts. */
  rto: Nanoseconds;
  /** Path MSS (mss_cache) and smoothed RTT, for 2.4's restart window. */
  mss: number;
  srtt: Nanoseconds;
  /** Recovery or CWR runs (tcp_in_cwnd_reduction). */
  reducing: boolean;
}

/**
 * How fully the sender uses cwnd, and what idleness does to it (Linux tcp_cwnd_validate,
 * tcp_is_cwnd_limited, tcp_cwnd_restart): cwnd grows only while it limits the sender
 * (RFC 7661 §4.3), and after an idle period longer than the RTO it restarts from the
 * restart window (RFC 5681 §4.1), which 2.4 and modern Linux both do by default.
 */
export class WindowUse {
  /** When data was last sent (lsndtime), or -1. */
  private lastDataSent: Nanoseconds = -1;
  private cwndLimited = false;
  private maxPacketsOut = 0;
  private cwndUsageSeq = 0;

  constructor(
    private readonly window: CongestionWindow,
    private readonly cc: CongestionControl,
    private readonly initialWindow: number,
    /** Profile linux-2.4: RFC 2414's restart window (tcp_init_cwnd), not the initial one. */
    private readonly legacy: boolean,
  ) {}

  /** Data left now. */
  dataSent(now: Nanoseconds): void {
    this.lastDataSent = now;
  }

  /**
   * Before new data goes with nothing in flight: CUBIC shifts its epoch by the idle time
   * (CA_EVENT_TX_START) and, after more than an RTO, cwnd halves per RTO idle down to
   * the restart window (tcp_cwnd_restart).
   */
  beforeSendingAfterIdle(s: WindowUseState, now: Nanoseconds): void {
    if (this.lastDataSent < 0) return;
    const idle = now - this.lastDataSent;
    this.cc.onTxStart(idle, now);
    if (idle <= s.rto) return;
    const w = this.window;
    const restart = Math.min(this.restartWindow(s), w.cwnd);
    w.ssthresh = currentSsthresh(w, s.reducing);
    let cwnd = w.cwnd;
    for (let left = idle - s.rto; left > 0 && cwnd > restart; left -= s.rto) cwnd >>= 1;
    w.cwnd = Math.max(cwnd, restart);
  }

  /**
   * The restart window (tcp_init_cwnd): the initial window in modern Linux; in 2.4 RFC
   * 2414's 2–4 segments by MSS, 2 when the RTT is over 20 ms before any loss.
   */
  private restartWindow(s: WindowUseState): number {
    if (!this.legacy) return this.initialWindow;
    if (s.mss > 1460) return 2;
    const cwnd = s.mss > 1095 ? 3 : 4;
    if (s.srtt === 0 || (this.window.ssthresh >= 0xffff && s.srtt > 20e6)) return 2;
    return Math.min(cwnd, this.window.ssthresh);
  }

  /** tcp_cwnd_validate: remember whether cwnd limited the sender over the last window. */
  validate(s: WindowUseState, limited: boolean): void {
    if (
      s.sndUna >= this.cwndUsageSeq ||
      limited ||
      (!this.cwndLimited && s.packetsOut > this.maxPacketsOut)
    ) {
      this.cwndLimited = limited;
      this.maxPacketsOut = s.packetsOut;
      this.cwndUsageSeq = s.sndNxt;
    }
  }

  /** tcp_is_cwnd_limited: cwnd was the limit, or in slow start cwnd < 2 × packets out. */
  isCwndLimited(): boolean {
    if (this.cwndLimited) return true;
    if (this.window.inSlowStart) return this.window.cwnd < 2 * this.maxPacketsOut;
    return false;
  }
}

/** tcp_current_ssthresh: ssthresh, or ¾ cwnd if that is more and no reduction runs. */
export function currentSsthresh(w: CongestionWindow, reducing: boolean): number {
  if (reducing) return w.ssthresh;
  return Math.max(w.ssthresh, (w.cwnd >> 1) + (w.cwnd >> 2));
}
