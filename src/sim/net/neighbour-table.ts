import type { RandomStream } from '../core/random.ts';
import type { Scheduler, Timer } from '../core/scheduler.ts';
import { FRACTIONAL, seconds, type Nanoseconds } from '../core/time.ts';
import { BROADCAST_MAC, ZERO_MAC, type Ipv4, type Mac } from '../wire/types.ts';

/**
 * Linux's neighbour (ARP) cache states, `include/net/neighbour.h` NUD_*. NONE and NOARP
 * are not modelled: a new entry starts INCOMPLETE (we asked) or STALE (we learnt it from
 * a request addressed to us). PERMANENT is an entry its owner set (`ip neigh replace …
 * nud permanent`, or a TOE card's shadow entry written by the driver): it never ages,
 * is never probed and ARP from the wire does not override it.
 */
export type NeighbourState =
  'INCOMPLETE' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'FAILED' | 'PERMANENT';

/**
 * Who resolves addresses: the table itself by ARP, or an external owner (a TOE card's
 * shadow table, filled by its sync strategy through `pin`), in which case the table
 * sends no requests, runs no timers and learns nothing from the wire.
 */
export type Resolution = 'arp' | 'external';

/** Returned by `output` when the packet was held (or dropped) instead of sent. */
export const NO_MAC = -1;

/** Linux defaults, `net/ipv4/arp.c` arp_tbl and `Documentation/networking/ip-sysctl`. */
export const NEIGHBOUR_DEFAULTS = {
  /** base_reachable_time_ms; each table draws reachable time in [0.5, 1.5)× of it. */
  baseReachableNs: seconds(30),
  /** delay_first_probe_time. */
  delayFirstProbeNs: seconds(5),
  /** retrans_time_ms: between solicitations. */
  retransNs: seconds(1),
  /** mcast_solicit: broadcast requests while INCOMPLETE before FAILED. */
  broadcastProbes: 3,
  /** ucast_solicit: unicast probes in PROBE before FAILED. */
  unicastProbes: 3,
  /**
   * Packets held per INCOMPLETE entry. Linux 2.4 kept 3 (unres_qlen); since 3.3 the
   * limit is unres_qlen_bytes = 212,992 B, which /proc reports as unres_qlen 101. With 3,
   * a whole initial window would be lost behind the first ARP, so we keep 101; the oldest
   * packet is dropped on overflow, as `__neigh_event_send` does.
   */
  queueLength: 101,
  /** Linux re-draws reachable_time every 300 s (neigh_periodic_work). */
  rerandomiseNs: seconds(300),
};

export type NeighbourParams = typeof NEIGHBOUR_DEFAULTS;

/** What the IP layer does for the table: send ARP and release held packets. */
export interface NeighbourHooks<P> {
  /** Send an ARP request for `ip` to `to` (BROADCAST_MAC while INCOMPLETE, else unicast). */
  solicit(ip: Ipv4, to: Mac): void;
  /** Send a packet that waited for resolution, now that `via`'s MAC is known. */
  transmit(packet: P, via: Neighbour): void;
  /** A packet was held on an INCOMPLETE entry. */
  held(packet: P): void;
  /** `count` held packets were dropped (overflow, FAILED, flush). */
  dropped(count: number): void;
}

/** One entry as observers see it. */
export interface Neighbour {
  readonly ip: Ipv4;
  readonly state: NeighbourState;
  /** ZERO_MAC until first resolved. */
  readonly mac: Mac;
  /** Last change of state or MAC. */
  readonly updatedAt: Nanoseconds;
  /** Last reachability confirmation (ARP reply or upper-layer confirm). */
  readonly confirmedAt: Nanoseconds;
  /** Last time a packet was sent through it. */
  readonly usedAt: Nanoseconds;
  /** Packets waiting for resolution. */
  readonly queued: number;
}

/** Called after a state or MAC change; a deleted entry reports FAILED with ZERO_MAC. */
export type NeighbourChangeListener = (
  entry: Neighbour,
  previousState: NeighbourState | null,
  previousMac: Mac,
) => void;

