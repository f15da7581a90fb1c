import { ArpOp, ETHERTYPE_ARP, type EthernetFrame, type Ipv4 } from '../../wire/types.ts';
import { RoutePush } from './route-shadow.ts';
import { isIcmp } from './shadow.ts';
import type { SyncStrategy, SyncContext } from './strategy.ts';

/**
 * `card-arp` (DESIGN.md §5): the card runs ARP itself with its own neighbour state
 * machine — its own requests (on the wire beside the host's), and it learns from the
 * replies and gratuitous announcements it sees. The host still resolves the next hop
 * when it offloads a connection, so there are two caches that can disagree.
 */
export class CardArpSync implements SyncStrategy {
  readonly id = 'card-arp' as const;

  /**
   * ARP is a protocol the card can run; routing is not (it runs no routing protocol and
   * cannot see the host's configuration), so the card's routes still come from the host,
   * by mailbox as under `push`. A moved route's next hop is then resolved by the card's
   * own ARP when it first sends there.
   */
  constructor(private readonly ctx: SyncContext) {
    new RoutePush(ctx, (port, ip) => this.track(port, ip));
  }

  track(port: number, ip: Ipv4): void {
    this.ctx.ledger.track(port, ip);
    this.ctx.host(port).resolve(ip);
  }

  /**
   * ARP replies (to the card's requests or the host's), and announcements (sender IP =
   * target IP), which Linux lets update an existing entry even with arp_accept=0. Other
   * requests are the host's to answer: the card answering too would double the replies.
   */
  snoops(frame: EthernetFrame): boolean {
    if (frame.etherType !== ETHERTYPE_ARP) return isIcmp(frame);
    return frame.arp.op === ArpOp.REPLY || frame.arp.senderIp === frame.arp.targetIp;
  }
}
