import { NO_MATCH, PacketFilter, RuleCounts, type FilterDirection } from '../net/filter.ts';
import { formatIpv4 } from '../wire/address.ts';
import { ETHERTYPE_IPV4, IP_PROTO_TCP, type Ipv4, type Ipv4Packet } from '../wire/types.ts';
import type { Machine } from '../host/machine.ts';

/**
 * What full-toe's card does about the host's filter rules (DESIGN.md §5, `filter.policy`):
 * - `none`: there are no rules;
 * - `bypass`: offloaded traffic never meets the rules; what they would have dropped is counted;
 * - `refuse`: a connection some drop rule could match stays on the host stack, where the
 *   host's IP layer filters it (also push-to-card with more rules than `nic.filterSlots`);
 * - `enforce`: the card walks the rules for every frame of its connections, and drops.
 */
export type CardFilterMode = 'none' | 'bypass' | 'refuse' | 'enforce';

/** What the results report of the card's side of filtering. */
export interface CardFilterCounts {
  readonly mode: CardFilterMode;
  /** Packets the card dropped, per rule (enforce). */
  readonly dropped: RuleCounts;
  /** Packets a rule would have dropped that the card sent or delivered anyway. */
  readonly violations: RuleCounts;
  /** Connections kept on the host stack because a drop rule could match them. */
  readonly refusedOffload: number;
}

/** The card's answer for one frame; reused, so checking a frame allocates nothing. */
export interface CardVerdict {
  drop: boolean;
  /** Engine cycles the check cost (walking the rules), 0 where the card does not check. */
  cycles: number;
}

/** Applies `filter.policy` for full-toe: at connect (refuse) and per frame (bypass, enforce). */
export class CardFilter implements CardFilterCounts {
  readonly mode: CardFilterMode;
  readonly violations: RuleCounts;
  refusedOffload = 0;
  private readonly rules: PacketFilter;
  private readonly verdict: CardVerdict = { drop: false, cycles: 0 };
  /** Why connections are refused: said once in the log, and with each refusal. */
  private readonly refuseNote: string;

  constructor(private readonly m: Machine) {
    const { policy, rules } = m.scenario.filter;
    const slots = m.scenario.nic.filterSlots;
    this.rules = new PacketFilter(rules);
    this.violations = new RuleCounts(rules.length);
    this.refuseNote = 'refuse-offload';
    if (rules.length === 0) this.mode = 'none';
    else if (policy === 'bypass') this.mode = 'bypass';
    else if (policy === 'refuse-offload') this.mode = 'refuse';
    else if (rules.length <= slots) this.mode = 'enforce';
    else {
      this.mode = 'refuse';
      this.refuseNote = `push-to-card with ${rules.length} rules but ${slots} filter slots`;
      m.logEvent(
        'filter',
        -1,
        `${rules.length} filter rules do not fit the card's ${slots} slots: push-to-card falls back to refuse-offload`,
      );
    }
    if (this.mode === 'bypass' || this.mode === 'refuse') this.watchDepartures();
  }

  /**
   * Outgoing violations are counted where the port meets the wire, like the capture:
   * a frame still queued on the card when the run ends has not been sent. Any TCP
   * frame leaving that a rule drops came from the card, since the host's own
   * traffic already passed the same rules in its IP layer.
   */
  private watchDepartures(): void {
    for (const link of this.m.links) {
      link.onDepart((direction, _now, frame) => {
        if (direction !== 'tx' || frame.etherType !== ETHERTYPE_IPV4) return;
        if (frame.ip.protocol !== IP_PROTO_TCP) return;
        const matched = this.rules.match('out', frame.ip);
        if (this.rules.drops(matched)) this.violations.count('out', matched);
      });
    }
  }

  get dropped(): RuleCounts {
    return this.rules.dropped;
  }

  /**
   * At connect, before the card takes the connection: must it stay on the host stack?
   * Counted and logged with the rule. The ephemeral port is not chosen yet, so a rule
   * on the local port counts as one that could match.
   */
  refuses(id: number, localIp: Ipv4, remoteIp: Ipv4, remotePort: number): boolean {
    if (this.mode !== 'refuse') return false;
    const rule = this.rules.dropRuleFor(localIp, remoteIp, null, remotePort);
    if (rule === NO_MATCH) return false;
    this.refusedOffload++;
    const text = this.rules.rules[rule]!.text;
    const reason =
      `connection ${id} to ${formatIpv4(remoteIp)}:${remotePort}: rule ${rule} (${text}) ` +
      `could drop it (${this.refuseNote}): host stack, where the host's filter applies`;
    this.m.logEvent('fallback', this.m.portOf(localIp), reason);
    return true;
  }

  /** A packet of an offloaded connection passes the card, `out` to the wire or `in` from it. */
  check(direction: FilterDirection, p: Ipv4Packet): CardVerdict {
    const v = this.verdict;
    v.drop = false;
    v.cycles = 0;
    if (this.mode === 'none' || p.protocol !== IP_PROTO_TCP) return v;
    switch (this.mode) {
      case 'enforce': {
        const matched = this.rules.match(direction, p);
        v.cycles = this.rules.rulesChecked(matched) * this.m.costs.cardFilterCycles;
        v.drop = this.rules.drops(matched);
        if (v.drop) this.rules.dropped.count(direction, matched);
        return v;
      }
      case 'bypass':
      case 'refuse':
        // Ground truth, like Machine.peerMac: the card itself never looks. Arriving
        // frames count as the card delivers them; leaving ones in watchDepartures.
        if (direction === 'in') {
          const matched = this.rules.match('in', p);
          if (this.rules.drops(matched)) this.violations.count('in', matched);
        }
        return v;
    }
  }
}
