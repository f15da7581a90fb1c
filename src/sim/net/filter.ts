import { parseIpv4 } from '../wire/address.ts';
import { IP_PROTO_TCP, type Ipv4, type Ipv4Packet } from '../wire/types.ts';
import { prefixMask } from './routing-table.ts';

/**
 * A host packet filter: one chain of rules, first match wins, default accept, like an
 * iptables chain with policy ACCEPT. Direction is relative to the host that owns the
 * filter: `in` for packets arriving for it (INPUT), `out` for packets it sends (OUTPUT).
 * Rules match IPv4 addresses by prefix and TCP ports; packets are never rewritten.
 */

export type FilterDirection = 'in' | 'out';
export type FilterAction = 'drop' | 'accept';

/**
 * The IP layer's filter hook (netfilter's LOCAL_OUT and LOCAL_IN): false drops the
 * packet. The hook counts what it drops per rule; the layer per direction.
 */
export interface IpFilterHook {
  admits(direction: FilterDirection, packet: Ipv4Packet): boolean;
}

/** A rule as the scenario writes it (scenario/schema.ts `filter.rules[]`). */
export interface FilterRuleSpec {
  action: FilterAction;
  direction?: FilterDirection | 'any';
  protocol?: 'tcp';
  /** Dotted quad, optionally with /prefix ("10.0.0.0/24"); a bare address is a /32. */
  srcIp?: string;
  dstIp?: string;
  srcPort?: number;
  dstPort?: number;
}

/** An address prefix: `ip & mask === net`. A /0 matches everything. */
interface Prefix {
  net: number;
  mask: number;
}

/** A rule with its addresses parsed; `null` fields match anything. */
export interface FilterRule {
  readonly action: FilterAction;
  readonly direction: FilterDirection | 'any';
  /** A port or protocol condition implies TCP: iptables needs `-p tcp` for `--dport`. */
  readonly tcpOnly: boolean;
  readonly src: Prefix | null;
  readonly dst: Prefix | null;
  readonly srcPort: number | null;
  readonly dstPort: number | null;
  /** iptables-like text, for logs and results. */
  readonly text: string;
}

function parsePrefix(text: string): Prefix {
  const [address = '', length] = text.split('/');
  const mask = prefixMask(length === undefined ? 32 : Number(length));
  return { net: (parseIpv4(address) & mask) >>> 0, mask };
}

/** Masks are computed once per rule: this runs per packet per rule. */
function inPrefix(p: Prefix | null, ip: Ipv4): boolean {
  return p === null || (ip & p.mask) >>> 0 === p.net;
}

export function compileRule(spec: FilterRuleSpec): FilterRule {
  const direction = spec.direction ?? 'any';
  const tcpOnly =
    spec.protocol === 'tcp' || spec.srcPort !== undefined || spec.dstPort !== undefined;
  const parts: string[] = [spec.action, direction];
  if (tcpOnly) parts.push('tcp');
  if (spec.srcIp !== undefined) parts.push(`src ${spec.srcIp}`);
  if (spec.dstIp !== undefined) parts.push(`dst ${spec.dstIp}`);
  if (spec.srcPort !== undefined) parts.push(`sport ${spec.srcPort}`);
  if (spec.dstPort !== undefined) parts.push(`dport ${spec.dstPort}`);
  return {
    action: spec.action,
    direction,
    tcpOnly,
    src: spec.srcIp === undefined ? null : parsePrefix(spec.srcIp),
    dst: spec.dstIp === undefined ? null : parsePrefix(spec.dstIp),
    srcPort: spec.srcPort ?? null,
    dstPort: spec.dstPort ?? null,
    text: parts.join(' '),
  };
}

/** Packets a filter point stopped (or would have stopped), per rule and direction. */
export class RuleCounts {
  readonly in: number[];
  readonly out: number[];

  constructor(rules: number) {
    this.in = new Array<number>(rules).fill(0);
    this.out = new Array<number>(rules).fill(0);
  }

