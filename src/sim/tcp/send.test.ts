import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../core/time.ts';
import { IP_B, Pair } from './testing/harness.ts';
import { drain, pump } from './testing/streams.ts';

describe('Nagle', () => {
  for (const [noDelay, sizes] of [
    [false, [100, 900]],
    [true, [100, 100, 100, 100, 100, 100, 100, 100, 100, 100]],
  ] as const) {
    it(`${noDelay ? 'sends small writes at once with TCP_NODELAY' : 'coalesces small writes while one is unacknowledged'}`, () => {
      // Profile linux: an initial window of 10 segments, so cwnd (counted in segments,
      // as Linux does) does not hold the ten small segments back.
      const pair = new Pair({ delay: ms(10), config: { profile: 'linux' } });
      const { client } = pair.establish();
      client.noDelay = noDelay;
      const start = pair.now;
      for (let i = 0; i < 10; i++) client.write(new Uint8Array(100).fill(i));
      pair.runFor(ms(100));
      const data = pair.sent('a', (s) => s.payload.length > 0);
      expect(data.map((e) => e.packet.seg.payload.length)).toEqual(sizes);
      expect(data[0]!.time).toBe(start);
      // With Nagle the rest waits for the first segment's ACK: one RTT.
      if (!noDelay) expect(data[1]!.time).toBe(start + ms(20));
    });
  }

  it('defaults from the config (nagle: false ⇒ noDelay)', () => {
    const pair = new Pair({ config: { nagle: false } });
    const { client } = pair.establish();
    expect(client.noDelay).toBe(true);
  });
});

describe('path MTU reduction', () => {
  it('resegments at 1148 bytes after a drop from 1500 to 1200, without a cwnd cut', () => {
    const pair = new Pair({ delay: ms(1), rateMbps: 1000 });
    const { client, server } = pair.establish();
    const received = drain(server);
    const data = pump(client, 3_000_000);
    pair.runFor(ms(10));
    expect(client.mss).toBe(1448);
    // The path now carries at most 1200-byte datagrams; the router drops bigger ones.
    pair.hook = (p) => (20 + 32 + p.seg.payload.length > 1200 ? [] : undefined);
    pair.mtu.a = 1200;
    const cwnd = client.tcpInfo().tcpi_snd_cwnd;
    const ssthresh = client.ssthresh;
    const t = pair.now;
    // ICMP "fragmentation needed" arrives a moment later.
    pair.runFor(ms(0.5));
    pair.a.pmtuChanged(IP_B, 1200);
    expect(client.mss).toBe(1148);
    // cwnd is counted in segments, as Linux does (tcp_simple_retransmit: "don't muck with
    // the congestion window here"); in bytes it shrinks with the MSS.
    expect(client.tcpInfo().tcpi_snd_cwnd).toBeGreaterThanOrEqual(cwnd);
    expect(client.ssthresh).toBe(ssthresh);
    pair.runFor(seconds(1));
    const after = pair.sent('a', (s, time) => time > t + ms(0.5) && s.payload.length > 0);
    expect(after.length).toBeGreaterThan(100);
    expect(Math.max(...after.map((e) => e.packet.seg.payload.length))).toBe(1148);
    expect(client.stats.timeouts).toBe(0);
    expect(client.stats.fastRetransmits).toBe(0);
    expect(client.stats.pmtuReductions).toBe(1);
    expect(Buffer.from(received()).equals(Buffer.from(data))).toBe(true);
  });
});