/** Counters, one sentence each. */
export class NeighbourStats {
  /** Broadcast ARP requests sent while INCOMPLETE. */
  broadcastProbes = 0;
  /** Unicast ARP requests sent while PROBE. */
  unicastProbes = 0;
  /** Packets held on an INCOMPLETE entry. */
  queued = 0;
  /** Held packets dropped: queue overflow, FAILED, or entry deleted. */
  dropped = 0;
  /** Transitions into FAILED. */
  failures = 0;
}

class Entry<P> implements Neighbour {
  state: NeighbourState = 'INCOMPLETE';
  mac: Mac = ZERO_MAC;
  /** Doubles from the start (see FRACTIONAL). */
  updatedAt: Nanoseconds = FRACTIONAL;
  confirmedAt: Nanoseconds = -Infinity;
  usedAt: Nanoseconds = FRACTIONAL;
  /** Solicitations sent in the current INCOMPLETE or PROBE episode. */
  probes = 0;
  pending: P[] = [];
  pendingHead = 0;
  /** Assigned right after construction: the callback needs the entry. */
  timer!: Timer;

  constructor(
    readonly ip: Ipv4,
    now: Nanoseconds,
  ) {
    this.updatedAt = now;
    this.usedAt = now;
  }

  get queued(): number {
    return this.pending.length - this.pendingHead;
  }
}

/**
 * A per-interface neighbour table following Linux's `net/core/neighbour.c` state machine:
 * each entry has one named Timer (neigh_timer_handler), nothing polls.
 */
export class NeighbourTable<P> {
  readonly stats = new NeighbourStats();
  readonly params: NeighbourParams;
  private readonly entries = new Map<Ipv4, Entry<P>>();
  /**
   * The entry found last: IP output and input's confirmation ask for the same neighbour
   * for nearly every frame, and a Map lookup costs more than the rest of `outputVia`.
   */
  private lastIp: Ipv4 = -1;
  private lastEntry: Entry<P> | undefined = undefined;
  private readonly listeners: NeighbourChangeListener[] = [];
  private reachableNs = 0;
  private reachableDrawnAt = -Infinity;
  private resolution: Resolution = 'arp';

  constructor(
    private readonly scheduler: Scheduler,
    private readonly name: string,
    private readonly random: RandomStream,
    private readonly hooks: NeighbourHooks<P>,
    params: Partial<NeighbourParams> = {},
  ) {
    this.params = { ...NEIGHBOUR_DEFAULTS, ...params };
  }

  lookup(ip: Ipv4): Neighbour | undefined {
    return this.entries.get(ip);
  }

  list(): Neighbour[] {
    return [...this.entries.values()];
  }

  onChange(listener: NeighbourChangeListener): void {
    this.listeners.push(listener);
  }

  /** Hands resolution to an external owner from now on (see `Resolution`). */
  resolveExternally(): void {
    this.resolution = 'external';
  }

  /**
   * Starts resolving `ip` with no packet to send (Linux neigh_event_send(neigh, NULL),
   * as TOE drivers call it when they offload a connection to an unresolved next hop).
   */
  resolve(ip: Ipv4): void {
    const e = this.entries.get(ip);
    if (e === undefined) this.startResolution(this.create(ip), null);
    else if (e.state === 'FAILED') this.startResolution(e, 'FAILED');
  }

  /**
   * The owner sets `ip` to `mac` (PERMANENT) and held packets leave. Linux's
   * neigh_update with NEIGH_UPDATE_F_ADMIN, which is how a driver's table is written.
   */
  pin(ip: Ipv4, mac: Mac): void {
    let e = this.entries.get(ip);
    const previous = e === undefined ? null : e.state;
    e ??= this.create(ip);
    e.timer.cancel();
    this.setState(e, 'PERMANENT', mac, previous);
    e.confirmedAt = this.scheduler.now;
    this.flush(e);
  }

  /** The current randomised reachable time (Linux neigh_rand_reach_time). */
  reachableTime(): Nanoseconds {
    const now = this.scheduler.now;
    if (now - this.reachableDrawnAt >= this.params.rerandomiseNs) {
      this.reachableNs = Math.round(this.params.baseReachableNs * (0.5 + this.random.float()));
      this.reachableDrawnAt = now;
    }
    return this.reachableNs;
  }

