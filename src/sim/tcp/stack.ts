import type { RandomStream } from '../core/random.ts';
import type { Scheduler } from '../core/scheduler.ts';
import { frameWireBytes } from '../wire/size.ts';
import { TcpFlag, type EthernetFrame, type Ipv4, type TcpSegment } from '../wire/types.ts';
import { EPHEMERAL_FIRST, EPHEMERAL_LAST, profileRules, type TcpConfig } from './config.ts';
import { TcpConnection, type ConnectionHost } from './connection.ts';
import { PortPairMap } from './port-pair.ts';
import { TimeWaitTable, type TimeWaitRecord } from './time-wait.ts';

const { FIN, SYN, RST, ACK } = TcpFlag;

/** What TCP needs from IP below it. */
export interface TcpLower {
  /**
   * Hand a segment to IP (it routes, resolves ARP, frames). False when the local device
   * queue refused it (NET_XMIT_DROP): the segment did not leave.
   */
  output(src: Ipv4, dst: Ipv4, seg: TcpSegment): boolean;
  /** Current path MTU toward `dst` (route/PMTU), e.g. 1500. */
  mtuFor(dst: Ipv4): number;
}

export interface TcpStackOptions {
  scheduler: Scheduler;
  lower: TcpLower;
  config: TcpConfig;
  random: RandomStream;
  name: string;
}

/**
 * A host's TCP: demultiplexes arriving segments to connections, keeps listeners,
 * allocates ephemeral ports and initial sequence numbers, and answers segments for
 * which no connection exists with RST (RFC 9293 §3.10.7.1).
 *
 * Demultiplexing is by (remote IP, local port, remote port); the local address is not
 * part of the key (one stack serves all of a host's addresses, and two connections that
 * differ only in local address are not supported).
 */
export class TcpStack implements ConnectionHost {
  readonly scheduler: Scheduler;
  readonly lower: TcpLower;
  readonly config: TcpConfig;
  readonly name: string;
  private readonly random: RandomStream;
  private readonly table = new PortPairMap<TcpConnection>();
  private readonly listeners = new Map<number, (c: TcpConnection) => void>();
  private readonly live: TcpConnection[] = [];
  /** Connections in TIME_WAIT, as small records (Linux's timewait sockets). */
  readonly timeWait: TimeWaitTable;
  private nextId = 0;
  private nextPort: number;

  constructor(opts: TcpStackOptions) {
    this.scheduler = opts.scheduler;
    this.lower = opts.lower;
    this.config = opts.config;
    this.name = opts.name;
    this.random = opts.random;
    // `| 0`: the generator's arithmetic can hand back an integral heap number, and one
    // port stored as such makes V8 box the srcPort and dstPort of every segment after.
    this.nextPort = this.random.int(EPHEMERAL_FIRST, EPHEMERAL_LAST) | 0;
    this.timeWait = new TimeWaitTable(
      { scheduler: this.scheduler, output: (src, dst, seg) => this.lower.output(src, dst, seg) },
      this.name,
      profileRules(this.config.profile).invalidAckInterval,
    );
  }

  /**
   * Connections not yet CLOSED, in creation order. One that enters TIME_WAIT leaves this
   * list for `timeWait`, as a record (its object still reads TIME_WAIT, then CLOSED).
   */
  get connections(): readonly TcpConnection[] {
    return this.live;
  }

  /**
   * A device took one of our frames (TCP Small Queues counts it below the socket until
   * the device frees it: `txFreed`). Frames of other protocols and pure ACKs are ignored.
   */
  txQueued(frame: EthernetFrame): void {
    const conn = this.ownerOf(frame);
    if (conn !== undefined && conn.sender.tsq.enabled)
      conn.sender.tsq.charge(frameWireBytes(frame));
  }

  /** The device freed one of our frames after sending it: a throttled socket sends again. */
  txFreed(frame: EthernetFrame): void {
    const conn = this.ownerOf(frame);
    if (conn === undefined || !conn.sender.tsq.enabled) return;
    if (conn.sender.tsq.release(frameWireBytes(frame))) conn.flush();
  }

  /** The connection that sent a TCP data frame, if it is still open. */
  private ownerOf(frame: EthernetFrame): TcpConnection | undefined {
    if (frame.etherType !== 0x0800 || frame.ip.protocol !== 6) return undefined;
    const seg = frame.ip.tcp;
    if (seg.payload.length === 0) return undefined;
    return this.lookup(frame.ip.dst, seg.srcPort, seg.dstPort);
  }

  listen(localPort: number, onAccept: (c: TcpConnection) => void): void {
    this.listeners.set(localPort, onAccept);
  }

  /**
   * Opens a connection (sends the SYN now), or with `deferOpen` only reserves it: the
   * caller sends the SYN later with `openActive()` — a socket layer that must first do
   * set-up work (hand the connection to a card) uses that.
   */
  connect(
    localIp: Ipv4,
    remoteIp: Ipv4,
    remotePort: number,
    localPort?: number,
    deferOpen = false,
  ): TcpConnection {
    const port = localPort ?? this.ephemeralPort(remoteIp, remotePort);
    const conn = this.create(localIp, port, remoteIp, remotePort, null);
    if (!deferOpen) conn.openActive();
    return conn;
  }

