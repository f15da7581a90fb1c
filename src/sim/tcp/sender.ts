import type { Scheduler, Timer } from '../core/scheduler.ts';
import type { Nanoseconds } from '../core/time.ts';
import { DATA_RETRIES, RTO_MAX } from './config.ts';
import type { CongestionControl } from './congestion/congestion.ts';
import { RttEstimator } from './rtt.ts';
import { SendBuffer } from './send-buffer.ts';
import { toWire, unwrap } from './sequence.ts';
import type { TcpStats } from './stats.ts';

/** What the sender needs from its connection: segment emission and a few events. */
export interface SenderOutput {
  /**
   * Emit a segment carrying `payload` at absolute `seq` (FIN after it when `fin`). False
   * when the local device queue refused it: it did not leave.
   */
  sendSegment(seq: number, payload: Uint8Array, fin: boolean): boolean;
  /** Emit a zero-window probe: no payload, sequence snd_una − 1 (Linux tcp_xmit_probe_skb). */
  sendProbe(): void;
  /** Retries exhausted (tcp_retries2). */
  giveUp(): void;
}

const EMPTY = new Uint8Array(0);

/**
 * The send half (gVisor's snd.go): send buffer, SND.UNA/NXT/WND, segmentation with Nagle
 * and silly-window avoidance, RTO and persist timers, duplicate-ACK counting and NewReno
 * fast recovery with limited transmit. Positions are absolute: 0 is our SYN, stream
 * byte i is at i + 1, the FIN follows the last byte.
 */
export class Sender {
  iss = 0;
  sndUna = 0;
  sndNxt = 0;
  /** Highest position sent + 1 (snd_max); sndNxt < sndMax while going back after an RTO. */
  sndMax = 0;
  /** Peer's window in bytes (scaled). */
  sndWnd = 0;
  private sndWl1 = 0;
  private maxSndWnd = 0;
  /** Peer's window shift. */
  wscale = 0;
  /** Effective send MSS (payload bytes per segment). */
  mss = 536;
  noDelay = false;
  /** Absolute position of our FIN once close() queued it, else -1. */
  finAbs = -1;
  readonly buffer = new SendBuffer();
  readonly rtt = new RttEstimator();
  dupAcks = 0;
  inRecovery = false;
  /** In CWR after a local drop (Linux TCP_CA_CWR) until snd_una reaches `cwrHigh`. */
  inCwr = false;
  private cwrHigh = 0;
  /** RFC 6582 "recover": snd_max when recovery or loss began. */
  private recover = 0;
  /** End of the last sub-MSS segment sent (Minshall's Nagle variant, as Linux). */
  private sndSml = 0;
  /** Position whose ACK gives an RTT sample, or -1 (one timed segment, RFC 6298 §3). */
  private rtSeq = -1;
  private rtTime: Nanoseconds = 0;
  /** Consecutive RTO expiries without progress. */
  retries = 0;
  private probes = 0;

  constructor(
    private readonly scheduler: Scheduler,
    readonly cc: CongestionControl,
    private readonly stats: TcpStats,
    private readonly out: SenderOutput,
    private readonly retransmitTimer: Timer,
    private readonly persistTimer: Timer,
    readonly capacity: number,
  ) {}

  get dataEnd(): number {
    return 1 + this.buffer.end;
  }

  get flightSize(): number {
    return this.sndMax - this.sndUna;
  }

  get free(): number {
    return Math.max(0, this.capacity - this.buffer.used);
  }

  toWire(abs: number): number {
    return toWire(this.iss, abs);
  }

  toAbs(wireAck: number): number {
    return unwrap(this.iss, this.sndUna, wireAck);
  }

  /** Starts timing `seq` for an RTT sample unless a segment is already being timed. */
  timeSegment(seq: number): void {
    if (this.rtSeq < 0) {
      this.rtSeq = seq;
      this.rtTime = this.scheduler.now;
    }
  }

  /** Window from a segment's 16-bit field; SYN windows are never scaled (RFC 7323 §2.2). */
  initWindow(field: number, segSeq: number): void {
    this.sndWnd = field;
    this.maxSndWnd = field;
    this.sndWl1 = segSeq;
  }

