import type { Scheduler } from '../core/scheduler.ts';
import type { Nanoseconds } from '../core/time.ts';
import type { TcpStateName } from '../metrics/results.ts';
import { TcpFlag, type Ipv4, type TcpSegment } from '../wire/types.ts';
import { AckPolicy } from './ack-policy.ts';
import type { AckInput } from './ack.ts';
import {
  DEFAULT_MSS,
  congestionOf,
  profileRules,
  type ProfileRules,
  type TcpConfig,
} from './config.ts';
import { Receiver } from './receive.ts';
import { Sender, type SenderOutput } from './sender.ts';
import { TcpStats } from './stats.ts';
import type { TcpLower } from './stack.ts';
import { retransmitSyn } from './handshake.ts';
import { segmentArrives } from './input.ts';
import { effectiveMss, learnPeerSyn } from './options.ts';
import { sendSegment } from './output.ts';
import { tcpInfoOf, type TcpInfo } from './tcp-info.ts';
import { ConnectionTimers } from './timers.ts';
import { TimeWaitRecord } from './time-wait.ts';

const { FIN, SYN, RST, PSH, ACK } = TcpFlag;
const EMPTY = new Uint8Array(0);

export type CloseReason = 'normal' | 'reset' | 'timeout';

/** What a connection needs from the stack that owns it. */
export interface ConnectionHost {
  readonly scheduler: Scheduler;
  readonly lower: TcpLower;
  readonly config: TcpConfig;
  readonly name: string;
  /** The connection reached CLOSED: forget it. */
  release(conn: TcpConnection): void;
  /** The connection entered TIME_WAIT: forget it, keep `record` for the wait. */
  enterTimeWait(conn: TcpConnection, record: TimeWaitRecord): TimeWaitRecord;
  /** The connection dropped arriving data its receive buffer had no room for. */
  socketDrop(conn: TcpConnection): void;
  /** Answers `seg` with a RST built from it alone (RFC 9293 §3.10.7.1). */
  sendReset(localIp: Ipv4, remoteIp: Ipv4, seg: TcpSegment): void;
}

/**
 * One TCP connection: the RFC 9293 state machine (§3.10) joining a Sender and a
 * Receiver, option negotiation, the acceptability, RST and SYN rules, and the timers.
 * Segment arrival is in input.ts; the send half in sender.ts, ack.ts, recovery.ts; the
 * receive half in receive.ts and ack-policy.ts.
 */
export class TcpConnection {
  readonly stats = new TcpStats();
  onEstablished?: () => void;
  onReadable?: () => void;
  onWritable?: () => void;
  onClosed?: (reason: CloseReason) => void;
  /** Called on every state transition (after it), e.g. to free card resources at TIME_WAIT. */
  onStateChange?: (state: TcpStateName) => void;
  /** A segment with PSH arrived since the application last read. */
  pushed = false;

  /** @internal the halves and their shared state, used by input.ts. */
  st: TcpStateName = 'CLOSED';
  readonly sender: Sender;
  readonly receiver: Receiver;
  readonly ackPolicy: AckPolicy;
  readonly timers: ConnectionTimers;
  readonly scheduler: Scheduler;
  readonly config: TcpConfig;
  readonly rules: ProfileRules;
  /** Options we put in our SYN or SYN-ACK. */
  offerTs: boolean;
  offerSack: boolean;
  offerWscale: boolean;
  tsOn = false;
  sackOn = false;
  /** TS.Recent (RFC 7323 §4.3): the timestamp we echo. */
  tsRecent = 0;
  /** The peer's MSS option (536 when its SYN had none). */
  peerMss = DEFAULT_MSS;
  private synRetries = 0;
  private writeBlocked = false;
  private closePending = false;
  /** close() (not shutdown()) was called: data arriving now is answered with RST. */
  readClosed = false;
  /** When the last rate-limited ACK went out (tcp_oow_rate_limited), or -1. */
  lastOowAck: Nanoseconds = -1;
  /** Once in TIME_WAIT: the record the stack keeps for the wait instead of this object. */
  private timeWaitRecord: TimeWaitRecord | null = null;
  /** Filled anew for each arriving ACK (input.ts), so that an ACK allocates nothing. */
  readonly ackInputScratch: AckInput = {
    ack: 0,
    window: 0,
    seq: 0,
    occupiesSequence: false,
    sack: null,
  };

