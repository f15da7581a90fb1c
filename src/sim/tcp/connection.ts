import type { Scheduler, Timer } from '../core/scheduler.ts';
import type { TcpStateName } from '../metrics/results.ts';
import { TcpFlag, type Ipv4, type TcpSegment } from '../wire/types.ts';
import {
  DEFAULT_MSS,
  DELAYED_ACK,
  IP_TCP_HEADERS,
  MAX_QUICKACKS,
  MAX_WINDOW_SHIFT,
  SYN_RETRIES,
  TIME_WAIT,
  TIMESTAMP_OPTION_BYTES,
  initialWindowSegments,
  type TcpConfig,
} from './config.ts';
import { NewReno } from './congestion/new-reno.ts';
import { Receiver } from './receive.ts';
import { Sender, type SenderOutput } from './sender.ts';
import { TcpStats } from './stats.ts';
import type { TcpLower } from './stack.ts';

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
  /** The connection dropped arriving data its receive buffer had no room for. */
  socketDrop(conn: TcpConnection): void;
}

/** The shift that lets a 16-bit window cover the whole receive buffer (RFC 7323 §2.3). */
export function windowShiftFor(bufferBytes: number): number {
  let shift = 0;
  while (shift < MAX_WINDOW_SHIFT && 65535 * 2 ** shift < bufferBytes) shift++;
  return shift;
}

/**
 * One TCP connection: the RFC 9293 state machine (§3.10) joining a Sender and a
 * Receiver, option negotiation, ACK policy (delayed ACK, quick-ACK) and the timers,
 * one Timer field each.
 */
export class TcpConnection {
  readonly stats = new TcpStats();
  onEstablished?: () => void;
  onReadable?: () => void;
  onWritable?: () => void;
  onClosed?: (reason: CloseReason) => void;

  private st: TcpStateName = 'CLOSED';
  /** Called on every state transition (after it), e.g. to free card resources at TIME_WAIT. */
  onStateChange?: (state: TcpStateName) => void;
  /** A segment with PSH arrived since the application last read. */
  pushed = false;
  private readonly sender: Sender;
  private readonly receiver: Receiver;
  private readonly retransmitTimer: Timer;
  private readonly delayedAckTimer: Timer;
  private readonly persistTimer: Timer;
  private readonly timeWaitTimer: Timer;
  private readonly scheduler: Scheduler;
  private readonly config: TcpConfig;
  /** Options we put in our SYN or SYN-ACK. */
  private offerTs: boolean;
  private offerSack: boolean;
  private offerWscale: boolean;
  private tsOn = false;
  private sackOn = false;
  private tsRecent = 0;
  private peerMss = DEFAULT_MSS;
  private quickAcks = 0;
  private ackNow = false;
  private synRetries = 0;
  private writeBlocked = false;
  private closePending = false;

  constructor(
    private readonly host: ConnectionHost,
    readonly id: number,
    readonly localIp: Ipv4,
    readonly localPort: number,
    readonly remoteIp: Ipv4,
    readonly remotePort: number,
    iss: number,
    /** Set for passive opens: called once the handshake completes. */
    private readonly onAccept: ((c: TcpConnection) => void) | null,
  ) {
    const { scheduler, config } = host;
    this.scheduler = scheduler;
    this.config = config;
    const tag = `${host.name} tcp#${id}`;
    this.retransmitTimer = scheduler.timer(`${tag} retransmit`, () => this.onRetransmitTimer());
    this.delayedAckTimer = scheduler.timer(`${tag} delayed-ack`, () => this.onDelayedAckTimer());
    this.persistTimer = scheduler.timer(`${tag} persist`, () => this.sender.onPersistTimeout());
    this.timeWaitTimer = scheduler.timer(`${tag} time-wait`, () => this.closeWith('normal'));
    const output: SenderOutput = {
      sendSegment: (seq, payload, fin) => this.sendData(seq, payload, fin),
      sendProbe: () => {
        this.emit(ACK, this.sender.sndUna - 1, EMPTY);
      },
      giveUp: () => this.closeWith('timeout'),
    };
    const cc = new NewReno(initialWindowSegments(config.profile));
    this.sender = new Sender(
      scheduler,
      cc,
      this.stats,
      output,
      this.retransmitTimer,
      this.persistTimer,
      config.sendBufferBytes,
    );
    this.sender.iss = iss >>> 0;
    this.sender.noDelay = !config.nagle;
    this.receiver = new Receiver(config.recvBufferBytes);
    this.offerTs = config.timestamps;
    this.offerSack = config.sack;
    this.offerWscale = config.windowScaling;
  }

