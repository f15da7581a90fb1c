import type { Scheduler } from '../core/scheduler.ts';
import { ETHERNET_OVERHEAD } from '../wire/types.ts';
import type { Nanoseconds } from '../core/time.ts';
import {
  DATA_RETRIES,
  DEFAULT_MSS,
  IP_TCP_HEADERS,
  MIN_SEGMENT_HEADER_BYTES,
  RTO_MAX,
  TCP_HEADER_BYTES,
  type CongestionName,
  type ProfileRules,
} from './config.ts';
import {
  CongestionWindow,
  type AckSample,
  type CongestionControl,
  type RttSample,
} from './congestion/congestion.ts';
import { Cubic } from './congestion/cubic.ts';
import { NewReno, Reno24 } from './congestion/new-reno.ts';
import { WindowUse, type WindowUseState } from './congestion/window-use.ts';
import { LossRecovery, type AckEvent } from './recovery.ts';
import { RttEstimator } from './rtt.ts';
import { Scoreboard, type SackRtt } from './sack-scoreboard.ts';
import { SendBuffer } from './send-buffer.ts';
import { SmallQueues } from './small-queues.ts';
import { toWire, unwrap } from './sequence.ts';
import type { TcpStats } from './stats.ts';
import type { ConnectionTimers } from './timers.ts';

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

function congestionControl(name: CongestionName, rules: ProfileRules): CongestionControl {
  switch (name) {
    case 'cubic':
      return new Cubic();
    case 'newreno':
      return rules.growth === 'linux-2.4' ? new Reno24() : new NewReno();
  }
}

/**
 * The send half (gVisor's snd.go, Linux's tcp_output.c): send buffer, SND.UNA/NXT/WND,
 * segmentation with Nagle and the receiver's window, the retransmission queue
 * (sack-scoreboard.ts), loss recovery (recovery.ts), congestion control (congestion/)
 * and the RTO and probe timers. Positions are absolute: 0 is our SYN, stream byte i is
 * at i + 1, the FIN follows the last byte. snd_nxt never goes back: retransmissions are
 * sent from the scoreboard, as Linux does.
 */
export class Sender {
  iss = 0;
  sndUna = 0;
  sndNxt = 0;
  /** Peer's window in bytes (scaled). */
  sndWnd = 0;
  private sndWl1 = 0;
  /** Largest window the peer offered (max_window). */
  maxSndWnd = 0;
  /** Peer's window shift. */
  wscale = 0;
  /** Path MSS: payload bytes per segment the path and the peer allow (mss_cache). */
  mss = DEFAULT_MSS;
  /** TCP header bytes on each segment (20, or 32 with timestamps). */
  headerBytes = TCP_HEADER_BYTES;
  noDelay = false;
  /** Absolute position of our FIN once close() queued it, else -1. */
  finAbs = -1;
  readonly buffer = new SendBuffer();
  readonly rtt: RttEstimator;
  readonly board = new Scoreboard();
  readonly window = new CongestionWindow();
  readonly cc: CongestionControl;
  readonly recovery: LossRecovery;
  /** Consecutive RTO expiries without progress. */
  retries = 0;
  private probes = 0;
  /** End of the last sub-MSS segment sent (Minshall's Nagle variant, as Linux). */
  private sndSml = 0;
  /** When our SYN (or SYN-ACK) left, for the handshake's RTT sample, or -1 (Karn). */
  private synSentAt: Nanoseconds = -1;
  /** How fully cwnd is used, and restarts after idle. */
  private readonly use: WindowUse;
  /** Objects ack.ts fills anew on each ACK, so that an ACK allocates nothing. */
  readonly scratch = {
    sackRtt: { first: -1, last: -1 } as SackRtt,
    rtt: { rtt: 0, sndUna: 0, sndNxt: 0, pacingRate: 0, now: 0 } as RttSample,
    event: {
      sndUna: 0,
      sndNxt: 0,
      advanced: false,
      ackedPackets: 0,
      newlySacked: 0,
      isDupack: false,
      now: 0,
    } as AckEvent,
    grow: { acked: 0, cwndLimited: false, now: 0 } as AckSample,
  };
  private readonly useStateObject: WindowUseState = {
    sndUna: 0,
    sndNxt: 0,
    packetsOut: 0,
    rto: 0,
    mss: 0,
    srtt: 0,
    reducing: false,
  };
  /** Profile linux-2.4: 2.4's growth and segment-size rules. */
  readonly legacy: boolean;
  /** TCP Small Queues: this socket's bytes in the devices below, and the limit on them. */
  readonly tsq: SmallQueues;