  constructor(
    readonly host: ConnectionHost,
    readonly id: number,
    readonly localIp: Ipv4,
    readonly localPort: number,
    readonly remoteIp: Ipv4,
    readonly remotePort: number,
    iss: number,
    /** Set for passive opens: called once the handshake completes. */
    readonly onAccept: ((c: TcpConnection) => void) | null,
    config: TcpConfig = host.config,
  ) {
    this.scheduler = host.scheduler;
    this.config = config;
    this.rules = profileRules(config.profile);
    this.timers = new ConnectionTimers(
      this.scheduler,
      `${host.name} tcp#${id}`,
      {
        retransmit: () => this.onRetransmitTimer(),
        probe: () => this.sender.onProbeTimeout(),
      },
      () => this.onDelayedAckTimer(),
    );
    const output: SenderOutput = {
      sendSegment: (seq, payload, fin) => this.sendData(seq, payload, fin),
      sendProbe: () => {
        this.emit(ACK, this.sender.sndUna - 1, EMPTY);
      },
      giveUp: () => this.closeWith('timeout'),
    };
    this.sender = new Sender(
      this.scheduler,
      this.rules,
      congestionOf(config),
      this.stats,
      output,
      this.timers,
      config.sendBufferBytes,
    );
    this.sender.iss = iss >>> 0;
    this.sender.noDelay = !config.nagle;
    this.receiver = new Receiver(config.recvBufferBytes);
    this.ackPolicy = new AckPolicy(this.receiver, config.delayedAck);
    this.offerTs = config.timestamps;
    this.offerSack = config.sack;
    this.offerWscale = config.windowScaling;
  }

  enter(state: TcpStateName): void {
    if (state === this.st) return;
    this.st = state;
    this.onStateChange?.(state);
  }

  get state(): TcpStateName {
    // A connection in TIME_WAIT lives on as its stack's record; when the wait ends, CLOSED.
    return this.timeWaitRecord?.ended === true ? 'CLOSED' : this.st;
  }

  // ---- observable state -------------------------------------------------------------
  /** Congestion window in bytes (Linux counts it in segments: tcpInfo().cwnd). */
  get cwnd(): number {
    return this.sender.window.cwnd * this.sender.mss;
  }
  /** Slow-start threshold in bytes (0x7fffffff while none). */
  get ssthresh(): number {
    const s = this.sender.window.ssthresh;
    return s >= 0x7fff_ffff ? s : s * this.sender.mss;
  }
  get srtt(): number {
    return this.sender.rtt.srtt;
  }
  get rttvar(): number {
    return this.sender.rtt.rttvar;
  }
  get rto(): number {
    return this.sender.rtt.rto;
  }
  get flightSize(): number {
    return this.sender.flightSize;
  }
  get sndUna(): number {
    return this.sender.toWire(this.sender.sndUna);
  }
  get sndNxt(): number {
    return this.sender.toWire(this.sender.sndNxt);
  }
  get sndWnd(): number {
    return this.sender.sndWnd;
  }
  get rcvNxt(): number {
    return this.receiver.toWire(this.receiver.rcvNxt);
  }
  get rcvWnd(): number {
    return this.receiver.window;
  }
  get mss(): number {
    return this.sender.mss;
  }
  get inRecovery(): boolean {
    return this.sender.inRecovery;
  }
  get sendBufferUsed(): number {
    return this.sender.buffer.used;
  }
  get recvBufferUsed(): number {
    return this.receiver.used;
  }
  /** True once the peer's FIN has been received in order (end of stream). */
  get eof(): boolean {
    return this.receiver.finReceived;
  }
  get noDelay(): boolean {
    return this.sender.noDelay;
  }
  set noDelay(on: boolean) {
    this.sender.noDelay = on;
    if (on && this.canSendData()) this.sender.output();
  }
  /** Linux's struct tcp_info for this connection (getsockopt TCP_INFO). */
  tcpInfo(): TcpInfo {
    return tcpInfoOf(this);
  }

