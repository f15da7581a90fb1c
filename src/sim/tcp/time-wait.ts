import { Fifo, NumberFifo } from '../core/fifo.ts';
import type { Scheduler, Timer } from '../core/scheduler.ts';
import type { Nanoseconds } from '../core/time.ts';
import { TcpFlag, type Ipv4, type TcpSegment } from '../wire/types.ts';
import { TIME_WAIT } from './config.ts';
import { PortPairMap } from './port-pair.ts';
import { seqDiff } from './sequence.ts';

const { SYN, RST, ACK } = TcpFlag;
const EMPTY = new Uint8Array(0);

/**
 * A connection in TIME_WAIT, as Linux keeps it: not the socket, which tcp_time_wait()
 * frees, but a small timewait record (inet_timewait_sock / 2.4's tcp_tw_bucket) holding
 * what the 2 MSL wait needs — the four-tuple, snd_nxt and rcv_nxt, the window last
 * offered, TS.Recent — so a host that closes thousands of connections a second keeps a
 * few hundred bytes for each, not its buffers, scoreboards and timers.
 */
export class TimeWaitRecord {
  /** When the wait ends (restarted by some arrivals). */
  expiresAt: Nanoseconds = 0;
  /** The wait ended (timer, RST, or a new SYN took the pair): its owner reads CLOSED. */
  ended = false;
  /** When the last rate-limited ACK went out (tcp_timewait_check_oow_rate_limit), or -1. */
  lastOowAck: Nanoseconds = -1;
  tsRecent: number;

  constructor(
    readonly localIp: Ipv4,
    readonly localPort: number,
    readonly remoteIp: Ipv4,
    readonly remotePort: number,
    /** snd_nxt and rcv_nxt as they go on the wire (both FINs counted). */
    readonly sndNxt: number,
    readonly rcvNxt: number,
    /** The window field of its ACKs: the window last offered, scaled (tw_rcv_wnd >> wscale). */
    readonly window: number,
    readonly timestamps: boolean,
    tsRecent: number,
  ) {
    this.tsRecent = tsRecent;
  }
}

/** What a record's owner answers for an arriving segment (Linux enum tcp_tw_status). */
export type TimeWaitVerdict = 'done' | 'syn';

/** What the table needs from its stack. */
export interface TimeWaitHost {
  readonly scheduler: Scheduler;
  /** Hands an ACK of the record to IP. */
  output(src: Ipv4, dst: Ipv4, seg: TcpSegment): boolean;
}

/** TIME_WAIT counts of a stack (for tests and diagnostics). */
export interface TimeWaitStats {
  entered: number;
  expired: number;
  /** Ended by an in-window RST (RFC 1337's TIME-WAIT assassination; tcp_rfc1337 = 0). */
  killed: number;
  /** Handed to a new connection by a SYN beyond rcv_nxt. */
  reused: number;
  acksSent: number;
  /** ACKs not sent: tcp_invalid_ratelimit. */
  acksRateLimited: number;
}

/**
 * A stack's TIME_WAIT records, by (remote IP, local port, remote port) like its
 * connections, and their expiry: every wait is TIME_WAIT long (TCP_TIMEWAIT_LEN, 60 s;
 * 2.4's kill slots of 7.5 s, which end some waits up to 7.5 s early, are not modelled),
 * so expiries come in the order they were set and one timer serves them all.
 */
export class TimeWaitTable {
  readonly stats: TimeWaitStats = {
    entered: 0,
    expired: 0,
    killed: 0,
    reused: 0,
    acksSent: 0,
    acksRateLimited: 0,
  };
  private readonly table = new PortPairMap<TimeWaitRecord>();
  /** Each arming of a wait, in time order: when it was due and whose it was. */
  private readonly dueAt = new NumberFifo();
  private readonly dueRecord = new Fifo<TimeWaitRecord>();
  private readonly timer: Timer;
  private count = 0;

  constructor(
    private readonly host: TimeWaitHost,
    name: string,
    /** Least time between two ACKs to out-of-window segments (0: no limit). */
    private readonly invalidAckInterval: Nanoseconds,
  ) {
    this.timer = host.scheduler.timer(`${name} time-wait`, (now) => this.expire(now));
  }

  /** Records waiting now. */
  get size(): number {
    return this.count;
  }

  /** Every record waiting now (for tests and diagnostics). */
  *records(): IterableIterator<TimeWaitRecord> {
    yield* this.table.values();
  }

