import { DelayLine } from '../../core/delay-line.ts';
import type { Nanoseconds } from '../../core/time.ts';
import { CycleBill } from '../../host/cpu.ts';
import type { Host } from '../../host/host.ts';
import { inPrefix, type Route } from '../../net/routing-table.ts';
import type { Ipv4 } from '../../wire/types.ts';
import { coreForPort } from '../../host/machine.ts';
import type { SyncContext } from './strategy.ts';

/**
 * The card's routing table is a shadow of the host's too (DESIGN.md §5). The card's
 * interfaces carry the host's addresses, so it knows the connected routes itself; what
 * it shadows are the host's other routes (host routes, gateways). With none of those —
 * every scenario without a route change — there is nothing to copy and nothing to cost.
 */
export function isConnected(host: Host, r: Route): boolean {
  if (r.nextHop !== 0 || r.interfaceIndex >= host.interfaceCount()) return false;
  const iface = host.ip.iface(r.interfaceIndex);
  return iface.prefixLength === r.prefixLength && inPrefix(iface.ip, r.prefix, r.prefixLength);
}

/** The host's routes the card shadows. */
export function shadowedRoutes(host: Host): Route[] {
  return host.routes.list().filter((r) => !isConnected(host, r));
}

export function sameRoute(a: Route | null, b: Route | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.prefix === b.prefix &&
    a.prefixLength === b.prefixLength &&
    a.nextHop === b.nextHop &&
    a.interfaceIndex === b.interfaceIndex &&
    a.mtu === b.mtu
  );
}

/**
 * Makes the card's shadowed routes equal `routes` (what the card read or was told);
 * returns how many entries it rewrote. A route to a new next hop makes the strategy
 * fetch that hop's ARP entry (`track`): the host resolves, the card copies — or, under
 * card-arp, the card's own ARP resolves it on first use.
 */
export function applyRoutes(
  card: Host,
  routes: readonly Route[],
  track: (port: number, ip: Ipv4) => void,
): number {
  let changed = 0;
  for (const r of routes) {
    if (sameRoute(card.routes.get(r.prefix, r.prefixLength), r)) continue;
    card.routes.replace(r);
    changed++;
    if (r.nextHop !== 0) track(r.interfaceIndex, r.nextHop);
  }
  for (const old of shadowedRoutes(card)) {
    if (routes.some((r) => r.prefix === old.prefix && r.prefixLength === old.prefixLength)) {
      continue;
    }
    card.routes.remove(old.prefix, old.prefixLength);
    changed++;
  }
  return changed;
}

/**
 * Route updates by mailbox: every change of a shadowed host route (the routing table's
 * change hook, as a TOE driver's NETEVENT_ROUTE notifier would) costs host cycles and one
 * posted MMIO write, like an ARP push; the card rewrites its table on arrival.
 */
export class RoutePush {
  private readonly bill = new CycleBill();
  private readonly arrived: DelayLine<Route[]>;

  constructor(
    private readonly ctx: SyncContext,
    track: (port: number, ip: Ipv4) => void,
  ) {
    const { m } = ctx;
    this.arrived = new DelayLine(m.scheduler, 'sync.push.route', (routes) => {
      applyRoutes(ctx.cardHost, routes, track);
    });
    m.host.routes.onChange((_kind, route, previous) => {
      if (isConnected(m.host, route) && (previous === null || isConnected(m.host, previous))) {
        return;
      }
      const bill = this.bill.clear().add('sync', m.costs.syncPushCycles);
      m.cpu.run(coreForPort(m, route.interfaceIndex), bill, this.write, shadowedRoutes(m.host));
    });
  }

  /** The mailbox carries the shadowed routes as they were at the change. */
  private readonly write = (routes: Route[], now: Nanoseconds): void => {
    const { m, ledger } = this.ctx;
    ledger.counters.updatesSent++;
    this.arrived.push(routes, m.pci.mmioWrite(now, 'sync'));
  };
}
