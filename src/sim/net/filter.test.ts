import { describe, expect, it } from 'vitest';
import { parseIpv4 as ip } from '../wire/address.ts';
import { fragNeeded, segment, tcpPacket } from '../wire/fixtures.ts';
import { ETHERTYPE_IPV4, type Ipv4Packet } from '../wire/types.ts';
import { NO_MATCH, PacketFilter, compileRule, type FilterRuleSpec } from './filter.ts';

/** A TCP packet from `src`:sport to `dst`:dport. */
function packet(src: string, sport: number, dst: string, dport: number): Ipv4Packet {
  return tcpPacket(segment({ srcPort: sport, dstPort: dport }), ip(src), ip(dst));
}

const LOCAL = '10.0.0.1';
const PEER = '10.0.0.2';
const toPeer = packet(LOCAL, 40000, PEER, 5001);
const fromPeer = packet(PEER, 5001, LOCAL, 40000);

function filter(...rules: FilterRuleSpec[]): PacketFilter {
  return new PacketFilter(rules);
}

describe('PacketFilter: an iptables-like chain', () => {
  it('matches addresses by prefix; a bare address is a /32 and /0 is everything', () => {
    const f = filter(
      { action: 'drop', dstIp: '10.0.1.0/24' },
      { action: 'drop', dstIp: '10.0.0.3' },
      { action: 'accept', srcIp: '192.168.0.0/16' },
      { action: 'drop', srcIp: '0.0.0.0/0', dstIp: '172.16.0.0/12' },
    );
    expect(f.match('out', packet(LOCAL, 1, '10.0.1.77', 80))).toBe(0);
    expect(f.match('out', packet(LOCAL, 1, '10.0.2.77', 80))).toBe(NO_MATCH);
    expect(f.match('out', packet(LOCAL, 1, '10.0.0.3', 80))).toBe(1);
    expect(f.match('out', packet(LOCAL, 1, '10.0.0.4', 80))).toBe(NO_MATCH);
    expect(f.match('in', packet('192.168.7.1', 1, LOCAL, 80))).toBe(2);
    expect(f.match('out', packet(LOCAL, 1, '172.31.255.255', 80))).toBe(3);
    expect(f.match('out', packet(LOCAL, 1, '172.32.0.0', 80))).toBe(NO_MATCH);
  });

  it('keeps direction relative to the host: in arrives, out leaves, any is both', () => {
    const out = filter({ action: 'drop', direction: 'out', dstPort: 5001 });
    expect(out.admits('out', toPeer)).toBe(false);
    expect(out.admits('in', toPeer)).toBe(true);
    const inbound = filter({ action: 'drop', direction: 'in', srcPort: 5001 });
    expect(inbound.admits('in', fromPeer)).toBe(false);
    expect(inbound.admits('out', fromPeer)).toBe(true);
    const any = filter({ action: 'drop', srcIp: PEER });
    expect([any.admits('in', fromPeer), any.admits('out', fromPeer)]).toEqual([false, false]);
  });

  it('lets the first matching rule win, and accepts what no rule matches', () => {
    const f = filter(
      { action: 'accept', direction: 'out', dstPort: 5001 },
      { action: 'drop', direction: 'out' },
    );
    expect(f.admits('out', toPeer)).toBe(true);
    expect(f.admits('out', packet(LOCAL, 40000, PEER, 5002))).toBe(false);
    expect(f.admits('in', fromPeer)).toBe(true);
    const reversed = filter(
      { action: 'drop', direction: 'out' },
      { action: 'accept', direction: 'out', dstPort: 5001 },
    );
    expect(reversed.admits('out', toPeer)).toBe(false);
  });

  it('counts drops per rule and direction, and counts nothing it accepts', () => {
    const f = filter({ action: 'drop', direction: 'out', dstPort: 5001 }, { action: 'drop' });
    f.admits('out', toPeer);
    f.admits('out', toPeer);
    f.admits('in', fromPeer);
    expect([f.dropped.out, f.dropped.in]).toEqual([
      [2, 0],
      [0, 1],
    ]);
    expect(f.dropped.total()).toBe(3);
  });

  it('needs TCP for a port or protocol condition; address rules match ICMP too', () => {
    const frame = fragNeeded(toPeer, 1200);
    if (frame.etherType !== ETHERTYPE_IPV4) throw new Error('fragNeeded builds an IPv4 frame');
    const icmp = frame.ip;
    const f = filter({ action: 'drop', srcPort: 0 }, { action: 'drop', protocol: 'tcp' });
    expect(f.match('in', icmp)).toBe(NO_MATCH);
    expect(filter({ action: 'drop', dstIp: LOCAL }).match('in', icmp)).toBe(0);
  });

  it('charges a linear engine for the rules it walks', () => {
    const f = filter({ action: 'drop', dstPort: 1 }, { action: 'drop', dstPort: 5001 });
    expect(f.rulesChecked(f.match('out', toPeer))).toBe(2);
    expect(f.rulesChecked(f.match('out', packet(LOCAL, 1, PEER, 9)))).toBe(2);
    expect(f.rulesChecked(f.match('out', packet(LOCAL, 1, PEER, 1)))).toBe(1);
  });

  it('writes rules like iptables for logs and results', () => {
    expect(compileRule({ action: 'drop', direction: 'out', dstPort: 5001 }).text).toBe(
      'drop out tcp dport 5001',
    );
    expect(compileRule({ action: 'accept', srcIp: '10.0.0.0/8' }).text).toBe(
      'accept any src 10.0.0.0/8',
    );
  });
});

describe('PacketFilter.dropRuleFor: could a drop rule match a connection?', () => {
  const local = ip(LOCAL);
  const peer = ip(PEER);

  it('checks both directions of the 4-tuple', () => {
    expect(
      filter({ action: 'drop', direction: 'out', dstPort: 5001 }).dropRuleFor(
        local,
        peer,
        40000,
        5001,
      ),
    ).toBe(0);
    expect(
      filter({ action: 'drop', direction: 'in', srcPort: 5001 }).dropRuleFor(
        local,
        peer,
        40000,
        5001,
      ),
    ).toBe(0);
    expect(
      filter({ action: 'drop', direction: 'in', dstPort: 5001 }).dropRuleFor(
        local,
        peer,
        40000,
        5001,
      ),
    ).toBe(NO_MATCH);
    expect(
      filter({ action: 'drop', dstIp: '10.0.1.0/24' }).dropRuleFor(local, peer, null, 5001),
    ).toBe(NO_MATCH);
  });

  it('treats a rule on the not-yet-chosen local port as one that could match', () => {
    const f = filter({ action: 'drop', direction: 'out', srcPort: 33000 });
    expect(f.dropRuleFor(local, peer, null, 5001)).toBe(0);
    expect(f.dropRuleFor(local, peer, 40000, 5001)).toBe(NO_MATCH);
  });

  it('stops at an accept rule only when it certainly matches', () => {
    const certain = filter({ action: 'accept', dstIp: PEER }, { action: 'drop', direction: 'out' });
    expect(certain.dropRuleFor(local, peer, null, 5001)).toBe(NO_MATCH);
    const onLocalPort = filter(
      { action: 'accept', direction: 'out', srcPort: 40000 },
      { action: 'drop', direction: 'out' },
    );
    expect(onLocalPort.dropRuleFor(local, peer, null, 5001)).toBe(1);
    expect(onLocalPort.dropRuleFor(local, peer, 40000, 5001)).toBe(NO_MATCH);
  });
});
