import { describe, expect, it } from 'vitest';
import { Scheduler } from '../core/scheduler.ts';
import {
  ETHERTYPE_IPV4,
  IP_PROTO_TCP,
  TcpFlag,
  type EthernetFrame,
  type TcpSegment,
} from '../wire/types.ts';
import { Link, type LinkDirection } from './link.ts';

/** A TCP frame carrying `payload` bytes (no options): 1460 gives a 1518-byte frame. */
function tcpFrame(payload: number, seq = 0, flags: number = TcpFlag.ACK): EthernetFrame {
  const tcp: TcpSegment = {
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
  return {
    dst: 0x0200_0000_0002,
    src: 0x0200_0000_0001,
    etherType: ETHERTYPE_IPV4,
    ip: {
      src: 0x0a000001,
      dst: 0x0a000002,
      ttl: 64,
      id: 0,
      dontFragment: true,
      protocol: IP_PROTO_TCP,
      tcp,
    },
  };
}

function seqOf(f: EthernetFrame): number {
  return f.etherType === ETHERTYPE_IPV4 && f.ip.protocol === IP_PROTO_TCP ? f.ip.tcp.seq : -1;
}

/** A 1 Gbit/s link with 100 µs RTT that logs departures and arrivals. */
function fixture(opts: { lossRate?: number; seed?: number } = {}) {
  const scheduler = new Scheduler();
  const link = new Link({ scheduler, name: 'l0', mbps: 1000, rttUs: 100, ...opts });
  const log: string[] = [];
  const note = (what: string) => (d: LinkDirection, t: number, f: EthernetFrame) =>
    log.push(`${what} ${d} ${seqOf(f)} @${t}`);
  link.onDepart(note('depart'));
  link.onArrive(note('arrive'));
  const atB: EthernetFrame[] = [];
  const atA: EthernetFrame[] = [];
  link.attach('b', (f) => atB.push(f));
  link.attach('a', (f) => atA.push(f));
  return { scheduler, link, log, atA, atB };
}

describe('Link', () => {
  it('serialises a 1518-byte frame in 12,304 ns and a minimum one in 672 ns', () => {
    const f = fixture();
    f.link.endpoint('a').transmit(tcpFrame(1460, 1));
    expect(f.link.tx.busyUntil).toBe(12_304);
    f.link.endpoint('b').transmit(tcpFrame(0, 2));
    expect(f.link.rx.busyUntil).toBe(672);
    f.scheduler.runUntil(1_000_000);
    expect(f.log).toEqual([
      'depart tx 1 @0',
      'depart rx 2 @0',
      'arrive rx 2 @50672',
      'arrive tx 1 @62304',
    ]);
    expect(f.link.tx.counters).toMatchObject({
      frames: 1,
      bytes: 1518,
      wireBits: 1538 * 8,
      delivered: 1,
    });
    expect(f.link.rx.counters).toMatchObject({
      frames: 1,
      bytes: 64,
      wireBits: 84 * 8,
      delivered: 1,
    });
  });

  it('sends queued frames back to back and delivers them after the propagation delay', () => {
    const f = fixture();
    const dev = f.link.endpoint('a');
    for (let i = 1; i <= 3; i++) dev.transmit(tcpFrame(1460, i));
    expect(f.link.tx.queueLength).toBe(2);
    expect(f.link.tx.busy).toBe(true);
    f.scheduler.runUntil(40_000);
    expect(f.link.tx.inFlight).toBe(3);
    expect(f.link.tx.busy).toBe(false);
    expect(f.link.tx.busyUntil).toBe(40_000);
    f.scheduler.runUntil(1_000_000);
    expect(f.log).toEqual([
      'depart tx 1 @0',
      'depart tx 2 @12304',
      'depart tx 3 @24608',
      'arrive tx 1 @62304',
      'arrive tx 2 @74608',
      'arrive tx 3 @86912',
    ]);
    expect(f.atB.map(seqOf)).toEqual([1, 2, 3]);
  });

  it('tells each feeder when its own frames have left, in order', () => {
    const f = fixture();
    const sent: string[] = [];
    const a = f.link.tx.addFeeder((frame, now) => sent.push(`a${seqOf(frame)}@${now}`));
    const b = f.link.tx.addFeeder((frame, now) => sent.push(`b${seqOf(frame)}@${now}`));
    f.link.tx.transmitFrom(a, tcpFrame(1460, 1));
    f.link.tx.transmitFrom(b, tcpFrame(1460, 2));
    f.link.tx.transmit(tcpFrame(1460, 3)); // no feeder: nobody is told
    f.link.tx.transmitFrom(a, tcpFrame(1460, 4));
    f.scheduler.runUntil(1_000_000);
    expect(sent).toEqual(['a1@12304', 'b2@24608', 'a4@49216']);
    expect(f.atB.map(seqOf)).toEqual([1, 2, 3, 4]);
  });

  it('loses frames deterministically for a seed, per direction', () => {
    const run = (seed: number) => {
      const f = fixture({ lossRate: 0.3, seed });
      for (let i = 0; i < 200; i++) {
        f.link.endpoint('a').transmit(tcpFrame(100, i));
        f.link.endpoint('b').transmit(tcpFrame(0, i));
      }
      f.scheduler.runUntil(1e9);
      return { tx: f.atB.map(seqOf), rx: f.atA.map(seqOf), link: f.link };
    };
    const a = run(42);
    const b = run(42);
    const c = run(43);
    expect(a.tx).toEqual(b.tx);
    expect(a.rx).toEqual(b.rx);
    expect(a.tx).not.toEqual(c.tx);
    expect(a.tx).not.toEqual(a.rx); // independent streams per direction
    expect(a.tx.length).toBeGreaterThan(110);
    expect(a.tx.length).toBeLessThan(170);
    expect(a.link.tx.counters.drops.loss).toBe(200 - a.tx.length);
    expect(a.link.tx.counters.frames).toBe(200); // lost frames still left the sender
  });

  it('drops frames larger than the link MTU', () => {
    const scheduler = new Scheduler();
    const link = new Link({ scheduler, name: 'l', mbps: 1000, rttUs: 10, mtu: 1500 });
    const got: EthernetFrame[] = [];
    link.attach('b', (fr) => got.push(fr));
    link.endpoint('a').transmit(tcpFrame(1461));
    link.endpoint('a').transmit(tcpFrame(1460));
    scheduler.runUntil(1e6);
    expect(got).toHaveLength(1);
    expect(link.tx.counters.drops.mtu).toBe(1);
  });
});
