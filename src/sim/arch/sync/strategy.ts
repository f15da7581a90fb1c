import type { Host } from '../../host/host.ts';
import type { NeighbourTable } from '../../net/neighbour-table.ts';
import type { SyncStrategy as SyncStrategyId } from '../../scenario/schema.ts';
import type { EthernetFrame, Ipv4, Ipv4Packet } from '../../wire/types.ts';
import type { Machine } from '../../host/machine.ts';
import { CardArpSync } from './card-arp.ts';
import type { SyncLedger } from './ledger.ts';
import { PollSync } from './poll.ts';
import { PushSync } from './push.ts';
import { SnapshotSync } from './snapshot.ts';

/**
 * How full-toe's card keeps the ARP entries and routes its connections use (DESIGN.md
 * §5). The card's IP layer neighbour and routing tables ARE the shadow tables; a
 * strategy decides who writes them.
 */
export interface SyncStrategy {
  readonly id: SyncStrategyId;
  /** A connection to next hop `ip` on `port` is being offloaded: the card needs the entry. */
  track(port: number, ip: Ipv4): void;
  /** Whether the card's IP layer also sees `frame`, a frame for no card connection. */
  snoops(frame: EthernetFrame): boolean;
}

/** What a strategy works with: the machine, both tables per port, and the ledger. */
export interface SyncContext {
  readonly m: Machine;
  /** The card's IP layer, whose routing table shadows the host's (route-shadow.ts). */
  readonly cardHost: Host;
  readonly ledger: SyncLedger;
  host(port: number): NeighbourTable<Ipv4Packet>;
  card(port: number): NeighbourTable<Ipv4Packet>;
}

export function createSyncStrategy(id: SyncStrategyId, ctx: SyncContext): SyncStrategy {
  switch (id) {
    case 'snapshot':
      return new SnapshotSync(ctx);
    case 'poll':
      return new PollSync(ctx);
    case 'push':
      return new PushSync(ctx);
    case 'card-arp':
      return new CardArpSync(ctx);
  }
}
