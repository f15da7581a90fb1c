import type { Neighbour } from '../../net/neighbour-table.ts';
import type { SyncStrategy as SyncStrategyId } from '../../scenario/schema.ts';
import { ZERO_MAC, type EthernetFrame, type Ipv4, type Mac } from '../../wire/types.ts';
import type { SyncContext, SyncStrategy } from './strategy.ts';

/** The MAC an entry lets a sender use now, or ZERO_MAC while it has none. */
export function usableMac(n: Neighbour | undefined): Mac {
  if (n === undefined) return ZERO_MAC;
  switch (n.state) {
    case 'INCOMPLETE':
    case 'FAILED':
      return ZERO_MAC;
    case 'REACHABLE':
    case 'STALE':
    case 'DELAY':
    case 'PROBE':
    case 'PERMANENT':
      return n.mac;
  }
}

/** ICMP (for PMTU) reaches the card under every strategy: it is not ARP state. */
export function isIcmp(frame: EthernetFrame): boolean {
  return frame.etherType === 0x0800 && frame.ip.protocol === 1;
}

/**
 * The shared part of snapshot, poll and push: the card's tables are written only by the
 * driver (PERMANENT entries, no ARP of their own). An entry is first copied when its
 * connection is offloaded; when the host has none yet, the host resolves first (as TOE
 * drivers do with neigh_event_send) and the copy is made the moment it has one — part of
 * the offload hand-over, so it costs nothing beyond toeOffloadHostCycles.
 */
export abstract class ShadowSync implements SyncStrategy {
  abstract readonly id: SyncStrategyId;
  /** What the driver last wrote to the card per entry (ZERO_MAC: the entry is absent). */
  protected readonly written = new Map<string, Mac>();
  /** Entries waiting for the host's first resolution. */
  private readonly awaiting = new Set<string>();

  constructor(protected readonly ctx: SyncContext) {
    ctx.m.links.forEach((_, port) => {
      ctx.card(port).resolveExternally();
      ctx.host(port).onChange((n) => {
        const key = keyOf(port, n.ip);
        if (!this.awaiting.has(key) || usableMac(n) === ZERO_MAC) return;
        this.awaiting.delete(key);
        this.copy(port, n.ip, n.mac);
      });
    });
  }

  track(port: number, ip: Ipv4): void {
    const key = keyOf(port, ip);
    if (this.written.has(key) || this.awaiting.has(key)) return;
    this.ctx.ledger.track(port, ip);
    const mac = usableMac(this.ctx.host(port).lookup(ip));
    if (mac !== ZERO_MAC) {
      this.copy(port, ip, mac);
      return;
    }
    this.awaiting.add(key);
    this.ctx.host(port).resolve(ip);
  }

  snoops(frame: EthernetFrame): boolean {
    return isIcmp(frame);
  }

  /** Writes the card's entry as the host has it now (absent when the host has no MAC). */
  protected apply(port: number, ip: Ipv4, mac: Mac): void {
    const card = this.ctx.card(port);
    if (mac !== ZERO_MAC) {
      card.pin(ip, mac);
      return;
    }
    card.delete(ip);
    // A connection depends on this next hop: ask the host to resolve it again (the host
    // itself sends nothing to offloaded peers, so nothing else would).
    const host = this.ctx.host(port).lookup(ip);
    if (host === undefined || host.state === 'FAILED') this.ctx.host(port).resolve(ip);
  }

  protected entries(): { port: number; ip: Ipv4 }[] {
    return this.ctx.ledger.tracked();
  }

  private copy(port: number, ip: Ipv4, mac: Mac): void {
    this.written.set(keyOf(port, ip), mac);
    this.ctx.card(port).pin(ip, mac);
  }
}

export function keyOf(port: number, ip: Ipv4): string {
  return `${port}/${ip}`;
}
