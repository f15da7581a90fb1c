/**
 * Test fixtures for TCP (smoltcp's tests/netsim.rs, gVisor's manual clock): two stacks
 * on one Scheduler joined by a simulated channel, and a single stack driven by
 * hand-made segments. Time is always driven explicitly by the test.
 */
import { RandomStream } from '../../core/random.ts';
import { Scheduler, type Timer } from '../../core/scheduler.ts';
import { ms, type Nanoseconds } from '../../core/time.ts';
import { tcpHeaderLength, wireTimeNs } from '../../wire/size.ts';
import type { Ipv4, TcpSegment } from '../../wire/types.ts';
import { DEFAULT_TCP_CONFIG, type TcpConfig } from '../config.ts';
import type { TcpConnection } from '../connection.ts';
import { TcpStack, type TcpLower } from '../stack.ts';

export const IP_A: Ipv4 = 0x0a00_0001;
export const IP_B: Ipv4 = 0x0a00_0002;

export type Side = 'a' | 'b';

export interface Packet {
  from: Side;
  src: Ipv4;
  dst: Ipv4;
  seg: TcpSegment;
  /** When the sender handed it to the channel. */
  sentAt: Nanoseconds;
  /** 0 for the first copy, 1… for duplicates made by the hook. */
  copy: number;
}

/**
 * Decides a packet's fate: undefined delivers it normally; an array lists extra delays,
 * one per copy delivered ([] drops it, [0, 0] duplicates it, [ms(5)] delays it so later
 * packets overtake it).
 */
export type ChannelHook = (p: Packet) => readonly Nanoseconds[] | undefined;

export interface LogEntry {
  time: Nanoseconds;
  event: 'sent' | 'delivered' | 'dropped';
  packet: Packet;
}

export interface PairOptions {
  /** One-way propagation delay (default 1 ms). */
  delay?: Nanoseconds;
  /** Serialisation rate in Mbit/s per direction (default: infinite). */
  rateMbps?: number;
  config?: Partial<TcpConfig>;
  configA?: Partial<TcpConfig>;
  configB?: Partial<TcpConfig>;
  mtu?: number;
  seed?: number;
}

/** One direction of the channel: a time-ordered queue served by one Timer. */
class Direction {
  private queue: { at: Nanoseconds; n: number; packet: Packet }[] = [];
  private n = 0;
  private txFree: Nanoseconds = 0;
  private readonly timer: Timer;

  constructor(
    private readonly pair: Pair,
    name: string,
    private readonly deliver: (p: Packet) => void,
  ) {
    this.timer = pair.scheduler.timer(name, () => this.fire());
  }

  send(packet: Packet): void {
    const { scheduler, options } = this.pair;
    let departs = scheduler.now;
    if (options.rateMbps !== undefined) {
      const bytes = 20 + tcpHeaderLength(packet.seg) + packet.seg.payload.length + 18;
      departs = Math.max(departs, this.txFree) + wireTimeNs(bytes, options.rateMbps);
      this.txFree = departs;
    }
    const extra = this.pair.hook?.(packet);
    if (extra !== undefined && extra.length === 0) {
      this.pair.log.push({ time: scheduler.now, event: 'dropped', packet });
      return;
    }
    const delays = extra ?? [0];
    delays.forEach((d, copy) => {
      const p = copy === 0 ? packet : { ...packet, copy };
      this.enqueue(departs + (options.delay ?? ms(1)) + d, p);
    });
  }

  private enqueue(at: Nanoseconds, packet: Packet): void {
    const item = { at, n: this.n++, packet };
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1]!.at > at) i--;
    this.queue.splice(i, 0, item);
    this.timer.arm(this.queue[0]!.at);
  }

  private fire(): void {
    const now = this.pair.scheduler.now;
    while (this.queue.length > 0 && this.queue[0]!.at <= now) {
      const { packet } = this.queue.shift()!;
      this.pair.log.push({ time: now, event: 'delivered', packet });
      this.deliver(packet);
    }
    if (this.queue.length > 0) this.timer.arm(this.queue[0]!.at);
  }
}