  /** Sends what window, cwnd, Nagle and silly-window avoidance allow. */
  output(): void {
    const now = this.scheduler.now;
    for (;;) {
      const unsent = this.dataEnd - this.sndNxt;
      if (unsent <= 0) {
        if (this.finAbs >= 0 && this.sndNxt === this.finAbs) this.transmit(this.sndNxt, 0, true);
        break;
      }
      const retransmitting = this.sndNxt < this.sndMax;
      const wndEdge = this.sndUna + this.sndWnd;
      // RFC 3042 limited transmit: one more segment on each of the first two dup ACKs.
      const extra =
        !this.inRecovery && this.dupAcks > 0 && this.dupAcks < 3 ? this.dupAcks * this.mss : 0;
      const cwndEdge = this.sndUna + this.cc.cwnd + extra;
      const len = Math.min(this.mss, unsent, Math.min(wndEdge, cwndEdge) - this.sndNxt);
      if (len <= 0) break;
      if (len < this.mss && !retransmitting) {
        if (len < unsent) {
          // More data waits: cwnd counts whole segments (as Linux); a window-limited
          // segment must be at least half the largest window seen (RFC 9293 §3.8.6.2.1).
          if (cwndEdge <= wndEdge || len < this.maxSndWnd / 2) break;
        } else if (!this.noDelay && this.finAbs < 0 && this.sndSml > this.sndUna) {
          break; // Nagle (RFC 896) in Minshall's form: one small segment in flight.
        }
      }
      if (!this.transmit(this.sndNxt, len, this.finAbs >= 0 && this.sndNxt + len === this.finAbs)) {
        break; // tcp_write_xmit stops at a refused segment and retries on the next ACK
      }
    }
    if (this.sndMax === this.sndUna && this.pending() && !this.persistTimer.armed) {
      this.persistTimer.arm(now + this.persistTimeout());
    }
  }

  /** True when data or a FIN waits to be sent. */
  pending(): boolean {
    return this.dataEnd > this.sndNxt || (this.finAbs >= 0 && this.sndNxt <= this.finAbs);
  }

  /**
   * Processes the ACK field and window of an acceptable segment (RFC 9293 §3.10.7.4,
   * fifth step). Returns false when it acknowledges something not yet sent. The caller
   * runs output() afterwards, once the segment's data is in, so new segments carry the
   * freshest ACK.
   */
  onAck(ack: number, field: number, segSeq: number, isPureAck: boolean): boolean {
    if (ack > this.sndMax) return false;
    if (ack < this.sndUna) return true;
    const wnd = field * 2 ** this.wscale;
    const windowChanged = wnd !== this.sndWnd;
    // Linux tcp_may_update_window: any ACK that advances snd_una carries the window
    // (the right edge is snd_una + snd_wnd, so a window kept from an older ACK would
    // slide right with snd_una), as does a newer segment or a larger window.
    if (
      ack > this.sndUna ||
      segSeq > this.sndWl1 ||
      (segSeq === this.sndWl1 && wnd > this.sndWnd)
    ) {
      this.sndWnd = wnd;
      this.sndWl1 = segSeq;
      if (wnd > this.maxSndWnd) this.maxSndWnd = wnd;
    }
    if (ack === this.sndUna) {
      if (isPureAck && !windowChanged && this.sndMax > this.sndUna) this.onDupAck();
      else if (windowChanged) this.onWindowUpdate();
      return true;
    }
    this.onNewAck(ack);
    return true;
  }

  private onNewAck(ack: number): void {
    const now = this.scheduler.now;
    const acked = ack - this.sndUna;
    const priorFlight = this.flightSize;
    const dataAcked = Math.min(ack, this.dataEnd) - Math.max(this.sndUna, 1);
    if (dataAcked > 0) this.stats.bytesAcked += dataAcked;
    this.sndUna = ack;
    if (this.sndNxt < ack) this.sndNxt = ack;
    this.buffer.release(Math.min(ack, this.dataEnd) - 1);
    if (this.rtSeq >= 0 && ack > this.rtSeq) {
      this.rtt.sample(now - this.rtTime);
      this.stats.rttSamples++;
      this.rtSeq = -1;
    }
    this.retries = 0;
    if (this.inCwr) {
      if (ack >= this.cwrHigh) {
        this.inCwr = false;
        this.cc.onCwrEnd();
      } else {
        this.cc.onCwrAck(this.flightSize, this.mss);
      }
    } else if (this.inRecovery) {
      if (ack >= this.recover) {
        this.inRecovery = false;
        this.cc.onRecoveryEnd(this.flightSize, this.mss);
      } else {
        // RFC 6582 §3.2 step 3: a partial ACK retransmits the next hole at once.
        this.cc.onPartialAck(acked, this.mss);
        this.retransmitHead();
      }
    } else {
      this.cc.onAck(acked, this.mss, priorFlight + this.mss > this.cc.cwnd);
    }
    this.dupAcks = 0;
    // RFC 6298 §5.2–5.3.
    if (this.sndUna === this.sndMax) this.retransmitTimer.cancel();
    else this.retransmitTimer.arm(now + this.rtt.rto);
    if (this.sndWnd > 0) this.onWindowOpen();
  }

  private onDupAck(): void {
    this.dupAcks++;
    this.stats.dupAcksReceived++;
    if (this.inRecovery) {
      this.cc.onDupAckInRecovery(this.mss);
    } else if (this.dupAcks === 3 && this.sndUna >= this.recover) {
      // RFC 6582 §3.2 step 2 (the ACK covers more than recover): fast retransmit.
      this.recover = this.sndMax;
      this.inRecovery = true;
      this.inCwr = false;
      this.cc.onFastRetransmit(this.flightSize, this.mss);
      this.stats.fastRetransmits++;
      this.retransmitHead();
    }
  }

