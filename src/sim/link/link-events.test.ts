import { describe, expect, it } from 'vitest';
import { RandomStream } from '../core/random.ts';
import { Scheduler } from '../core/scheduler.ts';
import { ms, us } from '../core/time.ts';
import { Host, type Transport } from '../host/host.ts';
import { parseIpv4 as ip } from '../wire/address.ts';
import {
  ETHERTYPE_IPV4,
  IP_PROTO_TCP,
  TcpFlag,
  type EthernetFrame,
  type Ipv4,
  type TcpSegment,
} from '../wire/types.ts';
import { LinkEvents, frameMatches } from './link-events.ts';
import { Link } from './link.ts';

function seg(seq: number, payload: number, flags: number = TcpFlag.ACK): TcpSegment {
  return {
    srcPort: 5001,
    dstPort: 80,
    seq,
    ack: 0,
    flags,
    window: 65535,
    mss: null,
    windowScale: null,
    sackPermitted: false,
    sack: null,
    tsVal: null,
    tsEcr: 0,
    payload: new Uint8Array(payload),
  };
}

function frame(s: TcpSegment): EthernetFrame {
  return {
    dst: 2,
    src: 1,
    etherType: ETHERTYPE_IPV4,
    ip: { src: 1, dst: 2, ttl: 64, id: 0, dontFragment: true, protocol: IP_PROTO_TCP, tcp: s },
  };
}

function seqOf(f: EthernetFrame): number {
  return f.etherType === ETHERTYPE_IPV4 && f.ip.protocol === IP_PROTO_TCP ? f.ip.tcp.seq : -1;
}

function fixture() {
  const scheduler = new Scheduler();
  const link = new Link({ scheduler, name: 'l0', mbps: 1000, rttUs: 100 });
  const events = new LinkEvents(link);
  const atA: EthernetFrame[] = [];
  const atB: EthernetFrame[] = [];
  const departed: number[] = [];
  link.attach('a', (f) => atA.push(f));
  link.attach('b', (f) => atB.push(f));
  link.onDepart((d, _t, f) => d === 'tx' && departed.push(seqOf(f)));
  return { scheduler, link, events, atA, atB, departed };
}

describe('LinkEvents', () => {
  it('classifies frames as data, pure ACK and SYN', () => {
    expect(frameMatches(frame(seg(0, 10)), 'data')).toBe(true);
    expect(frameMatches(frame(seg(0, 0)), 'ack')).toBe(true);
    expect(frameMatches(frame(seg(0, 0, TcpFlag.SYN)), 'syn')).toBe(true);
    expect(frameMatches(frame(seg(0, 0, TcpFlag.SYN | TcpFlag.ACK)), 'ack')).toBe(false);
    expect(frameMatches(frame(seg(0, 0, TcpFlag.FIN | TcpFlag.ACK)), 'ack')).toBe(false);
    expect(frameMatches(frame(seg(0, 10)), 'ack')).toBe(false);
  });

  it('drops the next matching frames in one direction; they leave but never arrive', () => {
    const f = fixture();
    f.events.dropFrames('tx', 'data', 2);
    const a = f.link.endpoint('a');
    a.transmit(frame(seg(1, 0))); // ACK: passes
    a.transmit(frame(seg(2, 100))); // dropped
    a.transmit(frame(seg(3, 100))); // dropped
    a.transmit(frame(seg(4, 100)));
    f.link.endpoint('b').transmit(frame(seg(9, 100))); // other direction untouched
    f.scheduler.runUntil(ms(1));
    expect(f.departed).toEqual([1, 2, 3, 4]);
    expect(f.atB.map(seqOf)).toEqual([1, 4]);
    expect(f.atA.map(seqOf)).toEqual([9]);
    expect(f.link.tx.counters.drops.scripted).toBe(2);
    expect(f.events.stats.scriptedDrops).toBe(2);
  });

  it('loses frames in both directions while the link is down, then recovers', () => {
    const f = fixture();
    const a = f.link.endpoint('a');
    a.transmit(frame(seg(1, 100))); // in flight when the link goes down
    f.scheduler.runUntil(us(20));
    f.events.linkDown(ms(1));
    expect(f.link.down).toBe(true);
    a.transmit(frame(seg(2, 100)));
    f.link.endpoint('b').transmit(frame(seg(3, 100)));
    f.scheduler.runUntil(us(20) + ms(1) - 1);
    expect(f.link.down).toBe(true);
    f.scheduler.runUntil(us(20) + ms(1));
    expect(f.link.down).toBe(false);
    a.transmit(frame(seg(4, 100)));
    f.scheduler.runUntil(ms(3));
    expect(f.atB.map(seqOf)).toEqual([4]);
    expect(f.atA).toEqual([]);
    expect(f.link.tx.counters.drops.linkDown).toBe(2);
    expect(f.link.rx.counters.drops.linkDown).toBe(1);
  });

  it('sends ICMP frag-needed from the path router and the host lowers mtuFor', () => {
    const scheduler = new Scheduler();
    const link = new Link({ scheduler, name: 'l0', mbps: 1000, rttUs: 100 });
    const events = new LinkEvents(link);
    const host = new Host({ scheduler, name: 'A', random: new RandomStream(1, 'A') });
    const me = ip('10.0.0.1');
    const peer = ip('10.0.0.2');
    host.addInterface({ mac: 1, ip: me, prefixLength: 24, mtu: 1500, device: link.endpoint('a') });
    link.attach('a', (f) => host.receive(0, f));
    const changes: { remote: Ipv4; mtu: number }[] = [];
    const transport: Transport = {
      input: () => {},
      pmtuChanged: (remote, mtu) => changes.push({ remote, mtu }),
    };
    host.setTransport(transport);
    // Resolve the peer by hand: the test is about the router, not ARP.
    host.neighbours(0).update(peer, 2, 'STALE', true);
    const delivered: EthernetFrame[] = [];
    link.attach('b', (f) => delivered.push(f));
    events.setPathMtu(1200, { routerIp: ip('10.0.0.254'), routerMac: 0xfe });

    host.sendTcp(me, peer, seg(1, 1000)); // 1040 B: fits
    host.sendTcp(me, peer, seg(2, 1460)); // 1500 B: too big
    scheduler.runUntil(ms(1));
    expect(delivered.map(seqOf)).toEqual([1]);
    expect(link.tx.counters.drops.pathMtu).toBe(1);
    expect(events.stats.icmpSent).toBe(1);
    expect(host.stats).toMatchObject({ icmpIn: 1, icmpFragNeededIn: 1, pmtuUpdates: 1 });
    expect(changes).toEqual([{ remote: peer, mtu: 1200 }]);
    expect(host.mtuFor(peer)).toBe(1200);
    expect(host.mtuFor(ip('10.0.0.3'))).toBe(1500);
    // TCP resegments to the new MTU; a later ICMP claiming a larger MTU is ignored.
    host.sendTcp(me, peer, seg(3, 1160));
    scheduler.runUntil(ms(2));
    expect(delivered.map(seqOf)).toEqual([1, 3]);
    events.setPathMtu(0, { routerIp: 0, routerMac: 0 });
    host.sendTcp(me, peer, seg(4, 1460));
    expect(host.stats.mtuExceeded).toBe(1);
  });
});