  // ---- application interface ----------------------------------------------------------
  /**
   * A layer above TCP (a socket that charges copy costs first) found the buffer full:
   * call onWritable when space opens, exactly as after a short write.
   */
  requestWritable(): void {
    this.writeBlocked = true;
  }

  /** Appends to the send buffer (views kept, never copied); returns bytes accepted. */
  write(data: Uint8Array): number {
    if (this.sender.finAbs >= 0 || this.closePending || !this.canQueueData()) return 0;
    const n = Math.min(this.sender.free, data.length);
    if (n < data.length) this.writeBlocked = true;
    if (n === 0) return 0;
    this.sender.buffer.append(n === data.length ? data : data.subarray(0, n));
    this.stats.bytesWritten += n;
    if (this.canSendData()) this.sender.output();
    return n;
  }

  sendBufferFree(): number {
    return this.sender.free;
  }

  readable(): number {
    return this.receiver.readyBytes;
  }

  /** Consumes in-order bytes; sends a window update when the window grows enough. */
  read(max: number, sink: (chunk: Uint8Array) => void): number {
    this.pushed = false;
    const n = this.receiver.read(max, sink);
    if (n === 0) return 0;
    this.stats.bytesDelivered += n;
    if (this.receiving() && !this.receiver.finReceived && this.ackPolicy.windowUpdateDue()) {
      this.stats.windowUpdatesSent++;
      this.sendAck();
    }
    return n;
  }

  /**
   * close(): with unread data the connection is reset (RFC 2525 §2.17, Linux tcp_close:
   * "unread data was tossed, zap the connection"); otherwise a FIN follows the data
   * already written (RFC 9293 §3.10.4), and data arriving afterwards is answered with RST.
   */
  close(): void {
    if (this.receiver.readyBytes > 0 && this.synchronized()) {
      this.stats.resetsOnClose++;
      this.abort();
      return;
    }
    this.readClosed = true;
    this.shutdown();
  }

  /** shutdown(SHUT_WR): queue a FIN after the data already written; keep receiving. */
  shutdown(): void {
    switch (this.st) {
      case 'CLOSED':
      case 'LISTEN':
        return;
      case 'SYN_SENT':
        this.closeWith('normal');
        return;
      case 'SYN_RECEIVED':
        this.closePending = true;
        return;
      case 'ESTABLISHED':
        this.queueFin('FIN_WAIT_1');
        return;
      case 'CLOSE_WAIT':
        this.queueFin('LAST_ACK');
        return;
      case 'FIN_WAIT_1':
      case 'FIN_WAIT_2':
      case 'CLOSING':
      case 'LAST_ACK':
      case 'TIME_WAIT':
        return;
    }
  }

  /** Sends RST and drops the connection (RFC 9293 §3.10.5). */
  abort(): void {
    if (this.st === 'CLOSED') return;
    if (this.st !== 'SYN_SENT' && this.st !== 'TIME_WAIT' && this.st !== 'LISTEN') {
      this.emitRaw(RST | ACK, this.sender.toWire(this.sender.sndNxt), EMPTY);
    }
    this.closeWith('reset');
  }

  // ---- opening ------------------------------------------------------------------------
  /** Active open: send our SYN. */
  openActive(): void {
    this.enter('SYN_SENT');
    this.sendSyn(SYN);
  }