  constructor(
    readonly scheduler: Scheduler,
    private readonly rules: ProfileRules,
    congestion: CongestionName,
    readonly stats: TcpStats,
    private readonly out: SenderOutput,
    private readonly timers: ConnectionTimers,
    readonly capacity: number,
  ) {
    this.rtt = new RttEstimator(rules.initialRto);
    this.cc = congestionControl(congestion, rules);
    this.recovery = new LossRecovery(rules, this.board, this.window, this.cc, stats);
    this.legacy = rules.growth === 'linux-2.4';
    this.tsq = new SmallQueues(rules.limitOutputBytes);
    this.use = new WindowUse(this.window, this.cc, rules.initialWindow, this.legacy);
  }

  /** snd_max: the highest position sent + 1 (snd_nxt never goes back here). */
  get sndMax(): number {
    return this.sndNxt;
  }

  get dataEnd(): number {
    return 1 + this.buffer.end;
  }

  /** Bytes sent and not yet cumulatively acknowledged. */
  get flightSize(): number {
    return this.sndNxt - this.sndUna;
  }

  get free(): number {
    return Math.max(0, this.capacity - this.buffer.used);
  }

  get inRecovery(): boolean {
    return this.recovery.state === 'recovery';
  }

  toWire(abs: number): number {
    return toWire(this.iss, abs);
  }

  toAbs(wireAck: number): number {
    return unwrap(this.iss, this.sndUna, wireAck);
  }

  /** Our SYN (or SYN-ACK) left now: its ACK gives the first RTT sample (RFC 6298 §2.2). */
  timeSyn(): void {
    this.synSentAt = this.scheduler.now;
  }

  /** Karn's rule for a SYN retransmitted by the connection. */
  forgetRttSample(): void {
    this.synSentAt = -1;
  }

  /** Window from a segment's 16-bit field; SYN windows are never scaled (RFC 7323 §2.2). */
  initWindow(field: number, segSeq: number): void {
    this.sndWnd = field;
    this.maxSndWnd = field;
    this.sndWl1 = segSeq;
  }

  /** Our SYN was acknowledged (RFC 6298: the handshake gives the first RTT sample). */
  synAcked(): void {
    if (this.synSentAt >= 0) this.sampleRtt(this.scheduler.now - this.synSentAt);
    this.synSentAt = -1;
    this.sndUna = 1;
    this.timers.cancel('retransmit');
  }

  /** At establishment: the initial window (RFC 6928 / 2.4's 2) and congestion control. */
  start(): void {
    this.window.cwnd = this.rules.initialWindow;
    this.cc.init(this.window, this.sndNxt, this.scheduler.now);
  }

  /**
   * The segment size now (tcp_current_mss): the path MSS, but never more than half the
   * largest window the peer offered (tcp_bound_to_half_wnd; RFC 1122 §4.2.3.4's sender
   * silly-window rule), so a receive buffer smaller than one MSS still gets data.
   */
  sendMss(): number {
    const maxWindow = this.maxSndWnd;
    // 2.4 always halves; modern Linux leaves windows up to 536 bytes whole.
    const cutoff = this.legacy || maxWindow > DEFAULT_MSS ? maxWindow >> 1 : maxWindow;
    if (cutoff > 0 && this.mss > cutoff) {
      return Math.max(cutoff, MIN_SEGMENT_HEADER_BYTES - this.headerBytes);
    }
    return this.mss;
  }

  /** True when data or a FIN waits to be sent. */
  pending(): boolean {
    return this.dataEnd > this.sndNxt || (this.finAbs >= 0 && this.sndNxt <= this.finAbs);
  }

  /**
   * Sends what may go now (tcp_xmit_retransmit_queue, then tcp_write_xmit): segments
   * tagged lost first, then new data, each while packets in flight < cwnd and within the
   * peer's window, with Nagle for a small tail.
   */
  output(): void {
    const now = this.scheduler.now;
    this.retransmitLost();
    if (this.board.packetsOut === 0 && this.dataEnd > this.sndNxt) {
      this.use.beforeSendingAfterIdle(this.useState(), now);
    }
    const mss = this.sendMss();
    let sent = 0;
    let cwndLimited = false;
    for (;;) {
      const len = Math.min(mss, Math.max(0, this.dataEnd - this.sndNxt));
      const fin = this.finAbs >= 0 && this.sndNxt + len === this.finAbs;
      if (len === 0 && !fin) break;
      // tcp_cwnd_test: a FIN alone is not held back by cwnd.
      if (len > 0 && this.board.inFlight >= this.window.cwnd) {
        cwndLimited = true;
        break;
      }
      // tcp_snd_wnd_test: the whole segment must fit the offered window.
      if (this.sndNxt + len + (fin ? 1 : 0) > this.sndUna + this.sndWnd) break;
      // Nagle (RFC 896) in Minshall's form: a small tail waits while a small segment flies.
      if (len < mss && !fin && !this.noDelay && this.nagleHolds()) break;
      if (this.tsqHolds(len, false)) break;
      if (!this.transmitNew(len, fin)) break;
      sent++;
    }
    if (this.board.inFlight >= this.window.cwnd) cwndLimited = true;
    if (sent > 0 || cwndLimited) this.use.validate(this.useState(), cwndLimited);
    // tcp_check_probe_timer: nothing in flight yet data waits (window too small or closed).
    if (
      this.board.packetsOut === 0 &&
      this.pending() &&
      !this.timers.isArmed('probe') &&
      !this.timers.isArmed('retransmit')
    ) {
      this.timers.arm('probe', now + this.probeTimeout());
    }
  }