  lookup(remoteIp: Ipv4, localPort: number, remotePort: number): TimeWaitRecord | undefined {
    return this.table.get(remoteIp, localPort, remotePort);
  }

  /** A connection entered TIME_WAIT now: its record waits TIME_WAIT. */
  enter(tw: TimeWaitRecord): TimeWaitRecord {
    this.table.set(tw.remoteIp, tw.localPort, tw.remotePort, tw);
    this.count++;
    this.stats.entered++;
    this.reschedule(tw);
    return tw;
  }

  /**
   * A segment for a record (Linux tcp_timewait_state_process, the same in 2.4 and 6.x
   * but for the ACK rate limit). PAWS is not modelled.
   */
  input(tw: TimeWaitRecord, seg: TcpSegment): TimeWaitVerdict {
    const f = seg.flags;
    const segLen = seg.payload.length + (f & SYN ? 1 : 0) + (f & TcpFlag.FIN ? 1 : 0);
    if (seg.seq === tw.rcvNxt && (segLen === 0 || f & RST)) {
      // In window: a bare ACK restarts the wait, a RST ends it (tcp_rfc1337 = 0).
      if (f & RST) {
        this.stats.killed++;
        this.end(tw);
        return 'done';
      }
      this.reschedule(tw);
      if (seg.tsVal !== null) tw.tsRecent = seg.tsVal;
      return 'done';
    }
    // A new SYN beyond the old connection may take the pair (RFC 1122 4.2.2.13): the
    // stack decides (`reuse` with a listener, else `answer`).
    if (
      (f & (SYN | RST | ACK)) === SYN &&
      (seqDiff(seg.seq, tw.rcvNxt) > 0 ||
        (seg.tsVal !== null && tw.timestamps && ((tw.tsRecent - seg.tsVal) | 0) < 0))
    ) {
      return 'syn';
    }
    if (f & RST) return 'done';
    // Anything else is answered with an ACK; one that carries an ACK restarts the wait
    // (a retransmitted FIN: our ACK of it was lost).
    if (f & ACK) this.reschedule(tw);
    this.answer(tw);
    return 'done';
  }

  /**
   * A listener takes the pair for a new connection (TCP_TW_SYN): the wait ends; returns the
   * ISN Linux gives it, beyond the old connection's sequence space.
   */
  reuse(tw: TimeWaitRecord): number {
    this.stats.reused++;
    this.end(tw);
    const isn = (tw.sndNxt + 65535 + 2) >>> 0;
    return isn === 0 ? 1 : isn;
  }

  /** tcp_v4_timewait_ack: snd_nxt, rcv_nxt, the window last offered, TS.Recent echoed. */
  answer(tw: TimeWaitRecord): void {
    const now = this.host.scheduler.now;
    const interval = this.invalidAckInterval;
    if (interval > 0 && tw.lastOowAck >= 0 && now - tw.lastOowAck < interval) {
      this.stats.acksRateLimited++;
      return;
    }
    if (interval > 0) tw.lastOowAck = now;
    this.stats.acksSent++;
    this.host.output(tw.localIp, tw.remoteIp, {
      srcPort: tw.localPort,
      dstPort: tw.remotePort,
      seq: tw.sndNxt,
      ack: tw.rcvNxt,
      flags: ACK,
      window: tw.window,
      mss: null,
      windowScale: null,
      sackPermitted: false,
      sack: null,
      tsVal: tw.timestamps ? Math.floor(now / 1e6) >>> 0 : null,
      tsEcr: tw.timestamps ? tw.tsRecent : 0,
      payload: EMPTY,
    });
  }

  private reschedule(tw: TimeWaitRecord): void {
    tw.expiresAt = this.host.scheduler.now + TIME_WAIT;
    this.dueAt.push(tw.expiresAt);
    this.dueRecord.push(tw);
    if (!this.timer.armed) this.timer.arm(this.dueAt.peek());
  }

  /** Ends the records whose wait is over; an arming a later one replaced is skipped. */
  private expire(now: Nanoseconds): void {
    for (let due = this.dueAt.peek(); due <= now; due = this.dueAt.peek()) {
      this.dueAt.shift();
      const tw = this.dueRecord.shift()!;
      if (tw.ended || tw.expiresAt !== due) continue;
      this.stats.expired++;
      this.end(tw);
    }
    if (this.dueAt.length > 0) this.timer.arm(this.dueAt.peek());
  }

  private end(tw: TimeWaitRecord): void {
    tw.ended = true;
    this.count--;
    this.table.delete(tw.remoteIp, tw.localPort, tw.remotePort, tw);
  }
}