  /**
   * Resolve `ip` for an outgoing packet (neigh_event_send): the MAC to send to now, or
   * NO_MAC when the packet is held until resolution.
   */
  output(ip: Ipv4, packet: P): Mac {
    const e = this.outputVia(ip, packet);
    return e === null ? NO_MAC : e.mac;
  }

  /**
   * `output` for the per-packet path: the entry whose MAC to send to now, or null when
   * the packet is held. A MAC is above V8's small-integer range, so passing one to or
   * from a call that is not inlined allocates a heap number; the entry is already there.
   */
  outputVia(ip: Ipv4, packet: P): Neighbour | null {
    const now = this.scheduler.now;
    let e = this.find(ip);
    if (e === undefined) {
      e = this.create(ip);
      this.startResolution(e, null);
      this.hold(e, packet);
      return null;
    }
    switch (e.state) {
      case 'REACHABLE':
      case 'DELAY':
      case 'PROBE':
      case 'PERMANENT':
        e.usedAt = now;
        return e;
      case 'STALE':
        e.usedAt = now;
        this.setState(e, 'DELAY', e.mac);
        e.timer.arm(now + this.params.delayFirstProbeNs);
        return e;
      case 'INCOMPLETE':
        this.hold(e, packet);
        return null;
      case 'FAILED':
        // A new packet to a FAILED neighbour restarts resolution (neigh_event_send).
        this.startResolution(e, 'FAILED');
        this.hold(e, packet);
        return null;
    }
  }

  /**
   * Information from the wire (neigh_update): an ARP reply addressed to us gives
   * REACHABLE, any other ARP about an address gives STALE. `create` is true only for a
   * request addressed to us (Linux neigh_event_ns); otherwise only existing entries learn.
   */
  update(ip: Ipv4, mac: Mac, state: 'REACHABLE' | 'STALE', create: boolean): void {
    if (this.resolution === 'external') return;
    let e = this.entries.get(ip);
    if (e?.state === 'PERMANENT') return; // neigh_update refuses without F_ADMIN
    if (e === undefined) {
      if (!create) return;
      e = this.create(ip);
      e.state = 'FAILED'; // not valid yet; replaced below without a spurious transition
      this.setState(e, state, mac, null);
    } else if (isValid(e.state) && mac === e.mac && state === 'STALE') {
      return; // same address, weaker news: Linux keeps the current state
    } else {
      this.setState(e, state, mac);
    }
    if (state === 'REACHABLE') this.confirmed(e);
    else e.timer.cancel();
    this.flush(e);
  }

  /**
   * Upper-layer proof of reachability (Linux neigh_confirm / dst_confirm from TCP); with
   * `mac`, only when the entry holds that MAC (the proof came from it).
   */
  confirm(ip: Ipv4, mac?: Mac): void {
    const e = this.find(ip);
    if (e === undefined || !isValid(e.state)) return;
    if (mac === undefined || e.mac === mac) e.confirmedAt = this.scheduler.now;
  }

  /** Scripted expiry: the entry becomes STALE now (`ip neigh change … nud stale`). */
  markStale(ip: Ipv4): void {
    const e = this.entries.get(ip);
    if (e === undefined || !isValid(e.state) || e.state === 'PERMANENT') return;
    e.timer.cancel();
    this.setState(e, 'STALE', e.mac);
  }

  /** Removes an entry, dropping any held packets (`ip neigh del`). */
  delete(ip: Ipv4): void {
    const e = this.entries.get(ip);
    if (e === undefined) return;
    e.timer.cancel();
    this.dropPending(e);
    this.entries.delete(ip);
    if (ip === this.lastIp) this.lastEntry = undefined;
    // Observers (a NIC's shadow copy) see a deleted entry as FAILED with no address.
    this.setState(e, 'FAILED', ZERO_MAC);
  }

  /** Removes every entry (Linux neigh_flush_dev on an address change or link down). */
  clear(): void {
    for (const ip of [...this.entries.keys()]) this.delete(ip);
  }

  private find(ip: Ipv4): Entry<P> | undefined {
    if (ip === this.lastIp) return this.lastEntry;
    const e = this.entries.get(ip);
    this.lastIp = ip;
    this.lastEntry = e;
    return e;
  }