  /** TCP Small Queues: a segment of `len` waits while the devices hold enough of ours. */
  private tsqHolds(len: number, retransmission: boolean): boolean {
    const tsq = this.tsq;
    if (!tsq.enabled) return false;
    // The frame's bytes: payload, TCP header with options, IP header, Ethernet and FCS.
    const bytes = len + this.headerBytes + IP_TCP_HEADERS - TCP_HEADER_BYTES + ETHERNET_OVERHEAD;
    return tsq.holds(bytes, this.pacingRate(), this.board.packetsOut, retransmission);
  }

  private nagleHolds(): boolean {
    return this.board.packetsOut > 0 && this.sndSml > this.sndUna && this.sndSml <= this.sndNxt;
  }

  /** tcp_is_cwnd_limited, for the growth rule of profile linux. */
  isCwndLimited(): boolean {
    return this.use.isCwndLimited();
  }

  private useState(): WindowUseState {
    const u = this.useStateObject;
    u.sndUna = this.sndUna;
    u.sndNxt = this.sndNxt;
    u.packetsOut = this.board.packetsOut;
    u.rto = this.rtt.rto;
    u.mss = this.mss;
    u.srtt = this.rtt.srtt;
    u.reducing = this.recovery.reducing;
    return u;
  }

  /** Sends new data [snd_nxt, +len) (+FIN) and queues it for retransmission. */
  transmitNew(len: number, fin: boolean): boolean {
    const now = this.scheduler.now;
    const seq = this.sndNxt;
    if (!this.send(seq, len, fin)) return false;
    const end = seq + len + (fin ? 1 : 0);
    this.board.push(seq, end, now);
    if (len > 0 && len < this.sendMss()) this.sndSml = seq + len;
    if (len > 0) this.use.dataSent(now);
    this.sndNxt = end;
    if (this.recovery.reducing) this.recovery.reduction.onSend(1);
    if (!this.timers.isArmed('retransmit')) this.timers.arm('retransmit', now + this.rtt.rto);
    return true;
  }

  /** tcp_xmit_retransmit_queue: retransmit segments tagged lost while cwnd allows. */
  private retransmitLost(): void {
    const board = this.board;
    while (board.retransOut < board.lostOut && board.inFlight < this.window.cwnd) {
      const i = board.nextLost();
      if (i < 0 || this.tsqHolds(this.sendMss(), true) || !this.retransmit(i)) return;
    }
  }

  /**
   * tcp_retransmit_skb: resends scoreboard record i, at most one segment and only what
   * the peer's window takes; a record starting beyond the window waits, except the head,
   * which goes even into a closed window (it then probes it).
   */
  retransmit(i: number): boolean {
    const board = this.board;
    const start = board.start(i);
    const end = board.end(i);
    const finHere = this.finAbs >= 0 && end === this.finAbs + 1;
    const dataEnd = finHere ? end - 1 : end;
    let len = Math.min(dataEnd - start, this.sendMss());
    const avail = this.sndUna + this.sndWnd - start;
    if (avail <= 0) {
      if (start !== this.sndUna) return false;
    } else if (len > avail) {
      len = avail;
    }
    const fin = finHere && start + len === dataEnd;
    if (len <= 0 && !fin) return false;
    if (!this.send(start, len, fin)) return false;
    const now = this.scheduler.now;
    board.retransmitted(i, start + len + (fin ? 1 : 0), now);
    this.stats.retransmits++;
    this.stats.bytesRetransmitted += len;
    if (len > 0) this.use.dataSent(now);
    if (this.recovery.reducing) this.recovery.reduction.onSend(1);
    if (i === 0) this.timers.arm('retransmit', now + this.rtt.rto);
    return true;
  }

