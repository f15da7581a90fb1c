import { RandomStream } from '../core/random.ts';
import type { Scheduler, Timer } from '../core/scheduler.ts';
import { FRACTIONAL, us, type Nanoseconds } from '../core/time.ts';
import type { NetDevice } from '../net/ip-layer.ts';
import { frameWireBytes, wireTimeNs } from '../wire/size.ts';
import {
  ETHERNET_OVERHEAD,
  ETHERNET_PREAMBLE_AND_IFG,
  ETHERTYPE_MAC_CONTROL,
  type EthernetFrame,
} from '../wire/types.ts';

/** Seen from the port (side A): 'tx' carries A→B, 'rx' carries B→A. */
export type LinkDirection = 'tx' | 'rx';
export type LinkSide = 'a' | 'b';
export type LinkDropReason = 'loss' | 'linkDown' | 'mtu' | 'pathMtu' | 'scripted';

export type FrameReceiver = (frame: EthernetFrame) => void;
export type LinkObserver = (
  direction: LinkDirection,
  timeNs: Nanoseconds,
  frame: EthernetFrame,
) => void;
export type LinkDropObserver = (
  direction: LinkDirection,
  timeNs: Nanoseconds,
  frame: EthernetFrame,
  reason: LinkDropReason,
) => void;

/** Scripted behaviour on the wire (link-events.ts); null verdict = carry on. */
export interface LinkImpairment {
  /** As a frame starts to leave its sender. */
  depart(direction: LinkDirection, frame: EthernetFrame): LinkDropReason | null;
  /** As a frame reaches the far end, before delivery. */
  arrive(direction: LinkDirection, frame: EthernetFrame): LinkDropReason | null;
}

export interface LinkOptions {
  scheduler: Scheduler;
  name: string;
  mbps: number;
  /** Round-trip time; each direction's propagation delay is half of it. */
  rttUs: number;
  /** Probability each frame is lost, per direction, from seeded streams. Default 0. */
  lossRate?: number;
  /** Seed for the loss streams (named `${name}.tx.loss` / `${name}.rx.loss`). Default 1. */
  seed?: number;
  /** Largest IP packet a frame may carry; larger frames are dropped. Default 9216. */
  mtu?: number;
}

/** Per-direction counters, one sentence each. */
export class LinkCounters {
  /** Frames that started to leave the sender (lost ones included). */
  frames = 0;
  /** Their bytes on the medium: header, payload, padding to 64, FCS. */
  bytes = 0;
  /** Their wire time in bits, preamble, SFD and inter-frame gap included. */
  wireBits = 0;
  /** Frames handed to the receiver. */
  delivered = 0;
  /** Frames dropped on the wire, by reason (queues before the wire count their own drops). */
  readonly drops: Record<LinkDropReason, number> = {
    loss: 0,
    linkDown: 0,
    mtu: 0,
    pathMtu: 0,
    scripted: 0,
  };

  constructor() {
    // Doubles from the start (see FRACTIONAL): at 1 Gb/s the wire bits pass 2^31 at 2.1 s.
    this.bytes = this.wireBits = FRACTIONAL;
    this.bytes = this.wireBits = 0;
  }
}

/**
 * A FIFO of frames (with a time each) in a power-of-two ring: push and shift are O(1)
 * and allocate only when the ring grows.
 */
class FrameRing {
  private frames: (EthernetFrame | null)[] = new Array<EthernetFrame | null>(64).fill(null);
  private times = new Float64Array(64);
  private owners = new Int32Array(64);
  private head = 0;
  count = 0;

  push(frame: EthernetFrame, time: Nanoseconds, owner = -1): void {
    if (this.count === this.frames.length) this.grow();
    const i = (this.head + this.count) & (this.frames.length - 1);
    this.frames[i] = frame;
    this.times[i] = time;
    this.owners[i] = owner;
    this.count++;
  }

  /** Puts a frame at the head (a MAC control frame goes before anything queued). */
  pushFront(frame: EthernetFrame, time: Nanoseconds, owner = -1): void {
    if (this.count === this.frames.length) this.grow();
    this.head = (this.head - 1) & (this.frames.length - 1);
    this.frames[this.head] = frame;
    this.times[this.head] = time;
    this.owners[this.head] = owner;
    this.count++;
  }

  headTime(): Nanoseconds {
    return this.times[this.head]!;
  }