/** Two TCP stacks, A (10.0.0.1) and B (10.0.0.2), joined by a channel. */
export class Pair {
  readonly scheduler = new Scheduler();
  readonly a: TcpStack;
  readonly b: TcpStack;
  readonly log: LogEntry[] = [];
  hook: ChannelHook | undefined;
  /** Path MTU each side reports for the other (mtuFor). */
  mtu: Record<Side, number>;
  private readonly ab: Direction;
  private readonly ba: Direction;

  constructor(readonly options: PairOptions = {}) {
    const seed = options.seed ?? 1;
    this.mtu = { a: options.mtu ?? 1500, b: options.mtu ?? 1500 };
    this.ab = new Direction(this, 'channel a→b', (p) => this.b.input(p.src, p.dst, p.seg));
    this.ba = new Direction(this, 'channel b→a', (p) => this.a.input(p.src, p.dst, p.seg));
    const lower = (side: Side, dir: Direction): TcpLower => ({
      output: (src, dst, seg) => {
        const packet: Packet = { from: side, src, dst, seg, sentAt: this.scheduler.now, copy: 0 };
        this.log.push({ time: this.scheduler.now, event: 'sent', packet });
        dir.send(packet);
        return true;
      },
      mtuFor: () => this.mtu[side],
    });
    const config = (own?: Partial<TcpConfig>): TcpConfig => ({
      ...DEFAULT_TCP_CONFIG,
      ...options.config,
      ...own,
    });
    this.a = new TcpStack({
      scheduler: this.scheduler,
      lower: lower('a', this.ab),
      config: config(options.configA),
      random: new RandomStream(seed, 'tcp a'),
      name: 'a',
    });
    this.b = new TcpStack({
      scheduler: this.scheduler,
      lower: lower('b', this.ba),
      config: config(options.configB),
      random: new RandomStream(seed, 'tcp b'),
      name: 'b',
    });
  }

  get now(): Nanoseconds {
    return this.scheduler.now;
  }

  runUntil(t: Nanoseconds): void {
    this.scheduler.runUntil(t);
  }

  runFor(dt: Nanoseconds): void {
    this.scheduler.runUntil(this.scheduler.now + dt);
  }

  /** B listens on `port`, A connects; returns both ends (server once accepted). */
  open(port = 80): { client: TcpConnection; server: () => TcpConnection } {
    let accepted: TcpConnection | undefined;
    this.b.listen(port, (c) => (accepted = c));
    const client = this.a.connect(IP_A, IP_B, port);
    return {
      client,
      server: () => {
        if (accepted === undefined) throw new Error('not accepted yet');
        return accepted;
      },
    };
  }

  /** Opens a connection and runs until both ends are ESTABLISHED. */
  establish(port = 80): { client: TcpConnection; server: TcpConnection } {
    const { client, server } = this.open(port);
    for (let i = 0; i < 1000 && !(client.state === 'ESTABLISHED' && this.accepted(port)); i++) {
      this.runFor(ms(1));
    }
    return { client, server: server() };
  }

  private accepted(port: number): boolean {
    return this.b.connections.some((c) => c.localPort === port && c.state === 'ESTABLISHED');
  }

  /** Segments sent by `side` (after the hook: includes ones the channel then dropped). */
  sent(
    side: Side,
    filter: (seg: TcpSegment, time: Nanoseconds) => boolean = () => true,
  ): LogEntry[] {
    return this.log.filter(
      (e) => e.event === 'sent' && e.packet.from === side && filter(e.packet.seg, e.time),
    );
  }
}