  private create(ip: Ipv4): Entry<P> {
    const e = new Entry<P>(ip, this.scheduler.now);
    e.timer = this.scheduler.timer(`${this.name}.neigh.${ip >>> 0}`, () => this.expire(e));
    this.entries.set(ip, e);
    this.lastIp = ip;
    this.lastEntry = e;
    return e;
  }

  private startResolution(e: Entry<P>, previous: NeighbourState | null): void {
    e.probes = 0;
    this.setState(e, 'INCOMPLETE', e.mac, previous);
    // An external owner resolves: packets wait (without a deadline) until it pins.
    if (this.resolution === 'arp') this.probe(e);
  }

  private confirmed(e: Entry<P>): void {
    e.confirmedAt = this.scheduler.now;
    e.timer.arm(e.confirmedAt + this.reachableTime());
  }

  /** neigh_timer_handler. */
  private expire(e: Entry<P>): void {
    const now = this.scheduler.now;
    const p = this.params;
    switch (e.state) {
      case 'REACHABLE': {
        const until = e.confirmedAt + this.reachableTime();
        if (now < until) {
          e.timer.arm(until);
        } else if (now <= e.usedAt + p.delayFirstProbeNs) {
          this.setState(e, 'DELAY', e.mac);
          e.timer.arm(now + p.delayFirstProbeNs);
        } else {
          this.setState(e, 'STALE', e.mac);
        }
        return;
      }
      case 'DELAY':
        if (now <= e.confirmedAt + p.delayFirstProbeNs) {
          this.setState(e, 'REACHABLE', e.mac);
          e.timer.arm(e.confirmedAt + this.reachableTime());
        } else {
          e.probes = 0;
          this.setState(e, 'PROBE', e.mac);
          this.probe(e);
        }
        return;
      case 'INCOMPLETE':
      case 'PROBE': {
        const max = e.state === 'INCOMPLETE' ? p.broadcastProbes : p.unicastProbes;
        if (e.probes >= max) {
          this.stats.failures++;
          this.setState(e, 'FAILED', e.mac);
          this.dropPending(e);
        } else {
          this.probe(e);
        }
        return;
      }
      case 'STALE':
      case 'FAILED':
      case 'PERMANENT':
        return;
    }
  }

  private probe(e: Entry<P>): void {
    e.probes++;
    e.timer.armAfter(this.params.retransNs);
    if (e.state === 'PROBE') {
      this.stats.unicastProbes++;
      this.hooks.solicit(e.ip, e.mac);
    } else {
      this.stats.broadcastProbes++;
      this.hooks.solicit(e.ip, BROADCAST_MAC);
    }
  }

  private hold(e: Entry<P>, packet: P): void {
    if (e.queued >= this.params.queueLength) {
      e.pendingHead++;
      this.stats.dropped++;
      this.hooks.dropped(1);
    }
    e.pending.push(packet);
    this.stats.queued++;
    this.hooks.held(packet);
  }

  private flush(e: Entry<P>): void {
    if (e.queued === 0) return;
    const pending = e.pending;
    const head = e.pendingHead;
    e.pending = [];
    e.pendingHead = 0;
    e.usedAt = this.scheduler.now;
    for (let i = head; i < pending.length; i++) this.hooks.transmit(pending[i]!, e);
  }

  private dropPending(e: Entry<P>): void {
    const n = e.queued;
    if (n === 0) return;
    this.stats.dropped += n;
    this.hooks.dropped(n);
    e.pending = [];
    e.pendingHead = 0;
  }

  private setState(
    e: Entry<P>,
    state: NeighbourState,
    mac: Mac,
    previous: NeighbourState | null = e.state,
  ): void {
    const previousMac = e.mac;
    if (previous === state && previousMac === mac) return;
    e.state = state;
    e.mac = mac;
    e.updatedAt = this.scheduler.now;
    for (const l of this.listeners) l(e, previous, previousMac);
  }
}

function isValid(state: NeighbourState): boolean {
  switch (state) {
    case 'REACHABLE':
    case 'STALE':
    case 'DELAY':
    case 'PROBE':
    case 'PERMANENT':
      return true;
    case 'INCOMPLETE':
    case 'FAILED':
      return false;
  }
}