  headOwner(): number {
    return this.owners[this.head]!;
  }

  shift(): EthernetFrame {
    const frame = this.frames[this.head]!;
    this.frames[this.head] = null;
    this.head = (this.head + 1) & (this.frames.length - 1);
    this.count--;
    return frame;
  }

  private grow(): void {
    const n = this.frames.length * 2;
    const frames = new Array<EthernetFrame | null>(n).fill(null);
    const times = new Float64Array(n);
    const owners = new Int32Array(n);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & (this.frames.length - 1);
      frames[k] = this.frames[i]!;
      times[k] = this.times[i]!;
      owners[k] = this.owners[i]!;
    }
    this.frames = frames;
    this.times = times;
    this.owners = owners;
    this.head = 0;
  }
}

/** Told when one of its frames has left the transmitter (its last bit is on the wire). */
export type FeederSent = (frame: EthernetFrame, now: Nanoseconds) => void;

/**
 * One direction of the link: the MAC's transmitter, which serialises one frame at a
 * time, the frames handed to it and not yet started, and the frames in flight. Two
 * Timers, no per-frame closures.
 *
 * It has no queue limit of its own: what feeds it holds the real queues (the NIC port's
 * transmit FIFO, a peer's qdisc and ring) and hands frames over as a feeder, which is
 * told when each of its frames has left, so its queue frees exactly then.
 */
export class LinkChannel implements NetDevice {
  readonly counters = new LinkCounters();
  receiver: FrameReceiver | null = null;
  lossRate = 0;
  private readonly queue = new FrameRing();
  private readonly flight = new FrameRing();
  private current: EthernetFrame | null = null;
  /** The frame on the wire: when it started and its wire bits (for `wireBitsSent`). */
  private currentStart: Nanoseconds = 0;
  private currentBits = 0;
  private currentOwner = -1;
  private currentDrop: LinkDropReason | null = null;
  private readonly feeders: FeederSent[] = [];
  /** An 802.3x PAUSE from the far end holds new frames until then. */
  private pausedUntil: Nanoseconds = 0;
  /** ns this transmitter spent held by PAUSE with frames waiting. */
  pausedNs = 0;
  private pausedSince: Nanoseconds = -1;
  /** Starts the head frame once it is ready (and no PAUSE holds it). */
  private readonly ready: Timer;
  private readonly serialised: Timer;
  private readonly arrival: Timer;

  constructor(
    private readonly link: Link,
    readonly direction: LinkDirection,
    private readonly random: RandomStream,
  ) {
    this.lossRate = link.lossRate;
    // Doubles from the start (see FRACTIONAL).
    this.currentStart = this.pausedUntil = this.pausedSince = FRACTIONAL;
    this.currentStart = this.pausedUntil = 0;
    this.pausedSince = -1;
    const s = link.scheduler;
    this.serialised = s.timer(`${link.name}.${direction}.serialised`, (now) => this.done(now));
    this.arrival = s.timer(`${link.name}.${direction}.arrival`, (now) => this.arrive(now));
    this.ready = s.timer(`${link.name}.${direction}.ready`, (now) => this.next(now));
  }

  /** Registers a feeder; returns the owner number to pass to `transmitFrom`. */
  addFeeder(sent: FeederSent): number {
    this.feeders.push(sent);
    return this.feeders.length - 1;
  }

  /** Frames handed over and not yet started (not counting the one on the wire). */
  get queueLength(): number {
    return this.queue.count;
  }

  /** Frames that left the sender and have not yet arrived. */
  get inFlight(): number {
    return this.flight.count;
  }

  /** True while a frame is being serialised. */
  get busy(): boolean {
    return this.current !== null;
  }

  /** When the transmitter finishes the frame on the wire (now when idle). */
  get busyUntil(): Nanoseconds {
    return this.current !== null ? this.serialised.deadline : this.link.scheduler.now;
  }

  /** Wire bits that have left by `now`: the frame on the wire counts the share already sent. */
  wireBitsSent(now: Nanoseconds): number {
    const bits = this.counters.wireBits;
    if (this.current === null) return bits;
    const end = this.serialised.deadline;
    if (now >= end) return bits;
    return bits - (this.currentBits * (end - now)) / (end - this.currentStart);
  }

  /** A frame from no feeder (the on-path router's ICMP) joins the transmitter's queue. */
  transmit(frame: EthernetFrame): boolean {
    this.transmitFrom(-1, frame);
    return true;
  }