  /** Hands [seq, seq + len) (+ FIN) to the connection; false when the local queue refused it. */
  private send(seq: number, len: number, fin: boolean): boolean {
    const payload = len > 0 ? this.buffer.slice(seq - 1, len) : EMPTY;
    if (this.out.sendSegment(seq, payload, fin)) return true;
    // Linux tcp_transmit_skb → tcp_enter_cwr: the segment is sent later; nothing is lost.
    this.recovery.enterCwr(this.sndNxt);
    return false;
  }

  /** RTO expiry with data or FIN outstanding (RFC 6298 §5.4–5.6, RFC 5681 §3.1). */
  onRetransmitTimeout(): void {
    if (this.board.packetsOut === 0) return;
    if (++this.retries > DATA_RETRIES) {
      this.out.giveUp();
      return;
    }
    const now = this.scheduler.now;
    this.stats.timeouts++;
    this.recovery.enterLoss(this.sndUna, this.sndNxt, this.retries === 1, now);
    this.rtt.backoff();
    this.retransmit(0);
    this.timers.arm('retransmit', now + this.rtt.rto);
  }

  /**
   * Probe timer (tcp_probe_timer → tcp_write_wakeup): send whatever part of the next
   * segment the window takes; with no window at all, a zero-window probe.
   */
  onProbeTimeout(): void {
    if (this.board.packetsOut > 0 || !this.pending()) {
      this.probes = 0;
      return;
    }
    const room = this.sndUna + this.sndWnd - this.sndNxt;
    const unsent = this.dataEnd - this.sndNxt;
    if (room > 0 && unsent > 0) {
      const len = Math.min(this.sendMss(), room, unsent);
      const fin = this.finAbs >= 0 && this.sndNxt + len === this.finAbs && len < room;
      if (this.transmitNew(len, fin)) {
        this.probes = 0;
        return;
      }
    }
    this.out.sendProbe();
    this.stats.windowProbes++;
    this.probes++;
    this.timers.arm('probe', this.scheduler.now + this.probeTimeout());
  }

  private probeTimeout(): Nanoseconds {
    return Math.min(RTO_MAX, this.rtt.rto * 2 ** this.probes);
  }

  /**
   * The window opened (an ACK with room): probing stops (tcp_ack_probe). The caller's
   * output() re-arms the probe timer if the window still takes nothing.
   */
  windowOpened(): void {
    this.probes = 0;
    this.timers.cancel('probe');
  }

  /**
   * Path MTU shrank (tcp_simple_retransmit): segments longer than the new MSS are lost
   * and go again at the new size; cwnd in segments is kept. The caller sends.
   */
  reduceMss(mss: number): void {
    if (mss >= this.mss) {
      this.mss = mss;
      return;
    }
    this.mss = mss;
    const marked = this.board.markLongerThanLost(this.sendMss(), this.finAbs + 1);
    this.recovery.onMtuDrop(marked, this.sndNxt, this.scheduler.now);
  }

  /** tcp_update_pacing_rate, bytes/s: mss·cwnd/srtt, ×2 in early slow start, else ×1.2. */
  pacingRate(): number {
    const srtt = this.rtt.srtt;
    if (srtt <= 0) return 0;
    const w = this.window;
    const ratio = w.cwnd < w.ssthresh / 2 ? 2 : 1.2;
    return (this.mss * Math.max(w.cwnd, this.board.packetsOut) * ratio * 1e9) / srtt;
  }

  /** RFC 6298 §5.2–5.3: restart the RTO on new data acknowledged, stop it when all is. */
  rearmRetransmitTimer(): void {
    if (this.board.packetsOut === 0) this.timers.cancel('retransmit');
    else this.timers.arm('retransmit', this.scheduler.now + this.rtt.rto);
  }

  /**
   * An RTT sample (RFC 6298 §2.2–2.3), taken as Linux takes them: on every ACK that
   * newly covers a segment never retransmitted (Karn), from the segment's send time.
   */
  sampleRtt(rtt: Nanoseconds): void {
    this.rtt.sample(rtt);
    this.stats.rttSamples++;
  }

  /** Applies a window from an acceptable segment if Linux's tcp_may_update_window allows. */
  updateWindow(ack: number, field: number, segSeq: number): boolean {
    const wnd = field * (1 << this.wscale);
    if (
      ack > this.sndUna ||
      segSeq > this.sndWl1 ||
      (segSeq === this.sndWl1 && wnd > this.sndWnd)
    ) {
      this.sndWnd = wnd;
      this.sndWl1 = segSeq;
      if (wnd > this.maxSndWnd) this.maxSndWnd = wnd;
      return true;
    }
    return false;
  }

  cancelTimers(): void {
    this.timers.cancel('retransmit');
    this.timers.cancel('probe');
  }
}
