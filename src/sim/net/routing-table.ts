import type { Ipv4 } from '../wire/types.ts';

/**
 * The host's IPv4 routing table: longest-prefix match over a handful of routes, as in
 * smoltcp's `iface/route.rs` (a small linear table) rather than Linux's FIB trie, since a
 * simulated host has one connected route per port plus a few scripted ones.
 */
export interface Route {
  /** Network address; host bits are cleared when the route is added. */
  readonly prefix: Ipv4;
  /** 0–32. */
  readonly prefixLength: number;
  /** Gateway address, or 0 when the destination is on-link (Linux "scope link"). */
  readonly nextHop: Ipv4;
  readonly interfaceIndex: number;
  /** Route MTU (Linux `ip route … mtu N`); the interface MTU applies when absent. */
  readonly mtu?: number;
}

export type RouteChangeKind = 'add' | 'remove' | 'replace';

/** Called after every change; `previous` is the route removed or replaced. */
export type RouteChangeListener = (
  kind: RouteChangeKind,
  route: Route,
  previous: Route | null,
) => void;

/** The netmask for a prefix length, as an unsigned 32-bit number. */
export function prefixMask(prefixLength: number): number {
  if (!(prefixLength >= 0 && prefixLength <= 32 && Number.isInteger(prefixLength))) {
    throw new RangeError(`prefix length ${prefixLength} is outside 0–32`);
  }
  return prefixLength === 0 ? 0 : (0xffff_ffff << (32 - prefixLength)) >>> 0;
}

/** True when `address` lies inside prefix/prefixLength. */
export function inPrefix(address: Ipv4, prefix: Ipv4, prefixLength: number): boolean {
  const mask = prefixMask(prefixLength);
  return (address & mask) >>> 0 === (prefix & mask) >>> 0;
}

/** Destinations the lookup cache holds before it starts again. */
const LOOKUP_CACHE_ENTRIES = 256;

export class RoutingTable {
  /** Kept sorted by prefix length, longest first, so the first match is the answer. */
  private routes: Route[] = [];
  private readonly listeners: RouteChangeListener[] = [];
  /**
   * Lookup cache by destination: IP output looks up the same few destinations for every
   * segment. A single entry missed on every frame when a host's segments alternate
   * between ports' peers (4 ports, full-toe's card: buildHeader 3.2 % of the run).
   * Any change clears it; it is bounded so a run with endless destinations stays small.
   */
  private readonly cache = new Map<Ipv4, Route | null>();
  /** The last answer, checked before the cache: one destination is the common case. */
  private lastDst: Ipv4 = -1;
  private lastRoute: Route | null = null;
  /** Bumped on every change, so callers can cache derived values (e.g. a NIC's copy). */
  generation = 0;

  /** Longest-prefix match; null when no route covers `dst`. */
  lookup(dst: Ipv4): Route | null {
    if (dst === this.lastDst) return this.lastRoute;
    const cached = this.cache.get(dst);
    const found = cached !== undefined ? cached : this.search(dst);
    this.lastDst = dst;
    this.lastRoute = found;
    return found;
  }

  /** The linear longest-prefix search behind `lookup`, whose answer it caches. */
  private search(dst: Ipv4): Route | null {
    let found: Route | null = null;
    for (let i = 0; i < this.routes.length; i++) {
      const r = this.routes[i]!;
      const mask = r.prefixLength === 0 ? 0 : (0xffff_ffff << (32 - r.prefixLength)) >>> 0;
      if ((dst & mask) >>> 0 === r.prefix) {
        found = r;
        break;
      }
    }
    if (this.cache.size >= LOOKUP_CACHE_ENTRIES) this.cache.clear();
    this.cache.set(dst, found);
    return found;
  }

  /** The route with exactly this prefix and length, if any. */
  get(prefix: Ipv4, prefixLength: number): Route | null {
    const p = (prefix & prefixMask(prefixLength)) >>> 0;
    return this.routes.find((r) => r.prefix === p && r.prefixLength === prefixLength) ?? null;
  }

  /** Adds a route; like `ip route add`, refuses one whose prefix/length already exists. */
  add(route: Route): Route {
    const normal = normalise(route);
    if (this.get(normal.prefix, normal.prefixLength)) {
      throw new Error(`route ${formatPrefix(normal)} already exists`);
    }
    this.insert(normal);
    this.changed('add', normal, null);
    return normal;
  }

  /** Removes the route with this prefix/length; false when there was none. */
  remove(prefix: Ipv4, prefixLength: number): boolean {
    const old = this.get(prefix, prefixLength);
    if (!old) return false;
    this.routes = this.routes.filter((r) => r !== old);
    this.changed('remove', old, null);
    return true;
  }

  /** Adds or replaces the route with the same prefix/length (`ip route replace`). */
  replace(route: Route): Route {
    const normal = normalise(route);
    const old = this.get(normal.prefix, normal.prefixLength);
    if (old) this.routes = this.routes.filter((r) => r !== old);
    this.insert(normal);
    this.changed(old ? 'replace' : 'add', normal, old);
    return normal;
  }

  /** Registers a change listener (a NIC's shadow copy, a metrics probe). */
  onChange(listener: RouteChangeListener): void {
    this.listeners.push(listener);
  }

  /** The routes, longest prefix first. */
  list(): readonly Route[] {
    return this.routes;
  }

  private insert(route: Route): void {
    let i = 0;
    while (i < this.routes.length && this.routes[i]!.prefixLength >= route.prefixLength) i++;
    this.routes.splice(i, 0, route);
  }

  private changed(kind: RouteChangeKind, route: Route, previous: Route | null): void {
    this.cache.clear();
    this.lastDst = -1;
    this.lastRoute = null;
    this.generation++;
    for (const l of this.listeners) l(kind, route, previous);
  }
}

function normalise(route: Route): Route {
  const prefix = (route.prefix & prefixMask(route.prefixLength)) >>> 0;
  const r: Route = {
    prefix,
    prefixLength: route.prefixLength,
    nextHop: route.nextHop >>> 0,
    interfaceIndex: route.interfaceIndex,
  };
  return route.mtu === undefined ? r : { ...r, mtu: route.mtu };
}

function formatPrefix(r: Route): string {
  const p = r.prefix;
  return `${p >>> 24}.${(p >>> 16) & 255}.${(p >>> 8) & 255}.${p & 255}/${r.prefixLength}`;
}