  /**
   * Feeder `owner` hands over a frame that is ready to go at `readyAt` (its data fetched
   * and prepared): it starts then if the transmitter is free, else waits its turn.
   * Frames go in the order handed over, so `readyAt` must not decrease per feeder.
   */
  transmitFrom(owner: number, frame: EthernetFrame, readyAt?: Nanoseconds): void {
    const now = this.link.scheduler.now;
    this.queue.push(frame, readyAt ?? now, owner);
    if (this.current === null && this.queue.count === 1) this.next(now);
  }

  /**
   * The MAC sends a control frame of its own (an 802.3x PAUSE): ahead of everything
   * queued, after the frame on the wire, whether or not it is paused itself.
   */
  sendControl(frame: EthernetFrame): void {
    const now = this.link.scheduler.now;
    if (this.current === null) this.start(frame, -1, now);
    else this.queue.pushFront(frame, -1, -1);
  }

  /**
   * A PAUSE arrived for this transmitter: no new frame starts for `quanta` × 512 bit
   * times (IEEE 802.3 Annex 31B); 0 (XON) lets it go on at once. The frame on the wire
   * finishes.
   */
  pause(quanta: number, now: Nanoseconds): void {
    this.holdEnds(now);
    this.pausedUntil =
      quanta === 0 ? now : now + Math.round((quanta * 512 * 1000) / this.link.mbps);
    if (this.current === null && this.queue.count > 0) this.next(now);
  }

  /** Starts the head frame if it is ready and nothing holds it; else waits for that time. */
  private next(now: Nanoseconds): void {
    if (this.current !== null || this.queue.count === 0) return;
    const ready = this.queue.headTime();
    // A control frame (time -1) ignores our own pause.
    const at = ready < 0 ? now : Math.max(ready, this.pausedUntil);
    if (at > now) {
      if (this.pausedUntil > now && this.pausedSince < 0) this.pausedSince = now;
      this.ready.arm(at);
      return;
    }
    this.holdEnds(now);
    const owner = this.queue.headOwner();
    this.start(this.queue.shift(), owner, now);
  }

  private holdEnds(now: Nanoseconds): void {
    if (this.pausedSince < 0) return;
    this.pausedNs += Math.max(0, Math.min(now, this.pausedUntil) - this.pausedSince);
    this.pausedSince = -1;
  }

  private start(frame: EthernetFrame, owner: number, now: Nanoseconds): void {
    const link = this.link;
    const bytes = frameWireBytes(frame);
    const c = this.counters;
    c.frames++;
    c.bytes += bytes;
    this.currentBits = (bytes + ETHERNET_PREAMBLE_AND_IFG) * 8;
    this.currentStart = now;
    c.wireBits += this.currentBits;
    // Drawn for every frame, so scripted events never shift the loss pattern.
    const lost = this.random.chance(this.lossRate);
    let reason: LinkDropReason | null = null;
    if (link.down) reason = 'linkDown';
    else if (bytes - ETHERNET_OVERHEAD > link.mtu) reason = 'mtu';
    else if (link.impairment !== null) reason = link.impairment.depart(this.direction, frame);
    if (reason === null && lost) reason = 'loss';
    this.current = frame;
    this.currentOwner = owner;
    this.currentDrop = reason;
    this.serialised.arm(now + wireTimeNs(bytes, link.mbps));
    link.emitDepart(this.direction, now, frame);
  }

  private done(now: Nanoseconds): void {
    const frame = this.current!;
    const owner = this.currentOwner;
    const reason = this.currentDrop;
    this.current = null;
    this.currentDrop = null;
    if (reason !== null) {
      this.drop(frame, reason, now);
    } else {
      const at = now + this.link.propagationNs;
      this.flight.push(frame, at);
      if (!this.arrival.armed) this.arrival.arm(at);
    }
    this.next(now);
    // Last: the feeder may hand over its next frame at once.
    if (owner >= 0) this.feeders[owner]!(frame, now);
  }