  /** IP delivers a segment addressed to us. */
  input(src: Ipv4, dst: Ipv4, seg: TcpSegment): void {
    const conn = this.lookup(src, seg.dstPort, seg.srcPort);
    if (conn !== undefined) {
      conn.input(seg);
      return;
    }
    const onAccept = this.listeners.get(seg.dstPort);
    let iss: number | null = null;
    const tw = this.timeWait.lookup(src, seg.dstPort, seg.srcPort);
    if (tw !== undefined) {
      if (this.timeWait.input(tw, seg) === 'done') return;
      // A new SYN for the pair (tcp_v4_rcv, TCP_TW_SYN): a listener takes it with an ISN
      // beyond the old connection's; with none the record answers it with an ACK.
      if (onAccept === undefined) {
        this.timeWait.answer(tw);
        return;
      }
      iss = this.timeWait.reuse(tw);
    }
    if (onAccept === undefined) {
      this.sendReset(dst, src, seg);
      return;
    }
    // RFC 9293 §3.10.7.2, LISTEN.
    if (seg.flags & RST) return;
    if (seg.flags & ACK) {
      this.sendReset(dst, src, seg);
      return;
    }
    if (!(seg.flags & SYN)) return;
    this.create(dst, seg.dstPort, src, seg.srcPort, onAccept, iss).openPassive(seg);
  }

  /** ICMP fragmentation-needed toward `remoteIp`: every connection to it shrinks its MSS. */
  pmtuChanged(remoteIp: Ipv4, mtu: number): void {
    for (const conn of this.table.ofRemote(remoteIp)) conn.pmtuChanged(mtu);
  }

  /** @internal ConnectionHost: the connection reached CLOSED. */
  /** Data segments dropped for want of receive-buffer room, per local address (whole run). */
  private readonly socketDrops = new Map<Ipv4, number>();

  socketDrop(conn: TcpConnection): void {
    this.socketDrops.set(conn.localIp, (this.socketDrops.get(conn.localIp) ?? 0) + 1);
  }

  /** Data segments connections at `localIp` dropped because their receive buffer was full. */
  socketDropsAt(localIp: Ipv4): number {
    return this.socketDrops.get(localIp) ?? 0;
  }

  /**
   * @internal ConnectionHost: the connection entered TIME_WAIT and leaves only `record`
   * behind (Linux tcp_time_wait): it is released as if closed.
   */
  enterTimeWait(conn: TcpConnection, record: TimeWaitRecord): TimeWaitRecord {
    this.release(conn);
    return this.timeWait.enter(record);
  }

  release(conn: TcpConnection): void {
    this.table.delete(conn.remoteIp, conn.localPort, conn.remotePort, conn);
    const i = this.live.indexOf(conn);
    if (i >= 0) this.live.splice(i, 1);
  }

  private lookup(remoteIp: Ipv4, localPort: number, remotePort: number): TcpConnection | undefined {
    return this.table.get(remoteIp, localPort, remotePort);
  }

  private create(
    localIp: Ipv4,
    localPort: number,
    remoteIp: Ipv4,
    remotePort: number,
    onAccept: ((c: TcpConnection) => void) | null,
    /** The ISN to use (a TIME_WAIT pair taken over), else a random one. */
    givenIss: number | null = null,
  ): TcpConnection {
    const iss = givenIss ?? this.random.int(0, 0xffff_ffff);
    const conn = new TcpConnection(
      this,
      this.nextId++,
      localIp,
      localPort,
      remoteIp,
      remotePort,
      iss,
      onAccept,
    );
    this.table.get(remoteIp, localPort, remotePort)?.closeWith('reset', false);
    this.table.set(remoteIp, localPort, remotePort, conn);
    this.live.push(conn);
    return conn;
  }

  private ephemeralPort(remoteIp: Ipv4, remotePort: number): number {
    const span = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1;
    for (let i = 0; i < span; i++) {
      const port = this.nextPort;
      this.nextPort = port === EPHEMERAL_LAST ? EPHEMERAL_FIRST : port + 1;
      if (
        this.lookup(remoteIp, port, remotePort) === undefined &&
        this.timeWait.lookup(remoteIp, port, remotePort) === undefined &&
        !this.listeners.has(port)
      )
        return port;
    }
    throw new EphemeralPortsExhausted(
      `${this.name}: no free ephemeral port toward ${remoteIp}:${remotePort}`,
    );
  }

  /** RST built from `seg` alone (RFC 9293 §3.10.7.1), e.g. for a segment no connection wants. */
  sendReset(localIp: Ipv4, remoteIp: Ipv4, seg: TcpSegment): void {
    if (seg.flags & RST) return;
    const hasAck = (seg.flags & ACK) !== 0;
    const len = seg.payload.length + (seg.flags & SYN ? 1 : 0) + (seg.flags & FIN ? 1 : 0);
    this.lower.output(localIp, remoteIp, {
      srcPort: seg.dstPort,
      dstPort: seg.srcPort,
      seq: hasAck ? seg.ack : 0,
      ack: hasAck ? 0 : (seg.seq + len) >>> 0,
      flags: hasAck ? RST : RST | ACK,
      window: 0,
      mss: null,
      windowScale: null,
      sackPermitted: false,
      sack: null,
      tsVal: null,
      tsEcr: 0,
      payload: new Uint8Array(0),
    });
  }
}

/** Every ephemeral port toward a peer is in use (TIME_WAIT included), as Linux's EADDRNOTAVAIL. */
export class EphemeralPortsExhausted extends Error {
  override name = 'EphemeralPortsExhausted';
}