  /** Passive open from a listener's SYN (RFC 9293 §3.10.7.2). */
  openPassive(seg: TcpSegment): void {
    this.offerTs = this.config.timestamps && seg.tsVal !== null;
    this.offerSack = this.config.sack && seg.sackPermitted;
    this.offerWscale = this.config.windowScaling && seg.windowScale !== null;
    this.learnSyn(seg);
    this.sender.initWindow(seg.window, 0);
    this.enter('SYN_RECEIVED');
    this.sendSyn(SYN | ACK);
  }

  sendSyn(flags: number): void {
    const s = this.sender;
    if (s.sndNxt === 0) s.timeSyn();
    this.emit(flags, 0, EMPTY);
    s.sndNxt = 1;
    this.timers.arm('retransmit', this.scheduler.now + s.rtt.rto);
  }

  /** Records the peer's SYN: its sequence number and options (options.ts). */
  learnSyn(seg: TcpSegment): void {
    learnPeerSyn(this, seg);
  }

  establish(): void {
    this.enter('ESTABLISHED');
    this.sender.start();
    this.ackPolicy.initRcvMss(this.receiver.advertisedMss, this.sender.mss);
    if (this.onAccept !== null) this.onAccept(this);
    this.onEstablished?.();
    if (this.closePending && this.st === 'ESTABLISHED') {
      this.closePending = false;
      this.queueFin('FIN_WAIT_1');
    }
  }

  private queueFin(next: 'FIN_WAIT_1' | 'LAST_ACK'): void {
    this.sender.finAbs = this.sender.dataEnd;
    this.enter(next);
    this.sender.output();
  }

  /** Path MTU fell (ICMP fragmentation needed): shrink the MSS, resegment, keep cwnd. */
  pmtuChanged(mtu: number): void {
    if (this.st === 'CLOSED' || this.st === 'LISTEN' || this.st === 'SYN_SENT') return;
    const mss = effectiveMss(this.peerMss, mtu, this.tsOn);
    if (mss >= this.sender.mss) return;
    this.stats.pmtuReductions++;
    this.sender.reduceMss(mss);
    if (this.canSendData()) this.sender.output();
  }

  // ---- segment arrival (input.ts) -----------------------------------------------------
  input(seg: TcpSegment): void {
    segmentArrives(this, seg);
  }

  // ---- states -----------------------------------------------------------------------
  /** State read through a call so TypeScript does not narrow across callbacks. */
  isClosed(): boolean {
    return this.st === 'CLOSED';
  }

  synchronized(): boolean {
    return this.st !== 'CLOSED' && this.st !== 'LISTEN' && this.st !== 'SYN_SENT';
  }

  receiving(): boolean {
    return this.st === 'ESTABLISHED' || this.st === 'FIN_WAIT_1' || this.st === 'FIN_WAIT_2';
  }

  private canQueueData(): boolean {
    return (
      this.st === 'SYN_SENT' ||
      this.st === 'SYN_RECEIVED' ||
      this.st === 'ESTABLISHED' ||
      this.st === 'CLOSE_WAIT'
    );
  }

  canSendData(): boolean {
    switch (this.st) {
      case 'ESTABLISHED':
      case 'CLOSE_WAIT':
      case 'FIN_WAIT_1':
      case 'CLOSING':
      case 'LAST_ACK':
        return true;
      default:
        return false;
    }
  }

  /** The wait itself is the stack's (`retire`, once the segment that led here is answered). */
  enterTimeWait(): void {
    this.enter('TIME_WAIT');
    this.sender.cancelTimers();
    this.timers.delayedAck.cancel();
  }

  /**
   * Linux tcp_time_wait: the connection becomes a small TIME_WAIT record in its stack
   * (addresses, snd_nxt, rcv_nxt, the window last offered, TS.Recent), which answers and
   * times the wait; this object, its buffers and its timers are let go. The application
   * has closed, so it is told nothing more (tcp_time_wait frees an orphaned socket).
   */
  private retire(): void {
    const r = this.receiver;
    const s = this.sender;
    this.timers.cancelAll();
    this.timers.release();
    const offered = Math.max(0, r.advRight - r.rcvNxt);
    this.timeWaitRecord = this.host.enterTimeWait(
      this,
      new TimeWaitRecord(
        this.localIp,
        this.localPort,
        this.remoteIp,
        this.remotePort,
        s.toWire(s.sndNxt),
        r.toWire(r.rcvNxt),
        Math.min(65535, Math.floor(offered / 2 ** r.wscale)),
        this.tsOn,
        this.tsRecent,
      ),
    );
  }