  count(direction: FilterDirection, rule: number): void {
    const counts = this[direction];
    counts[rule] = (counts[rule] ?? 0) + 1;
  }

  total(): number {
    let n = 0;
    for (let i = 0; i < this.in.length; i++) n += this.in[i]! + this.out[i]!;
    return n;
  }
}

/** The no-rule-matched answer of `match`: the chain's policy (accept) applies. */
export const NO_MATCH = -1;

/** A chain of rules and the packets it dropped at one filter point. */
export class PacketFilter {
  readonly rules: readonly FilterRule[];
  /** Packets `admits` refused, by the rule that refused them. */
  readonly dropped: RuleCounts;

  constructor(specs: readonly FilterRuleSpec[]) {
    this.rules = specs.map(compileRule);
    this.dropped = new RuleCounts(this.rules.length);
  }

  /** The index of the first rule matching the packet, or NO_MATCH. */
  match(direction: FilterDirection, p: Ipv4Packet): number {
    const tcp = p.protocol === IP_PROTO_TCP;
    const srcPort = tcp ? p.tcp.srcPort : -1;
    const dstPort = tcp ? p.tcp.dstPort : -1;
    for (let i = 0; i < this.rules.length; i++) {
      const r = this.rules[i]!;
      if (r.direction !== 'any' && r.direction !== direction) continue;
      if (r.tcpOnly && !tcp) continue;
      if (r.srcPort !== null && r.srcPort !== srcPort) continue;
      if (r.dstPort !== null && r.dstPort !== dstPort) continue;
      if (inPrefix(r.src, p.src) && inPrefix(r.dst, p.dst)) return i;
    }
    return NO_MATCH;
  }

  /** Rules a linear engine compares before it decides (the matching one included). */
  rulesChecked(matched: number): number {
    return matched === NO_MATCH ? this.rules.length : matched + 1;
  }

  /** The verdict of the rule `match` returned: drop only when a drop rule matched. */
  drops(matched: number): boolean {
    return matched !== NO_MATCH && this.rules[matched]!.action === 'drop';
  }

  /** The IP layer's hook: false (and counted) when the chain drops the packet. */
  admits(direction: FilterDirection, p: Ipv4Packet): boolean {
    const matched = this.match(direction, p);
    if (!this.drops(matched)) return true;
    this.dropped.count(direction, matched);
    return false;
  }

  /**
   * The first drop rule that could stop some packet of a TCP connection, or NO_MATCH.
   * Every packet of one direction carries the same 4-tuple (rules match no flags), so
   * the verdict is per direction; `localPort` null (not chosen yet) stands for any
   * port, and an accept rule ends the walk only if it matches whatever that port is.
   */
  dropRuleFor(local: Ipv4, remote: Ipv4, localPort: number | null, remotePort: number): number {
    const out = this.firstDrop('out', local, remote, localPort, remotePort);
    return out !== NO_MATCH ? out : this.firstDrop('in', remote, local, remotePort, localPort);
  }

  private firstDrop(
    direction: FilterDirection,
    src: Ipv4,
    dst: Ipv4,
    srcPort: number | null,
    dstPort: number | null,
  ): number {
    for (let i = 0; i < this.rules.length; i++) {
      const r = this.rules[i]!;
      if (r.direction !== 'any' && r.direction !== direction) continue;
      if (!inPrefix(r.src, src) || !inPrefix(r.dst, dst)) continue;
      if (r.srcPort !== null && srcPort !== null && r.srcPort !== srcPort) continue;
      if (r.dstPort !== null && dstPort !== null && r.dstPort !== dstPort) continue;
      if (r.action === 'drop') return i;
      const onUnknownPort =
        (r.srcPort !== null && srcPort === null) || (r.dstPort !== null && dstPort === null);
      if (!onUnknownPort) return NO_MATCH;
    }
    return NO_MATCH;
  }
}