/** A segment with every field defaulted (no options, empty payload). */
export function segment(fields: Partial<TcpSegment>): TcpSegment {
  return {
    srcPort: 1234,
    dstPort: 80,
    seq: 0,
    ack: 0,
    flags: 0,
    window: 65535,
    mss: null,
    windowScale: null,
    sackPermitted: false,
    sack: null,
    tsVal: null,
    tsEcr: 0,
    payload: new Uint8Array(0),
    ...fields,
  };
}

/** One stack (at IP_B) driven by hand-made segments from a fake peer at IP_A. */
export class Probe {
  readonly scheduler = new Scheduler();
  readonly stack: TcpStack;
  readonly out: { time: Nanoseconds; seg: TcpSegment }[] = [];
  /** Segments the local device queue refuses (NET_XMIT_DROP), as a full qdisc would. */
  refused: { time: Nanoseconds; seg: TcpSegment }[] = [];
  /** While true, the device queue refuses every segment handed to it. */
  queueFull = false;
  mtu = 1500;

  constructor(config: Partial<TcpConfig> = {}, seed = 1) {
    this.stack = new TcpStack({
      scheduler: this.scheduler,
      lower: {
        output: (_src, _dst, seg) => {
          const entry = { time: this.scheduler.now, seg };
          if (this.queueFull) {
            this.refused.push(entry);
            return false;
          }
          this.out.push(entry);
          return true;
        },
        mtuFor: () => this.mtu,
      },
      config: { ...DEFAULT_TCP_CONFIG, ...config },
      random: new RandomStream(seed, 'probe'),
      name: 'probe',
    });
  }

  /** The last segment the stack sent. */
  get last(): TcpSegment {
    const e = this.out[this.out.length - 1];
    if (e === undefined) throw new Error('nothing sent');
    return e.seg;
  }
}

/** Runs the probe's clock to `t`, then delivers `seg` from the fake peer (STYLE.md §8). */
export function send(probe: Probe, t: Nanoseconds, seg: Partial<TcpSegment>): void {
  probe.scheduler.runUntil(t);
  probe.stack.input(IP_A, IP_B, segment(seg));
}

export const PEER_ISS = 1_000_000;

export interface ProbeConnection {
  conn: TcpConnection;
  /** Wire sequence number of the stack's first data byte. */
  localNext: number;
  /** Wire sequence number of the fake peer's first data byte. */
  peerNext: number;
}

/**
 * Passive open on the probe: the fake peer sends SYN (with `syn` options) and the ACK of
 * the SYN-ACK at `t`. Returns the accepted connection.
 */
export function acceptFrom(
  probe: Probe,
  t: Nanoseconds,
  syn: Partial<TcpSegment> = {},
): ProbeConnection {
  let accepted: TcpConnection | undefined;
  probe.stack.listen(80, (c) => (accepted = c));
  send(probe, t, { flags: 0x02, seq: PEER_ISS, mss: 1460, ...syn });
  const synAck = probe.last;
  const localNext = (synAck.seq + 1) >>> 0;
  send(probe, t, { flags: 0x10, seq: PEER_ISS + 1, ack: localNext, window: syn.window ?? 65535 });
  if (accepted === undefined) throw new Error('handshake failed');
  return { conn: accepted, localNext, peerNext: PEER_ISS + 1 };
}

/** Active open from the probe's stack; the fake peer answers SYN-ACK at `t`. */
export function connectTo(
  probe: Probe,
  t: Nanoseconds,
  synAck: Partial<TcpSegment> = {},
): ProbeConnection {
  const conn = probe.stack.connect(IP_B, IP_A, 80, 40000);
  const syn = probe.last;
  const localNext = (syn.seq + 1) >>> 0;
  send(probe, t, {
    srcPort: 80,
    dstPort: 40000,
    flags: 0x12,
    seq: PEER_ISS,
    ack: localNext,
    mss: 1460,
    ...synAck,
  });
  return { conn, localNext, peerNext: PEER_ISS + 1 };
}