  /** After an arrival: send what the sender may, then an ACK if one is still owed. */
  flush(): void {
    if (this.st === 'CLOSED') return;
    if (this.canSendData()) this.sender.output();
    if (this.ackPolicy.ackNow) this.sendAck();
    if (this.writeBlocked && !this.isClosed()) {
      const s = this.sender;
      // Linux sk_stream_write_space: wake the writer once free ≥ half of what is queued.
      if (s.free > 0 && s.free >= s.buffer.used / 2) {
        this.writeBlocked = false;
        this.onWritable?.();
      }
    }
    if (this.st === 'TIME_WAIT' && this.timeWaitRecord === null) this.retire();
  }

  // ---- output -----------------------------------------------------------------------
  /**
   * A pure ACK carries snd_nxt, as Linux's (never rewound): after an RTO the peer has
   * already seen bytes beyond snd_una, and an ACK there would be outside its window.
   */
  sendAck(): void {
    this.emit(ACK, this.sender.sndNxt, EMPTY);
  }

  private sendData(seq: number, payload: Uint8Array, fin: boolean): boolean {
    let flags = ACK;
    if (fin) flags |= FIN;
    if (payload.length > 0 && seq + payload.length === this.sender.dataEnd) flags |= PSH;
    return this.emit(flags, seq, payload);
  }

  /** Emits a segment at absolute position `seq` of our sequence space. */
  emit(flags: number, seq: number, payload: Uint8Array): boolean {
    return this.emitRaw(flags, this.sender.toWire(seq), payload);
  }

  /**
   * Builds a segment and hands it to IP (output.ts). False when the local device queue
   * refused it: then it counts as not sent and the sender enters CWR.
   */
  emitRaw(flags: number, wireSeq: number, payload: Uint8Array): boolean {
    return sendSegment(this, flags, wireSeq, payload);
  }

  // ---- timers -----------------------------------------------------------------------
  private onRetransmitTimer(): void {
    switch (this.st) {
      case 'SYN_SENT':
      case 'SYN_RECEIVED':
        if (
          ++this.synRetries >
          (this.st === 'SYN_SENT' ? this.rules.synRetries : this.rules.synAckRetries)
        ) {
          this.closeWith('timeout', this.onAccept === null);
        } else {
          retransmitSyn(this);
        }
        return;
      case 'CLOSED':
      case 'LISTEN':
      case 'TIME_WAIT':
        return;
      case 'ESTABLISHED':
      case 'FIN_WAIT_1':
      case 'FIN_WAIT_2':
      case 'CLOSE_WAIT':
      case 'CLOSING':
      case 'LAST_ACK':
        this.sender.onRetransmitTimeout();
        if (this.ackPolicy.ackNow && !this.isClosed()) this.sendAck();
        return;
    }
  }

  private onDelayedAckTimer(): void {
    if (this.st === 'CLOSED' || this.st === 'SYN_SENT') return;
    this.stats.delayedAcksSent++;
    this.sendAck();
  }

  /** Enters CLOSED, stops every timer and tells the application (unless `notify` is false). */
  closeWith(reason: CloseReason, notify = true): void {
    if (this.st === 'CLOSED') return;
    this.enter('CLOSED');
    this.timers.cancelAll();
    // Issue 12: a CLOSED connection never runs again; its timers go back to the
    // scheduler, which would otherwise keep them — and through them the connection.
    this.timers.release();
    this.host.release(this);
    if (notify) this.onClosed?.(reason);
  }
}