  private arrive(now: Nanoseconds): void {
    const link = this.link;
    while (this.flight.count > 0 && this.flight.headTime() <= now) {
      const frame = this.flight.shift();
      let reason: LinkDropReason | null = link.down ? 'linkDown' : null;
      if (reason === null && link.impairment !== null) {
        reason = link.impairment.arrive(this.direction, frame);
      }
      if (reason !== null) {
        this.drop(frame, reason, now);
        continue;
      }
      this.counters.delivered++;
      link.emitArrive(this.direction, now, frame);
      // MAC Control stops at the far end's MAC: it holds that end's transmitter.
      if (frame.etherType === ETHERTYPE_MAC_CONTROL) {
        link.channel(this.direction === 'tx' ? 'rx' : 'tx').pause(frame.pause.quanta, now);
        continue;
      }
      if (this.receiver !== null) this.receiver(frame);
    }
    if (this.flight.count > 0 && !this.arrival.armed) this.arrival.arm(this.flight.headTime());
  }

  private drop(frame: EthernetFrame, reason: LinkDropReason, now: Nanoseconds): void {
    this.counters.drops[reason]++;
    this.link.emitDrop(this.direction, now, frame, reason);
  }
}

/**
 * A full-duplex Ethernet link between side A (the local host's NIC port) and side B (the
 * link peer). A frame occupies its transmitter for wireTimeNs(frameWireBytes) (preamble,
 * IFG and the 64-byte minimum included) and arrives rttUs/2 after it finished.
 *
 * Observers see a frame depart as its first bit goes on the wire and arrive when it is
 * delivered, so a capture at the port (A) records A's frames as they leave (lost ones
 * too) and B's frames as they arrive (lost ones never).
 */
export class Link {
  readonly scheduler: Scheduler;
  readonly name: string;
  /** Numbers from the start (see core/time.ts). */
  readonly mbps: number = 0;
  readonly propagationNs: Nanoseconds = 0;
  readonly mtu: number = 0;
  readonly lossRate: number = 0;
  readonly tx: LinkChannel;
  readonly rx: LinkChannel;
  impairment: LinkImpairment | null = null;
  private isDown = false;
  private readonly departs: LinkObserver[] = [];
  private readonly arrives: LinkObserver[] = [];
  private readonly drops: LinkDropObserver[] = [];

  constructor(opts: LinkOptions) {
    if (!(opts.mbps > 0)) throw new RangeError(`link ${opts.name}: mbps must be > 0`);
    this.scheduler = opts.scheduler;
    this.name = opts.name;
    this.mbps = opts.mbps;
    this.propagationNs = Math.round(us(opts.rttUs) / 2);
    this.mtu = opts.mtu ?? 9216;
    this.lossRate = opts.lossRate ?? 0;
    const seed = opts.seed ?? 1;
    this.tx = new LinkChannel(this, 'tx', new RandomStream(seed, `${opts.name}.tx.loss`));
    this.rx = new LinkChannel(this, 'rx', new RandomStream(seed, `${opts.name}.rx.loss`));
  }

  channel(direction: LinkDirection): LinkChannel {
    return direction === 'tx' ? this.tx : this.rx;
  }

  /** The device a side transmits into: A sends on 'tx', B on 'rx'. */
  endpoint(side: LinkSide): NetDevice {
    return side === 'a' ? this.tx : this.rx;
  }

  /** Where frames for a side are delivered. */
  attach(side: LinkSide, receiver: FrameReceiver): void {
    if (side === 'a') this.rx.receiver = receiver;
    else this.tx.receiver = receiver;
  }

  get down(): boolean {
    return this.isDown;
  }

  /** Cable pulled or restored: frames leaving or arriving while down are lost. */
  setDown(down: boolean): void {
    this.isDown = down;
  }

  onDepart(observer: LinkObserver): void {
    this.departs.push(observer);
  }

  onArrive(observer: LinkObserver): void {
    this.arrives.push(observer);
  }

  onDrop(observer: LinkDropObserver): void {
    this.drops.push(observer);
  }

  /** @internal */
  emitDepart(direction: LinkDirection, now: Nanoseconds, frame: EthernetFrame): void {
    for (let i = 0; i < this.departs.length; i++) this.departs[i]!(direction, now, frame);
  }

  /** @internal */
  emitArrive(direction: LinkDirection, now: Nanoseconds, frame: EthernetFrame): void {
    for (let i = 0; i < this.arrives.length; i++) this.arrives[i]!(direction, now, frame);
  }

  /** @internal */
  emitDrop(
    direction: LinkDirection,
    now: Nanoseconds,
    frame: EthernetFrame,
    reason: LinkDropReason,
  ): void {
    for (let i = 0; i < this.drops.length; i++) this.drops[i]!(direction, now, frame, reason);
  }
}
