import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../core/time.ts';
import { TcpFlag, type TcpSegment } from '../wire/types.ts';
import type { TcpProfile } from './config.ts';
import { Pair, Probe, connectTo, send, type ProbeConnection } from './testing/harness.ts';

const { ACK } = TcpFlag;
const MSS = 1460;

/** Data segments the sender emitted, grouped by the instant they left (one group per RTT). */
function roundSizes(pair: Pair): number[] {
  const byTime = new Map<number, number>();
  for (const e of pair.sent('a', (s) => s.payload.length > 0))
    byTime.set(e.time, (byTime.get(e.time) ?? 0) + 1);
  return [...byTime.values()];
}

describe('slow start', () => {
  for (const [profile, expected] of [
    ['linux-2.4', [2, 4, 8, 16, 32]],
    ['linux', [10, 20, 40, 80]],
  ] as const) {
    it(`doubles per RTT from the ${profile} initial window: ${expected.join(', ')}`, () => {
      const pair = new Pair({
        config: { profile: profile as TcpProfile },
        configB: { delayedAck: false },
        delay: ms(10),
      });
      const { client } = pair.establish();
      client.write(new Uint8Array(4_000_000));
      pair.runFor(ms(20) * expected.length - ms(1));
      expect(roundSizes(pair)).toEqual(expected);
      // The last round's ACKs are still in flight: cwnd equals what that round sent.
      expect(client.cwnd).toBe(expected.at(-1)! * client.mss);
    });
  }

  it('grows by about 1.5× per RTT once quick-ACKs are used up and ACKs are delayed', () => {
    const pair = new Pair({ delay: ms(10) });
    const { client } = pair.establish();
    client.write(new Uint8Array(4_000_000));
    pair.runFor(ms(20) * 6 - ms(1));
    // 16 quick ACKs (Linux TCP_MAX_QUICKACKS) cover 2 + 4 + 8 and 2 of the 16, then one
    // ACK per two segments: 2 + 7 ACKs release 16 + 9 = 25; 12 ACKs then release 36.
    expect(roundSizes(pair)).toEqual([2, 4, 8, 16, 25, 36]);
  });
});

/** Retransmitted data segments: those whose sequence number was sent before. */
function retransmissions(pair: Pair): { time: number; seq: number }[] {
  const seen = new Set<number>();
  const out: { time: number; seq: number }[] = [];
  for (const e of pair.sent('a', (s) => s.payload.length > 0)) {
    const seq = e.packet.seg.seq;
    if (seen.has(seq)) out.push({ time: e.time, seq });
    seen.add(seq);
  }
  return out;
}

/** A 100 Mbit/s, 20 ms RTT pair whose data segments 30 and 34 are lost once. */
function twoLosses(sack: boolean, profile: TcpProfile): { pair: Pair; ssthreshes: number[] } {
  const pair = new Pair({
    delay: ms(10),
    rateMbps: 100,
    config: { timestamps: false, sack, profile },
  });
  const { client } = pair.establish();
  const iss = pair.sent('a')[0]!.packet.seg.seq;
  const lost = new Set([30, 34].map((k) => (iss + 1 + k * MSS) >>> 0));
  pair.hook = (p) =>
    p.from === 'a' && p.seg.payload.length > 0 && lost.delete(p.seg.seq) ? [] : undefined;
  const ssthreshes: number[] = [];
  client.write(new Uint8Array(300_000));
  for (let t = 0; t < 400; t++) {
    pair.runFor(ms(1));
    if (ssthreshes.at(-1) !== client.ssthresh) ssthreshes.push(client.ssthresh);
  }
  expect(lost.size).toBe(0);
  expect(client.stats.fastRetransmits).toBe(1);
  expect(client.stats.timeouts).toBe(0);
  expect(client.stats.retransmits).toBe(2);
  expect(ssthreshes).toHaveLength(2); // the initial "infinite" value and one cut
  expect(client.inRecovery).toBe(false);
  expect(client.cwnd).toBeGreaterThanOrEqual(client.ssthresh); // congestion avoidance since
  return { pair, ssthreshes };
}

describe('two losses in one window', () => {
  for (const profile of ['linux', 'linux-2.4'] as const) {
    it(`${profile} without SACK (NewReno, RFC 6582): repairs them one RTT apart, one ssthresh cut, no RTO`, () => {
      const { pair } = twoLosses(false, profile);
      const rtx = retransmissions(pair);
      expect(rtx).toHaveLength(2);
      const gap = rtx[1]!.time - rtx[0]!.time;
      // One RTT: 20 ms propagation plus a segment's serialisation each way, give or take queueing.
      expect(gap).toBeGreaterThan(ms(20));
      expect(gap).toBeLessThan(ms(25));
    });

    it(`${profile} with SACK (RFC 6675): repairs both in the same round trip`, () => {
      const { pair } = twoLosses(true, profile);
      const rtx = retransmissions(pair);
      expect(rtx).toHaveLength(2);
      expect(rtx[1]!.time - rtx[0]!.time).toBeLessThan(ms(5));
    });
  }
});

function ackFrom(pc: ProbeConnection, ack: number): Partial<TcpSegment> {
  return {
    srcPort: 80,
    dstPort: 40000,
    flags: ACK,
    seq: pc.peerNext,
    ack: ack >>> 0,
    window: 65535,
  };
}

describe('retransmission timeout (RFC 6298, Linux floor)', () => {
  it('computes rto = srtt + max(4·rttvar, 200 ms) and doubles it on each expiry', () => {
    const probe = new Probe({ timestamps: false });
    const c = connectTo(probe, ms(100)); // SYN-ACK after 100 ms: the first sample
    expect(c.conn.srtt).toBe(ms(100));
    expect(c.conn.rttvar).toBe(ms(50));
    expect(c.conn.rto).toBe(ms(300)); // 100 + max(200, 200)
    c.conn.write(new Uint8Array(100));
    send(probe, ms(350), ackFrom(c, c.localNext + 100)); // R = 250 ms
    // rttvar = ¾·50 + ¼·|100 − 250| = 75; srtt = ⅞·100 + ⅛·250 = 118.75; rto = srtt + 300.
    expect(c.conn.srtt).toBe(ms(118.75));
    expect(c.conn.rttvar).toBe(ms(75));
    expect(c.conn.rto).toBe(ms(418.75));
    const mark = probe.out.length;
    c.conn.write(new Uint8Array(100));
    probe.scheduler.runUntil(seconds(10));
    const times = probe.out.slice(mark).map((e) => e.time - ms(350));
    const rto = ms(418.75);
    expect(times.slice(0, 5)).toEqual([0, rto, rto * 3, rto * 7, rto * 15]);
    expect(c.conn.stats.timeouts).toBe(4);
    expect(c.conn.cwnd).toBe(MSS);
    expect(c.conn.rto).toBe(rto * 16);
  });

  it('caps the backoff at 120 s and gives up after 15 retries', () => {
    const probe = new Probe({ timestamps: false });
    const c = connectTo(probe, ms(1));
    let reason = '';
    c.conn.onClosed = (r) => (reason = r);
    c.conn.write(new Uint8Array(100));
    probe.scheduler.runUntil(seconds(3000));
    const times = probe.out.filter((e) => e.seg.payload.length > 0).map((e) => e.time);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBe(seconds(120));
    expect(times).toHaveLength(16);
    expect(reason).toBe('timeout');
  });
});
