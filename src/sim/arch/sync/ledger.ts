import { NS_PER_MS, NS_PER_S, type Nanoseconds } from '../../core/time.ts';
import type { SyncResult, ShadowEntryResult } from '../../metrics/results.ts';
import type { Neighbour, NeighbourTable } from '../../net/neighbour-table.ts';
import { formatIpv4 } from '../../wire/address.ts';
import {
  ArpOp,
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  ZERO_MAC,
  type EthernetFrame,
  type Ipv4,
  type Ipv4Packet,
} from '../../wire/types.ts';
import type { SyncStrategy as SyncStrategyId } from '../../scenario/schema.ts';
import type { Host } from '../../host/host.ts';
import type { Machine } from '../../host/machine.ts';
import { sameRoute } from './route-shadow.ts';

/**
 * How a shadow entry compares with the host's entry for the same next hop (DESIGN.md §5):
 * `in-sync` when both hold the same MAC (or the host holds none, so nothing contradicts
 * the card), `stale` when the card holds another MAC, `missing` when the card has no
 * usable entry (its connection's packets wait).
 */
export type ShadowStatus = 'in-sync' | 'stale' | 'missing';

interface Interval {
  status: ShadowStatus;
  fromNs: Nanoseconds;
}

/** One shadow entry's history: a list of status changes, each lasting until the next. */
class ShadowEntry {
  readonly intervals: Interval[] = [];
  constructor(
    readonly port: number,
    readonly ip: Ipv4,
    readonly kind: 'neighbour' | 'route' = 'neighbour',
  ) {}

  get status(): ShadowStatus | null {
    return this.intervals.at(-1)?.status ?? null;
  }
}

/** Counters, one sentence each. */
export class SyncCounters {
  /** Card-built IPv4 frames that left each port addressed to a MAC the peer no longer has. */
  framesToStaleMac: number[];
  /** Push mailbox writes, poll reads that changed a shadow entry, ARP requests the card sent. */
  updatesSent = 0;

  constructor(ports: number) {
    this.framesToStaleMac = new Array<number>(ports).fill(0);
  }
}

function usable(n: Neighbour | undefined): n is Neighbour {
  return n !== undefined && n.mac !== ZERO_MAC && n.state !== 'INCOMPLETE' && n.state !== 'FAILED';
}

function statusOf(host: Neighbour | undefined, card: Neighbour | undefined): ShadowStatus {
  if (!usable(card)) return 'missing';
  if (!usable(host)) return 'in-sync';
  return host.mac === card.mac ? 'in-sync' : 'stale';
}

/**
 * The measurement side of sync: per shadow entry a timeline of in-sync / stale / missing
 * against the host's entry, and the frames the card sent on stale state. It watches both
 * tables and the wire; the strategies only report the updates they send.
 */
export class SyncLedger {
  readonly counters: SyncCounters;
  private readonly entries = new Map<string, ShadowEntry>();
  /** The card's routes to offloaded remotes, by remote, from their first difference. */
  private readonly routeEntries = new Map<Ipv4, ShadowEntry>();

  constructor(
    private readonly m: Machine,
    readonly strategy: SyncStrategyId,
    private readonly hostTable: (port: number) => NeighbourTable<Ipv4Packet>,
    private readonly cardTable: (port: number) => NeighbourTable<Ipv4Packet>,
    /** Whether a departing frame was built by the card (not by the host's stack). */
    private readonly isCardFrame: (frame: EthernetFrame) => boolean,
  ) {
    this.counters = new SyncCounters(m.links.length);
    m.links.forEach((link, port) => {
      hostTable(port).onChange((n) => this.observe(port, n.ip));
      cardTable(port).onChange((n) => this.observe(port, n.ip));
      // Counted where the frame leaves the port (where the pcap sees it): a frame queued
      // before a MAC change and sent after it is lost like any other.
      link.onDepart((direction, _now, frame) => {
        if (direction !== 'tx' || frame.etherType !== ETHERTYPE_IPV4) return;
        // The peer's answer first: it is a scan of one or two stations, while isCardFrame
        // is a flow-table lookup, and almost every frame goes to a MAC the peer has.
        if (m.peerAnswers(port, frame.dst) || !this.isCardFrame(frame)) return;
        this.counters.framesToStaleMac[port]!++;
      });
    });
  }

