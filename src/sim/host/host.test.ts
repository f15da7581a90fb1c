import { describe, expect, it } from 'vitest';
import { RandomStream } from '../core/random.ts';
import { Scheduler } from '../core/scheduler.ts';
import { ms, seconds } from '../core/time.ts';
import { Link } from '../link/link.ts';
import { parseIpv4 as ip } from '../wire/address.ts';
import {
  ArpOp,
  BROADCAST_MAC,
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  IP_PROTO_TCP,
  TcpFlag,
  type EthernetFrame,
  type Ipv4,
  type TcpSegment,
} from '../wire/types.ts';
import { Host, type Transport } from './host.ts';

const MAC_A = 0x0200_0000_0001;
const MAC_B = 0x0200_0000_0002;
const MAC_B2 = 0x0200_0000_0099;
const IP_A = ip('10.0.0.1');
const IP_B = ip('10.0.0.2');

function seg(seq: number, payload = 100): TcpSegment {
  return {
    srcPort: 5001,
    dstPort: 80,
    seq,
    ack: 0,
    flags: TcpFlag.ACK,
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

class FakeTransport implements Transport {
  readonly got: { src: Ipv4; seq: number }[] = [];
  readonly pmtu: { remote: Ipv4; mtu: number }[] = [];
  input(src: Ipv4, _dst: Ipv4, s: TcpSegment): void {
    this.got.push({ src, seq: s.seq });
  }
  pmtuChanged(remote: Ipv4, mtu: number): void {
    this.pmtu.push({ remote, mtu });
  }
}

/** Frame summary as a capture at A would show it. */
function describeFrame(f: EthernetFrame): string {
  if (f.etherType === ETHERTYPE_ARP)
    return f.arp.op === ArpOp.REQUEST ? 'arp-request' : 'arp-reply';
  if (f.etherType !== ETHERTYPE_IPV4) return 'pause';
  return f.ip.protocol === IP_PROTO_TCP ? `tcp ${f.ip.tcp.seq}` : 'icmp';
}

/** Host A on side a, host B on side b of a 1 Gbit/s link with 100 µs RTT. */
function twoHosts(opts: { bPresent?: boolean } = {}) {
  const scheduler = new Scheduler();
  const link = new Link({ scheduler, name: 'l0', mbps: 1000, rttUs: 100 });
  const a = new Host({ scheduler, name: 'A', random: new RandomStream(1, 'A') });
  const b = new Host({ scheduler, name: 'B', random: new RandomStream(1, 'B') });
  a.addInterface({ mac: MAC_A, ip: IP_A, prefixLength: 24, mtu: 1500, device: link.endpoint('a') });
  b.addInterface({ mac: MAC_B, ip: IP_B, prefixLength: 24, mtu: 1500, device: link.endpoint('b') });
  const ta = new FakeTransport();
  const tb = new FakeTransport();
  a.setTransport(ta);
  b.setTransport(tb);
  link.attach('a', (f) => a.receive(0, f));
  if (opts.bPresent !== false) link.attach('b', (f) => b.receive(0, f));
  const capture: string[] = [];
  link.onDepart((d, t, f) => d === 'tx' && capture.push(`${t} > ${describeFrame(f)}`));
  link.onArrive((d, t, f) => d === 'rx' && capture.push(`${t} < ${describeFrame(f)}`));
  return { scheduler, link, a, b, ta, tb, capture };
}

describe('Host', () => {
  it('sends an ARP request before the first TCP segment, then the held segments in order', () => {
    const w = twoHosts();
    w.a.sendTcp(IP_A, IP_B, seg(1));
    w.a.sendTcp(IP_A, IP_B, seg(2));
    w.a.sendTcp(IP_A, IP_B, seg(3));
    expect(w.a.stats.arpQueued).toBe(3);
    w.scheduler.runUntil(ms(1));
    expect(w.capture.map((c) => c.split(' ').slice(1).join(' '))).toEqual([
      '> arp-request',
      '< arp-reply',
      '> tcp 1',
      '> tcp 2',
      '> tcp 3',
    ]);
    expect(w.tb.got.map((g) => g.seq)).toEqual([1, 2, 3]);
    expect(w.a.neighbours(0).lookup(IP_B)).toMatchObject({ state: 'REACHABLE', mac: MAC_B });
    // B learnt A from the request (STALE, Linux neigh_event_ns) without asking.
    expect(w.b.neighbours(0).lookup(IP_A)).toMatchObject({ state: 'STALE', mac: MAC_A });
    expect(w.a.stats).toMatchObject({ arpRequestsSent: 1, ipOut: 3, arpRepliesIn: 1 });
    expect(w.b.stats).toMatchObject({ arpRepliesSent: 1, tcpIn: 3, ipIn: 3 });
  });

  it('gives up after 3 unanswered requests 1 s apart and drops the held packets', () => {
    const w = twoHosts({ bPresent: false });
    w.a.sendTcp(IP_A, IP_B, seg(1));
    w.a.sendTcp(IP_A, IP_B, seg(2));
    w.scheduler.runUntil(seconds(5));
    expect(w.capture).toEqual([
      '0 > arp-request',
      `${seconds(1)} > arp-request`,
      `${seconds(2)} > arp-request`,
    ]);
    expect(w.a.neighbours(0).lookup(IP_B)).toMatchObject({
      state: 'FAILED',
      updatedAt: seconds(3),
    });
    expect(w.a.stats).toMatchObject({ arpRequestsSent: 3, arpQueued: 2, arpDropped: 2, ipOut: 0 });
  });

  it('uses the MAC from a gratuitous ARP for the next frame; the old MAC stops answering', () => {
    const w = twoHosts();
    w.a.sendTcp(IP_A, IP_B, seg(1));
    w.scheduler.runUntil(ms(1));
    w.b.setMac(0, MAC_B2);
    w.a.sendTcp(IP_A, IP_B, seg(2)); // still to the old MAC: B's filter drops it
    w.scheduler.runUntil(ms(2));
    expect(w.b.stats.macFiltered).toBe(1);
    w.b.sendGratuitousArp(0);
    w.scheduler.runUntil(ms(3));
    expect(w.a.neighbours(0).lookup(IP_B)).toMatchObject({ state: 'STALE', mac: MAC_B2 });
    expect(w.a.stats.gratuitousArpIn).toBe(1);
    const sentTo: number[] = [];
    w.link.onDepart((d, _t, f) => d === 'tx' && sentTo.push(f.dst));
    w.a.sendTcp(IP_A, IP_B, seg(3));
    w.scheduler.runUntil(ms(4));
    expect(sentTo).toEqual([MAC_B2]);
    expect(w.tb.got.map((g) => g.seq)).toEqual([1, 3]);
  });

  it('resolves the gateway for an off-link destination and honours route MTUs', () => {
    const w = twoHosts();
    const far = ip('192.168.7.7');
    w.a.routes.add({
      prefix: ip('192.168.7.0'),
      prefixLength: 24,
      nextHop: IP_B,
      interfaceIndex: 0,
      mtu: 1400,
    });
    expect(w.a.mtuFor(far)).toBe(1400);
    expect(w.a.mtuFor(IP_B)).toBe(1500);
    w.a.sendTcp(IP_A, far, seg(1));
    w.scheduler.runUntil(ms(1));
    expect(w.a.neighbours(0).lookup(IP_B)?.state).toBe('REACHABLE');
    expect(w.a.neighbours(0).lookup(far)).toBeUndefined();
    // B is not 192.168.7.7 and does not forward.
    expect(w.b.stats.ipNotForUs).toBe(1);
    w.a.sendTcp(IP_A, far, seg(2, 1400)); // 1440 > 1400 with DF: not sent
    w.a.sendTcp(IP_A, ip('172.16.0.1'), seg(3));
    expect(w.a.stats).toMatchObject({ mtuExceeded: 1, noRoute: 1 });
  });

  it('delivers TCP to the transport and stamps DF, TTL 64 and increasing ids', () => {
    const w = twoHosts();
    const frames: EthernetFrame[] = [];
    w.link.onDepart((d, _t, f) => d === 'tx' && f.etherType === ETHERTYPE_IPV4 && frames.push(f));
    for (let i = 0; i < 3; i++) w.a.sendTcp(IP_A, IP_B, seg(i));
    w.scheduler.runUntil(ms(1));
    expect(
      frames.map((f) =>
        f.etherType === ETHERTYPE_IPV4 ? [f.ip.id, f.ip.ttl, f.ip.dontFragment] : [],
      ),
    ).toEqual([
      [0, 64, true],
      [1, 64, true],
      [2, 64, true],
    ]);
    expect(w.tb.got).toEqual([
      { src: IP_A, seq: 0 },
      { src: IP_A, seq: 1 },
      { src: IP_A, seq: 2 },
    ]);
  });

  it('keeps a busy neighbour REACHABLE through received traffic', () => {
    const w = twoHosts();
    w.a.sendTcp(IP_A, IP_B, seg(0));
    w.scheduler.runUntil(ms(1));
    // B answers every second for two minutes; A keeps sending.
    for (let s = 1; s <= 120; s++) {
      w.scheduler.runUntil(seconds(s));
      w.a.sendTcp(IP_A, IP_B, seg(s));
      w.b.sendTcp(IP_B, IP_A, seg(s));
    }
    w.scheduler.runUntil(seconds(121));
    expect(w.a.stats.arpRequestsSent).toBe(1);
    expect(w.a.neighbours(0).lookup(IP_B)!.state).toBe('REACHABLE');
  });

  it('answers broadcast requests only for its own address', () => {
    const w = twoHosts();
    w.link.endpoint('b').transmit({
      dst: BROADCAST_MAC,
      src: MAC_B2,
      etherType: ETHERTYPE_ARP,
      arp: {
        op: ArpOp.REQUEST,
        senderMac: MAC_B2,
        senderIp: ip('10.0.0.9'),
        targetMac: 0,
        targetIp: ip('10.0.0.3'),
      },
    });
    w.scheduler.runUntil(ms(1));
    expect(w.a.stats).toMatchObject({ arpRequestsIn: 1, arpRepliesSent: 0 });
    expect(w.a.neighbours(0).lookup(ip('10.0.0.9'))).toBeUndefined();
  });
});
