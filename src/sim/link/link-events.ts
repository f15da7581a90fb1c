import type { Timer } from '../core/scheduler.ts';
import type { Nanoseconds } from '../core/time.ts';
import { quoteDatagram } from '../wire/serialize.ts';
import { ipTotalLength } from '../wire/size.ts';
import {
  ETHERTYPE_IPV4,
  IP_PROTO_ICMP,
  IP_PROTO_TCP,
  IP_PROTO_UDP,
  TcpFlag,
  type EthernetFrame,
  type Ipv4,
  type Mac,
} from '../wire/types.ts';
import type { Link, LinkDirection, LinkDropReason, LinkImpairment } from './link.ts';

/** Which frames a scripted drop takes. */
export type DropMatch = 'data' | 'ack' | 'syn' | 'any';

/** The on-path router that sends ICMP "fragmentation needed". */
export interface PathRouter {
  routerIp: Ipv4;
  routerMac: Mac;
}

/** Counters for scripted events, one sentence each. */
export class LinkEventStats {
  /** Frames dropped by dropFrames rules. */
  scriptedDrops = 0;
  /** ICMP fragmentation-needed messages the path-MTU router sent. */
  icmpSent = 0;
  /** Oversized frames without DF the router let through (routers do not fragment here). */
  oversizedWithoutDf = 0;
}

interface DropRule {
  readonly match: DropMatch;
  remaining: number;
}

/** ICMP type 3 code 4 (RFC 792, RFC 1191 §4). */
const ICMP_DEST_UNREACHABLE = 3;
const ICMP_FRAG_NEEDED = 4;
const ROUTER_TTL = 255;

/** True when `frame` is of the kind `match` names. */
export function frameMatches(frame: EthernetFrame, match: DropMatch): boolean {
  switch (match) {
    case 'any':
      return true;
    case 'data':
    case 'ack':
    case 'syn': {
      if (frame.etherType !== ETHERTYPE_IPV4) return false;
      // Every UDP frame carries data: a whole datagram or a fragment of one.
      if (frame.ip.protocol === IP_PROTO_UDP) return match === 'data';
      if (frame.ip.protocol !== IP_PROTO_TCP) return false;
      const seg = frame.ip.tcp;
      if (match === 'data') return seg.payload.length > 0;
      if (match === 'syn') return (seg.flags & TcpFlag.SYN) !== 0;
      const control = TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST;
      return (
        seg.payload.length === 0 && (seg.flags & control) === 0 && (seg.flags & TcpFlag.ACK) !== 0
      );
    }
  }
}

/**
 * Scenario events acting on one link: scripted drops, a cable pulled for a while, and an
 * on-path router with a smaller MTU. A world builder calls these at the event time. The
 * link consults this object only once some event has been scripted.
 */
export class LinkEvents implements LinkImpairment {
  readonly stats = new LinkEventStats();
  private readonly rules: Record<LinkDirection, DropRule[]> = { tx: [], rx: [] };
  private pathMtu = 0;
  private router: PathRouter = { routerIp: 0, routerMac: 0 };
  private icmpId = 0;
  private readonly upTimer: Timer;

  constructor(private readonly link: Link) {
    this.upTimer = link.scheduler.timer(`${link.name}.link-up`, () => link.setDown(false));
  }

  /** Drop the next `count` frames of kind `match` in `direction` (tx = A→B). */
  dropFrames(direction: LinkDirection, match: DropMatch, count: number): void {
    if (count <= 0) return;
    this.rules[direction].push({ match, remaining: count });
    this.link.impairment = this;
  }

  /** The link goes down now and comes back `forNs` later; a later end wins if overlapping. */
  linkDown(forNs: Nanoseconds): void {
    const until = this.link.scheduler.now + forNs;
    this.link.setDown(true);
    if (!this.upTimer.armed || this.upTimer.deadline < until) this.upTimer.arm(until);
  }

  /**
   * From now on, an on-path router forwards IPv4 packets of at most `mtu` bytes in either
   * direction; a larger one with DF set is dropped and answered with ICMP fragmentation
   * needed (next-hop MTU = `mtu`) sent back towards its sender. `mtu` 0 removes the router.
   * Real routers rate-limit these ICMPs; this one answers every oversized packet.
   */
  setPathMtu(mtu: number, router: PathRouter): void {
    this.pathMtu = mtu;
    this.router = router;
    if (mtu > 0) this.link.impairment = this;
  }

  depart(direction: LinkDirection, frame: EthernetFrame): LinkDropReason | null {
    const rules = this.rules[direction];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (!frameMatches(frame, rule.match)) continue;
      if (--rule.remaining === 0) rules.splice(i, 1);
      this.stats.scriptedDrops++;
      return 'scripted';
    }
    return null;
  }

  arrive(direction: LinkDirection, frame: EthernetFrame): LinkDropReason | null {
    if (this.pathMtu <= 0 || frame.etherType !== ETHERTYPE_IPV4) return null;
    const packet = frame.ip;
    if (ipTotalLength(packet) <= this.pathMtu) return null;
    if (!packet.dontFragment) {
      this.stats.oversizedWithoutDf++;
      return null;
    }
    this.stats.icmpSent++;
    const reply: EthernetFrame = {
      dst: frame.src,
      src: this.router.routerMac,
      etherType: ETHERTYPE_IPV4,
      ip: {
        src: this.router.routerIp,
        dst: packet.src,
        ttl: ROUTER_TTL,
        id: this.icmpId,
        dontFragment: false,
        protocol: IP_PROTO_ICMP,
        icmp: {
          type: ICMP_DEST_UNREACHABLE,
          code: ICMP_FRAG_NEEDED,
          nextHopMtu: this.pathMtu,
          quoted: quoteDatagram(packet),
        },
      },
    };
    this.icmpId = (this.icmpId + 1) & 0xffff;
    this.link.channel(direction === 'tx' ? 'rx' : 'tx').transmit(reply);
    return 'pathMtu';
  }
}