  private onWindowUpdate(): void {
    if (this.sndWnd > 0) this.onWindowOpen();
  }

  private onWindowOpen(): void {
    this.probes = 0;
    this.persistTimer.cancel();
  }

  /** Retransmits the first unacknowledged segment (fast retransmit, partial ACK, RTO). */
  retransmitHead(): void {
    const len = Math.max(0, Math.min(this.mss, this.dataEnd - this.sndUna));
    const fin = this.finAbs >= 0 && this.sndUna + len === this.finAbs && this.sndMax > this.finAbs;
    if (len === 0 && !fin) return;
    const nxt = this.sndNxt;
    this.transmit(this.sndUna, len, fin);
    if (nxt > this.sndNxt) this.sndNxt = nxt;
  }

  /** Sends [seq, seq + len) (+ FIN); false when the local queue refused it (then CWR). */
  private transmit(seq: number, len: number, fin: boolean): boolean {
    const retransmit = seq < this.sndMax;
    const payload = len > 0 ? this.buffer.slice(seq - 1, len) : EMPTY;
    if (!this.out.sendSegment(seq, payload, fin)) {
      this.onLocalDrop();
      return false;
    }
    if (retransmit) {
      this.stats.retransmits++;
      this.stats.bytesRetransmitted += len;
      this.rtSeq = -1; // Karn's rule
    } else {
      this.timeSegment(seq);
    }
    if (len > 0 && len < this.mss) this.sndSml = seq + len;
    this.sndNxt = seq + len + (fin ? 1 : 0);
    if (this.sndNxt > this.sndMax) this.sndMax = this.sndNxt;
    this.persistTimer.cancel();
    if (!this.retransmitTimer.armed) this.retransmitTimer.arm(this.scheduler.now + this.rtt.rto);
    return true;
  }

  /**
   * Linux tcp_transmit_skb → tcp_enter_cwr: a segment the local qdisc refused cuts
   * ssthresh and cwnd once (not again while in CWR or recovery) and is sent later; the
   * stream loses nothing.
   */
  private onLocalDrop(): void {
    if (this.inCwr || this.inRecovery) return;
    this.inCwr = true;
    this.cwrHigh = this.sndNxt;
    this.stats.cwrEntries++;
    this.cc.onLocalCongestion(this.flightSize, this.mss);
  }

  /** RTO expiry with data or FIN outstanding (RFC 6298 §5.4–5.6, RFC 5681 §3.1). */
  onRetransmitTimeout(): void {
    if (this.sndUna === this.sndMax) return;
    if (++this.retries > DATA_RETRIES) {
      this.out.giveUp();
      return;
    }
    this.stats.timeouts++;
    this.inCwr = false;
    // As Linux's tcp_enter_loss: ssthresh is cut once per loss episode, not per backoff.
    if (this.retries === 1) this.cc.onTimeout(this.flightSize, this.mss);
    else this.cc.onTimeout(2 * this.cc.ssthresh, this.mss);
    this.inRecovery = false;
    this.dupAcks = 0;
    this.recover = this.sndMax;
    this.rtt.backoff();
    this.sndNxt = this.sndUna;
    // The head goes out even into a closed window so a lost window update cannot deadlock.
    this.retransmitHead();
    this.output();
    this.retransmitTimer.arm(this.scheduler.now + this.rtt.rto);
  }

  /** Persist timer: probe a zero window, or send into a window too small for SWS rules. */
  onPersistTimeout(): void {
    if (this.sndMax !== this.sndUna || !this.pending()) return;
    const unsent = this.dataEnd - this.sndNxt;
    if (this.sndWnd === 0 || unsent <= 0) {
      this.out.sendProbe();
      this.stats.windowProbes++;
      this.probes++;
      this.persistTimer.arm(this.scheduler.now + this.persistTimeout());
      return;
    }
    // Linux tcp_write_wakeup: whatever fits in the offered window.
    this.transmit(this.sndNxt, Math.min(this.mss, this.sndWnd, unsent), false);
  }

  private persistTimeout(): Nanoseconds {
    return Math.min(RTO_MAX, this.rtt.rto * 2 ** this.probes);
  }

  /** Path MTU shrank: resegment everything unacknowledged at the new MSS, cwnd kept. */
  reduceMss(mss: number): void {
    if (mss >= this.mss) {
      this.mss = mss;
      return;
    }
    this.mss = mss;
    this.cc.onMssChange(mss);
    if (this.sndMax > this.sndUna) {
      this.sndNxt = this.sndUna;
      this.rtSeq = -1;
      this.output();
    }
  }

  /** Karn's rule for a SYN retransmitted by the connection. */
  forgetRttSample(): void {
    this.rtSeq = -1;
  }

  cancelTimers(): void {
    this.retransmitTimer.cancel();
    this.persistTimer.cancel();
  }
}