  private enter(state: TcpStateName): void {
    if (state === this.st) return;
    this.st = state;
    this.onStateChange?.(state);
  }

  get state(): TcpStateName {
    return this.st;
  }

  // ---- observable state -------------------------------------------------------------
  get cwnd(): number {
    return this.sender.cc.cwnd;
  }
  get ssthresh(): number {
    return this.sender.cc.ssthresh;
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

  // ---- application interface ----------------------------------------------------------
  /** Appends to the send buffer (views kept, never copied); returns bytes accepted. */
  /**
   * A layer above TCP (a socket that charges copy costs first) found the buffer full:
   * call onWritable when space opens, exactly as after a short write.
   */
  requestWritable(): void {
    this.writeBlocked = true;
  }

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

  /** Consumes in-order bytes; sends a window update when the window grows enough (Linux). */
  read(max: number, sink: (chunk: Uint8Array) => void): number {
    this.pushed = false;
    const n = this.receiver.read(max, sink);
    if (n === 0) return 0;
    this.stats.bytesDelivered += n;
    if (this.receiving()) {
      // Linux tcp_cleanup_rbuf: update when the offered window at least doubles.
      const now = this.receiver.window;
      if (2 * now <= this.receiver.bufferBytes) {
        const next = this.receiver.windowToOffer();
        if (next > 0 && next >= 2 * now) {
          this.stats.windowUpdatesSent++;
          this.sendAck();
        }
      }
    }
    return n;
  }

  /** Queues a FIN after the data already written (RFC 9293 §3.10.4). */
  close(): void {
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
      this.emitRaw(RST | ACK, this.sender.toWire(this.sender.sndMax), EMPTY);
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

  private sendSyn(flags: number): void {
    const s = this.sender;
    if (s.sndMax === 0) s.timeSegment(0);
    this.emit(flags, 0, EMPTY);
    s.sndNxt = 1;
    s.sndMax = 1;
    this.retransmitTimer.arm(this.scheduler.now + s.rtt.rto);
  }

  /** Records the peer's SYN: its sequence number and options (RFC 9293 §3.7.1, RFC 7323). */
  private learnSyn(seg: TcpSegment): void {
    this.receiver.irs = seg.seq;
    this.receiver.rcvNxt = 1;
    this.receiver.lastAckSent = 1;
    // Our SYN's window (if sent) was relative to position 0; its edge moves with rcv_nxt.
    this.receiver.advRight += 1;
    this.peerMss = seg.mss ?? DEFAULT_MSS;
    this.tsOn = this.offerTs && seg.tsVal !== null;
    this.sackOn = this.offerSack && seg.sackPermitted;
    if (this.offerWscale && seg.windowScale !== null) {
      this.sender.wscale = Math.min(seg.windowScale, MAX_WINDOW_SHIFT);
      this.receiver.wscale = windowShiftFor(this.config.recvBufferBytes);
    }
    if (seg.tsVal !== null) this.tsRecent = seg.tsVal;
    const mss = this.effectiveMss(this.host.lower.mtuFor(this.remoteIp));
    this.sender.mss = mss;
    this.receiver.rcvMss = mss;
  }

  /** min(peer MSS, MTU − 40) less the timestamp option when negotiated. */
  private effectiveMss(mtu: number): number {
    return Math.min(this.peerMss, mtu - IP_TCP_HEADERS) - (this.tsOn ? TIMESTAMP_OPTION_BYTES : 0);
  }

  private establish(): void {
    this.enter('ESTABLISHED');
    this.sender.cc.init(this.sender.mss);
    // Linux tcp_incr_quickack: ACK every segment for the first rcv_wnd / (2·rcv_mss).
    const quick = Math.floor(this.config.recvBufferBytes / (2 * this.receiver.rcvMss));
    this.quickAcks = Math.min(MAX_QUICKACKS, Math.max(2, quick));
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
    const mss = this.effectiveMss(mtu);
    if (mss < this.sender.mss) {
      this.stats.pmtuReductions++;
      this.sender.reduceMss(mss);
    }
  }

  // ---- segment arrival (RFC 9293 §3.10.7) ---------------------------------------------
  input(seg: TcpSegment): void {
    this.stats.segmentsReceived++;
    switch (this.st) {
      case 'CLOSED':
      case 'LISTEN':
        return;
      case 'SYN_SENT':
        this.inputSynSent(seg);
        return;
      case 'SYN_RECEIVED':
      case 'ESTABLISHED':
      case 'FIN_WAIT_1':
      case 'FIN_WAIT_2':
      case 'CLOSE_WAIT':
      case 'CLOSING':
      case 'LAST_ACK':
      case 'TIME_WAIT':
        this.inputSynchronized(seg);
        this.flush();
        return;
    }
  }

  /** RFC 9293 §3.10.7.3. */
  private inputSynSent(seg: TcpSegment): void {
    const s = this.sender;
    let ack = -1;
    if (seg.flags & ACK) {
      ack = s.toAbs(seg.ack);
      if (ack <= 0 || ack > s.sndMax) {
        if (!(seg.flags & RST)) this.emitRaw(RST, seg.ack, EMPTY);
        return;
      }
    }
    if (seg.flags & RST) {
      if (ack > 0) this.closeWith('reset');
      return;
    }
    if (!(seg.flags & SYN)) return;
    this.learnSyn(seg);
    if (ack > 0) {
      s.onAck(ack, seg.window, 0, false);
      s.initWindow(seg.window, 0); // a SYN's window is never scaled (RFC 7323 §2.2)
      this.ackNow = true;
      this.establish();
      this.flush();
    } else {
      // Simultaneous open (RFC 9293 Figure 8): answer with SYN-ACK.
      s.initWindow(seg.window, 0);
      this.enter('SYN_RECEIVED');
      this.emit(SYN | ACK, 0, EMPTY);
    }
  }

  private inputSynchronized(seg: TcpSegment): void {
    const r = this.receiver;
    const s = this.sender;
    const f = seg.flags;
    const seq = r.toAbs(seg.seq);
    if (this.st === 'SYN_RECEIVED' && f & SYN && seq === 0) {
      this.inputSynAgain(seg);
      return;
    }
    const len = seg.payload.length;
    const segLen = len + (f & SYN ? 1 : 0) + (f & FIN ? 1 : 0);
    // First: sequence acceptability. A zero window still takes ACKs (RFC 9293 §3.10.7.4).
    let dataOk = true;
    if (!this.acceptable(seq, segLen)) {
      // New data the receive buffer has no room for: the socket queue drops it.
      if (len > 0 && seq >= r.rcvNxt) {
        this.stats.segmentsBeyondWindow++;
        this.host.socketDrop(this);
      }
      if (r.window === 0 && seq === r.rcvNxt && !(f & RST)) {
        dataOk = false;
        this.ackNow = true;
      } else {
        if (!(f & RST)) {
          this.ackNow = true;
          if (this.st === 'TIME_WAIT' && f & FIN) this.timeWaitTimer.armAfter(TIME_WAIT);
        }
        return;
      }
    }
    // Second: RST, with RFC 5961 §3.2's challenge ACK unless it is exactly at rcv_nxt.
    if (f & RST) {
      if (seq !== r.rcvNxt) {
        this.challengeAck();
        return;
      }
      this.stats.resetsReceived++;
      if (this.st === 'SYN_RECEIVED' && this.onAccept !== null) this.closeWith('reset', false);
      else this.closeWith('reset');
      return;
    }
    // Fourth: a SYN in a synchronized state gets a challenge ACK (RFC 5961 §4.2).
    if (f & SYN) {
      this.challengeAck();
      return;
    }
    if (!(f & ACK)) return;
    const ack = s.toAbs(seg.ack);
    if (this.st === 'SYN_RECEIVED') {
      if (ack < 1 || ack > s.sndMax) {
        this.emitRaw(RST, seg.ack, EMPTY);
        return;
      }
      this.establish();
      if (this.isClosed()) return; // the application closed or aborted on accept
    }
    if (seg.tsVal !== null && seq <= r.lastAckSent) this.tsRecent = seg.tsVal; // RFC 7323 §4.3
    if (!s.onAck(ack, seg.window, seq, len === 0 && !(f & FIN))) {
      this.ackNow = true;
      return;
    }
    if (!this.onFinAcked()) return;
    if (len > 0 && dataOk && this.receiving()) {
      // PSH: the sender emptied its buffer; a receiver holding data back (a TOE filling
      // a posted buffer) should hand over what it has (RFC 9293 §3.9.2).
      if ((seg.flags & PSH) !== 0) this.pushed = true;
      this.receiveData(seq, seg.payload);
    }
    if (f & FIN && dataOk && r.peerFin < 0) r.peerFin = seq + len;
    this.checkFin();
  }

  /** A SYN again in SYN_RECEIVED: our SYN-ACK was lost, or a simultaneous open's SYN-ACK. */
  private inputSynAgain(seg: TcpSegment): void {
    const ack = seg.flags & ACK ? this.sender.toAbs(seg.ack) : -1;
    if (ack >= 1 && ack <= this.sender.sndMax) {
      this.sender.onAck(ack, seg.window, 0, false);
      this.sender.initWindow(seg.window, 0);
      this.ackNow = true;
      this.establish();
    } else if (!(seg.flags & (ACK | RST))) {
      this.emit(SYN | ACK, 0, EMPTY);
    }
  }

  /** RFC 9293 §3.10.7.4, the four cases of segment length and window. */
  private acceptable(seq: number, segLen: number): boolean {
    const nxt = this.receiver.rcvNxt;
    const wnd = this.receiver.window;
    if (segLen === 0) return wnd === 0 ? seq === nxt : seq >= nxt && seq < nxt + wnd;
    if (wnd === 0) return false;
    const last = seq + segLen - 1;
    return (seq >= nxt && seq < nxt + wnd) || (last >= nxt && last < nxt + wnd);
  }

  /** State changes when our FIN is acknowledged; false when the connection ended. */
  private onFinAcked(): boolean {
    const s = this.sender;
    if (s.finAbs < 0 || s.sndUna <= s.finAbs) return true;
    switch (this.st) {
      case 'FIN_WAIT_1':
        this.enter('FIN_WAIT_2');
        return true;
      case 'CLOSING':
        this.enterTimeWait();
        return true;
      case 'LAST_ACK':
        this.closeWith('normal');
        return false;
      default:
        return true;
    }
  }

  /** State read through a call so TypeScript does not narrow across callbacks. */
  private isClosed(): boolean {
    return this.st === 'CLOSED';
  }

  private receiving(): boolean {
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

  private canSendData(): boolean {
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

  /** Places payload and decides when to ACK (Linux tcp_event_data_recv / __tcp_ack_snd_check). */
  private receiveData(seq: number, payload: Uint8Array): void {
    const r = this.receiver;
    const before = r.rcvNxt;
    const arrival = r.accept(seq, payload);
    switch (arrival) {
      case 'duplicate':
        this.stats.duplicateBytesReceived += payload.length;
        this.ackNow = true;
        return;
      case 'out-of-order':
        this.stats.outOfOrderSegments++;
        this.ackNow = true;
        return;
      case 'filled-hole':
        this.ackNow = true;
        break;
      case 'in-order':
        if (!this.config.delayedAck || this.quickAcks > 0) {
          if (this.quickAcks > 0) this.quickAcks--;
          this.ackNow = true;
        } else if (r.rcvNxt - r.lastAckSent > r.rcvMss) {
          this.ackNow = true; // more than one full segment unacknowledged
        } else if (!this.delayedAckTimer.armed) {
          this.delayedAckTimer.arm(this.scheduler.now + DELAYED_ACK);
        }
        break;
    }
    this.stats.bytesReceived += r.rcvNxt - before;
    this.onReadable?.();
  }

  /** Consumes the peer's FIN once everything before it has arrived. */
  private checkFin(): void {
    const r = this.receiver;
    if (r.finReceived || r.peerFin < 0 || r.rcvNxt !== r.peerFin) return;
    r.rcvNxt++;
    r.finReceived = true;
    this.ackNow = true;
    switch (this.st) {
      case 'SYN_RECEIVED':
      case 'ESTABLISHED':
        this.enter('CLOSE_WAIT');
        break;
      case 'FIN_WAIT_1':
        this.enter('CLOSING');
        break;
      case 'FIN_WAIT_2':
        this.enterTimeWait();
        break;
      default:
        break;
    }
    this.onReadable?.();
  }

  private enterTimeWait(): void {
    this.enter('TIME_WAIT');
    this.sender.cancelTimers();
    this.delayedAckTimer.cancel();
    this.timeWaitTimer.armAfter(TIME_WAIT);
  }

  /** After an arrival: send what the sender may, then an ACK if one is still owed. */
  private flush(): void {
    if (this.st === 'CLOSED') return;
    if (this.canSendData()) this.sender.output();
    if (this.ackNow) this.sendAck();
    if (this.writeBlocked && !this.isClosed()) {
      const s = this.sender;
      // Linux sk_stream_write_space: wake the writer once free ≥ half of what is queued.
      if (s.free > 0 && s.free >= s.buffer.used / 2) {
        this.writeBlocked = false;
        this.onWritable?.();
      }
    }
  }

  private challengeAck(): void {
    this.stats.challengeAcks++;
    this.ackNow = true;
  }

  // ---- output -----------------------------------------------------------------------
  /**
   * A pure ACK carries snd_max, as Linux's snd_nxt (never rewound): after an RTO
   * rewinds our sndNxt the peer has already seen bytes beyond it, and an ACK at the
   * rewound position would be outside its window and dropped unread.
   */
  private sendAck(): void {
    this.emit(ACK, this.sender.sndMax, EMPTY);
  }

  private sendData(seq: number, payload: Uint8Array, fin: boolean): boolean {
    let flags = ACK;
    if (fin) flags |= FIN;
    if (payload.length > 0 && seq + payload.length === this.sender.dataEnd) flags |= PSH;
    return this.emit(flags, seq, payload);
  }

  /** Emits a segment at absolute position `seq` of our sequence space. */
  private emit(flags: number, seq: number, payload: Uint8Array): boolean {
    return this.emitRaw(flags, this.sender.toWire(seq), payload);
  }

  /**
   * Builds a segment and hands it to IP. False when the local device queue refused it
   * (Linux tcp_transmit_skb sees NET_XMIT_DROP): then it counts as not sent — no ACK was
   * delivered, no timer moves — and the sender enters CWR.
   */
  private emitRaw(flags: number, wireSeq: number, payload: Uint8Array): boolean {
    const r = this.receiver;
    const syn = (flags & SYN) !== 0;
    const hasAck = (flags & ACK) !== 0;
    const ts = syn ? this.offerTs : this.tsOn;
    const seg: TcpSegment = {
      srcPort: this.localPort,
      dstPort: this.remotePort,
      seq: wireSeq,
      ack: hasAck ? r.toWire(r.rcvNxt) : 0,
      flags,
      window: flags & RST ? 0 : r.windowField(syn),
      mss: syn ? this.host.lower.mtuFor(this.remoteIp) - IP_TCP_HEADERS : null,
      windowScale: syn && this.offerWscale ? windowShiftFor(this.config.recvBufferBytes) : null,
      sackPermitted: syn && this.offerSack,
      sack: !syn && hasAck && this.sackOn ? r.sackBlocks(this.tsOn ? 3 : 4) : null,
      tsVal: ts ? Math.floor(this.scheduler.now / 1e6) >>> 0 : null,
      tsEcr: ts && hasAck ? this.tsRecent : 0,
      payload,
    };
    // As tcp_transmit_skb: the ACK it carries counts as sent (tcp_event_ack_sent) before
    // the device queue is asked, so a refused segment does not leave an ACK owed.
    if (hasAck) {
      r.lastAckSent = r.rcvNxt;
      this.ackNow = false;
      this.delayedAckTimer.cancel();
    }
    const st = this.stats;
    if (!this.host.lower.output(this.localIp, this.remoteIp, seg)) {
      st.localDrops++;
      return false;
    }
    st.segmentsSent++;
    if (payload.length > 0) {
      st.dataSegmentsSent++;
      st.bytesSent += payload.length;
    } else if (flags & RST) st.resetsSent++;
    else if (!(flags & (SYN | FIN))) st.acksSent++;
    return true;
  }

  // ---- timers -----------------------------------------------------------------------
  private onRetransmitTimer(): void {
    switch (this.st) {
      case 'SYN_SENT':
      case 'SYN_RECEIVED': {
        // SYN retransmissions at 1, 3, 7, … s (RFC 6298 §5.5 backoff from 1 s).
        if (++this.synRetries > SYN_RETRIES) {
          this.closeWith('timeout', this.onAccept === null);
          return;
        }
        const s = this.sender;
        s.rtt.backoff();
        s.forgetRttSample();
        this.stats.timeouts++;
        this.stats.retransmits++;
        this.emit(this.st === 'SYN_SENT' ? SYN : SYN | ACK, 0, EMPTY);
        this.retransmitTimer.arm(this.scheduler.now + s.rtt.rto);
        return;
      }
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
        if (this.ackNow && !this.isClosed()) this.sendAck();
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
    this.sender.cancelTimers();
    this.delayedAckTimer.cancel();
    this.timeWaitTimer.cancel();
    this.releaseTimers();
    this.host.release(this);
    if (notify) this.onClosed?.(reason);
  }

  /**
   * Issue 12 (connection churn kept every closed connection alive): a CLOSED connection
   * never runs again, so its timers go back to the scheduler, which would otherwise hold
   * them, and through their callbacks the connection, for the rest of the run.
   */
  private releaseTimers(): void {
    const s = this.scheduler;
    s.release(this.retransmitTimer);
    s.release(this.delayedAckTimer);
    s.release(this.persistTimer);
    s.release(this.timeWaitTimer);
  }
}
