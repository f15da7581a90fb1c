import type { Nanoseconds } from '../core/time.ts';
import type { Neighbour } from '../net/neighbour-table.ts';
import { formatIpv4, formatMac } from '../wire/address.ts';
import { ZERO_MAC } from '../wire/types.ts';
import type { World } from '../world/world.ts';

/**
 * The host's neighbour (ARP) tables beside the card's shadow copies (DESIGN.md §5, Q4),
 * compared entry by entry whenever the session samples, with each entry's status kept
 * as a timeline of changes. The host's table is the reference: a card entry is in sync
 * when it holds the host's MAC, stale when it holds another, missing when the host has
 * a MAC and the card no entry; `card-only` when the card has an entry the host lacks
 * (full-toe's card runs ARP itself, so the host may never resolve its peers).
 */
export type ArpSyncStatus = 'in-sync' | 'stale' | 'missing' | 'card-only';

export interface ArpHostEntry {
  port: number;
  ip: string;
  /** null while unresolved. */
  mac: string | null;
  state: string;
}

export interface ArpCardEntry extends ArpHostEntry {
  status: ArpSyncStatus;
}

export interface ArpTimeline {
  port: number;
  ip: string;
  /** Status changes in time order; each lasts until the next (the last until now). */
  segments: { fromNs: Nanoseconds; status: ArpSyncStatus }[];
}

export interface ArpSnapshot {
  nowNs: Nanoseconds;
  /** False when the architecture keeps no ARP state on the card. */
  shadow: boolean;
  host: ArpHostEntry[];
  /** null when `shadow` is false. */
  card: ArpCardEntry[] | null;
  timelines: ArpTimeline[];
}

/** A timeline keeps at most this many changes (the oldest go), so a long run stays small. */
export const MAX_SEGMENTS = 256;

function entryOf(port: number, n: Neighbour): ArpHostEntry {
  return {
    port,
    ip: formatIpv4(n.ip),
    mac: n.mac === ZERO_MAC ? null : formatMac(n.mac),
    state: n.state,
  };
}

function statusOf(host: ArpHostEntry | undefined, card: ArpHostEntry | undefined): ArpSyncStatus {
  if (!card || card.mac === null) return 'missing';
  if (!host || host.mac === null) return 'card-only';
  return host.mac === card.mac ? 'in-sync' : 'stale';
}

export class ArpWatch {
  private readonly timelines = new Map<string, ArpTimeline>();

  constructor(private readonly world: World) {}

  get shadow(): boolean {
    return this.world.architecture.cardNeighbours !== undefined;
  }

  /** Compares the tables now and records status changes; returns the comparison. */
  observe(): ArpSnapshot {
    const world = this.world;
    const now = world.scheduler.now;
    const host: ArpHostEntry[] = [];
    const card: ArpCardEntry[] = [];
    const cardTables = world.architecture.cardNeighbours?.bind(world.architecture);
    for (let port = 0; port < world.links.length; port++) {
      const hostEntries = world.host
        .neighbours(port)
        .list()
        .map((n) => entryOf(port, n));
      host.push(...hostEntries);
      if (!cardTables) continue;
      const cardEntries = cardTables(port)
        .list()
        .map((n) => entryOf(port, n));
      const byIp = new Map(hostEntries.map((e) => [e.ip, e]));
      const seen = new Set<string>();
      for (const c of cardEntries) {
        seen.add(c.ip);
        card.push({ ...c, status: statusOf(byIp.get(c.ip), c) });
      }
      for (const h of hostEntries) {
        if (seen.has(h.ip) || h.mac === null) continue;
        card.push({ port, ip: h.ip, mac: null, state: '—', status: 'missing' });
      }
    }
    for (const c of card) this.record(now, c);
    return {
      nowNs: now,
      shadow: cardTables !== undefined,
      host,
      card: cardTables ? card : null,
      timelines: [...this.timelines.values()].map((t) => ({ ...t, segments: [...t.segments] })),
    };
  }

  private record(now: Nanoseconds, entry: ArpCardEntry): void {
    const key = `${entry.port}/${entry.ip}`;
    let timeline = this.timelines.get(key);
    if (!timeline) {
      timeline = { port: entry.port, ip: entry.ip, segments: [] };
      this.timelines.set(key, timeline);
    }
    const last = timeline.segments[timeline.segments.length - 1];
    if (last?.status === entry.status) return;
    timeline.segments.push({ fromNs: now, status: entry.status });
    if (timeline.segments.length > MAX_SEGMENTS) timeline.segments.shift();
  }
}