  /** A connection on the card uses `ip` on `port`: its entry's timeline starts now. */
  track(port: number, ip: Ipv4): void {
    const key = `${port}/${ip}`;
    if (this.entries.has(key)) return;
    this.entries.set(key, new ShadowEntry(port, ip));
    this.observe(port, ip);
  }

  /**
   * Compares the card's route to each remote in `remotes` (the peers of offloaded
   * connections) with the host's on every change of either table. An entry is listed
   * from the first difference, so runs without route changes report exactly what they did.
   */
  watchRoutes(host: Host, card: Host, remotes: ReadonlySet<Ipv4>): void {
    const observe = (): void => {
      for (const remote of remotes) {
        const h = host.routes.lookup(remote);
        const c = card.routes.lookup(remote);
        const status: ShadowStatus = c === null ? 'missing' : sameRoute(h, c) ? 'in-sync' : 'stale';
        let e = this.routeEntries.get(remote);
        if (e === undefined) {
          if (status === 'in-sync') continue;
          e = new ShadowEntry(c?.interfaceIndex ?? 0, remote, 'route');
          this.routeEntries.set(remote, e);
        }
        this.record(e, status);
      }
    };
    host.routes.onChange(observe);
    card.routes.onChange(observe);
  }

  tracked(): { port: number; ip: Ipv4 }[] {
    return [...this.entries.values()].map((e) => ({ port: e.port, ip: e.ip }));
  }

  /** The card built `frame` (it may leave the port later). */
  cardSent(frame: EthernetFrame): void {
    if (frame.etherType === ETHERTYPE_ARP && frame.arp.op === ArpOp.REQUEST) {
      this.counters.updatesSent++;
    }
  }

  private observe(port: number, ip: Ipv4): void {
    const e = this.entries.get(`${port}/${ip}`);
    if (e === undefined) return;
    this.record(e, statusOf(this.hostTable(port).lookup(ip), this.cardTable(port).lookup(ip)));
  }

  private record(e: ShadowEntry, status: ShadowStatus): void {
    if (status === e.status) return;
    e.intervals.push({ status, fromNs: this.m.scheduler.now });
    const what = `card's ${e.kind === 'route' ? 'route to' : 'entry for'} ${formatIpv4(e.ip)}`;
    if (status === 'stale') {
      this.m.logEvent('sync', e.port, `${what} differs from the host's: stale`);
    } else if (e.intervals.at(-2)?.status === 'stale') {
      this.m.logEvent('sync', e.port, `${what} repaired: ${status}`);
    }
  }

  /** The results JSON `sync` section, with open intervals measured up to `now`. */
  result(now: Nanoseconds): SyncResult {
    let staleNs = 0;
    let maxStaleNs = 0;
    const entries: ShadowEntryResult[] = [];
    for (const e of [...this.entries.values(), ...this.routeEntries.values()]) {
      let entryStaleNs = 0;
      const intervals = e.intervals.map((iv, i) => {
        const toNs = e.intervals[i + 1]?.fromNs ?? now;
        if (iv.status === 'stale') {
          entryStaleNs += toNs - iv.fromNs;
          maxStaleNs = Math.max(maxStaleNs, toNs - iv.fromNs);
        }
        return {
          status: iv.status,
          fromMs: iv.fromNs / NS_PER_MS,
          toMs: toNs / NS_PER_MS,
        };
      });
      staleNs += entryStaleNs;
      entries.push({
        port: e.port,
        ip: formatIpv4(e.ip),
        ...(e.kind === 'route' ? { kind: 'route' as const } : {}),
        staleMs: entryStaleNs / NS_PER_MS,
        intervals,
      });
    }
    let frames = 0;
    for (const n of this.counters.framesToStaleMac) frames += n;
    return {
      strategy: this.strategy,
      staleEntrySeconds: staleNs / NS_PER_S,
      maxStalenessMs: maxStaleNs / NS_PER_MS,
      framesToStaleMac: frames,
      framesToStaleMacByPort: [...this.counters.framesToStaleMac],
      policyViolations: null,
      updatesSent: this.counters.updatesSent,
      entries,
    };
  }
}
