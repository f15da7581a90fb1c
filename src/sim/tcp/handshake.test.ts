import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../core/time.ts';
import { TcpFlag } from '../wire/types.ts';
import { IP_A, IP_B, PEER_ISS, Pair, Probe, acceptFrom, send } from './testing/harness.ts';

const { SYN, ACK, RST } = TcpFlag;

describe('handshake and option negotiation', () => {
  it('assumes MSS 536 for a SYN without the MSS option', () => {
    const probe = new Probe({ timestamps: false });
    const { conn } = acceptFrom(probe, 0, { mss: null });
    expect(conn.state).toBe('ESTABLISHED');
    expect(conn.mss).toBe(536);
    const synAck = probe.out[0]!.seg;
    expect(synAck.flags).toBe(SYN | ACK);
    expect(synAck.ack).toBe(PEER_ISS + 1);
    expect(synAck.mss).toBe(1460);
    // Options the peer did not offer are not offered back (RFC 7323 §2.2, RFC 2018 §2).
    expect(synAck.windowScale).toBeNull();
    expect(synAck.tsVal).toBeNull();
  });

  it('sends 1448-byte payloads with timestamps and 1460 without at MTU 1500', () => {
    for (const [timestamps, payload] of [
      [true, 1448],
      [false, 1460],
    ] as const) {
      const pair = new Pair({ config: { timestamps }, delay: ms(1) });
      const { client, server } = pair.establish();
      expect(client.mss).toBe(payload);
      expect(server.mss).toBe(payload);
      client.write(new Uint8Array(20_000));
      pair.runFor(ms(50));
      const sizes = pair
        .sent('a', (s) => s.payload.length > 0)
        .map((e) => e.packet.seg.payload.length);
      expect(Math.max(...sizes)).toBe(payload);
      const syn = pair.sent('a')[0]!.packet.seg;
      expect(syn.mss).toBe(1460);
      expect(syn.tsVal !== null).toBe(timestamps);
      expect(syn.windowScale).toBe(3); // 256 KB buffer: 65535 << 3 ≥ 262144
    }
  });

  it('scales windows once both sides offered window scaling', () => {
    const pair = new Pair({ delay: ms(1) });
    const { client, server } = pair.establish();
    // The SYN-ACK's window is unscaled (65535); the first ACK after data carries the scaled one.
    expect(client.sndWnd).toBe(65535);
    client.write(new Uint8Array(1));
    pair.runFor(ms(5));
    server.read(1, () => {});
    // 256 KB of free buffer rounded down to whole segments of rcv_mss, still the first
    // guess of 536 bytes: no full-sized segment has arrived (tcp_initialize_rcv_mss).
    expect(server.tcpInfo().tcpi_rcv_mss).toBe(536);
    expect(client.sndWnd).toBe(Math.floor((262144 - 1) / 536) * 536);
    expect(server.rcvWnd).toBe(client.sndWnd);
  });

  // linux: RFC 6298's 1 s initial RTO and tcp_syn_retries 6 (Linux 3.7+); linux-2.4:
  // TCP_TIMEOUT_INIT 3 s and TCP_SYN_RETRIES 5 (2.4.20 include/net/tcp.h).
  for (const [profile, first, retries] of [
    ['linux', 1, 6],
    ['linux-2.4', 3, 5],
  ] as const) {
    it(`${profile}: retransmits an unanswered SYN at ${first}, ${3 * first} and ${7 * first} s and gives up after ${retries} retries`, () => {
      const probe = new Probe({ profile });
      const conn = probe.stack.connect(IP_B, IP_A, 80);
      let reason = '';
      let closedAt = 0;
      conn.onClosed = (r) => {
        reason = r;
        closedAt = probe.scheduler.now;
      };
      probe.scheduler.runUntil(seconds(400));
      const times = probe.out.map((e) => e.time);
      expect(times.slice(0, 4)).toEqual([0, 1, 3, 7].map((k) => seconds(k * first)));
      expect(probe.out.every((e) => e.seg.flags === SYN)).toBe(true);
      expect(new Set(probe.out.map((e) => e.seg.seq)).size).toBe(1);
      expect(probe.out.length).toBe(retries + 1);
      expect(conn.state).toBe('CLOSED');
      expect(reason).toBe('timeout');
      // The last retransmission's timeout runs out too: 2^(retries+1) − 1 initial RTOs.
      expect(closedAt).toBe(seconds(first * (2 ** (retries + 1) - 1)));
    });
  }

  it('completes a simultaneous open (RFC 9293 Figure 8)', () => {
    const pair = new Pair({ delay: ms(5) });
    const a = pair.a.connect(IP_A, IP_B, 7000, 6000);
    const b = pair.b.connect(IP_B, IP_A, 6000, 7000);
    pair.runFor(ms(30));
    expect(a.state).toBe('ESTABLISHED');
    expect(b.state).toBe('ESTABLISHED');
    a.write(new Uint8Array([1, 2, 3]));
    pair.runFor(ms(30));
    expect(b.readable()).toBe(3);
  });
});

describe('resets', () => {
  it('answers a SYN to a closed port with RST|ACK acknowledging it', () => {
    const probe = new Probe();
    send(probe, 0, { flags: SYN, seq: 5000, dstPort: 81 });
    expect(probe.out).toHaveLength(1);
    const rst = probe.last;
    expect(rst.flags).toBe(RST | ACK);
    expect(rst.seq).toBe(0);
    expect(rst.ack).toBe(5001);
    expect(rst.srcPort).toBe(81);
  });

  it('answers an ACK to a closed port with RST at its ack number', () => {
    const probe = new Probe();
    send(probe, 0, { flags: ACK, seq: 5000, ack: 777, dstPort: 81, payload: new Uint8Array(10) });
    expect(probe.last.flags).toBe(RST);
    expect(probe.last.seq).toBe(777);
  });

  it('linux: sends a challenge ACK for an in-window RST not at rcv_nxt, and resets on the exact one', () => {
    const probe = new Probe({ timestamps: false, profile: 'linux' });
    const { conn, peerNext, localNext } = acceptFrom(probe, 0);
    let reason = '';
    conn.onClosed = (r) => (reason = r);
    const before = probe.out.length;
    send(probe, ms(1), { flags: RST, seq: peerNext + 100 });
    expect(conn.state).toBe('ESTABLISHED');
    expect(probe.out.length).toBe(before + 1);
    expect(probe.last.flags).toBe(ACK);
    expect(probe.last.ack).toBe(peerNext);
    expect(probe.last.seq).toBe(localNext);
    expect(conn.stats.challengeAcks).toBe(1);
    // Outside the window: silently dropped.
    send(probe, ms(2), { flags: RST, seq: peerNext + 10_000_000 });
    expect(probe.out.length).toBe(before + 1);
    send(probe, ms(3), { flags: RST, seq: peerNext });
    expect(conn.state).toBe('CLOSED');
    expect(reason).toBe('reset');
  });

  it('linux: sends a challenge ACK for a SYN on an established connection (RFC 5961 §4)', () => {
    const probe = new Probe({ timestamps: false, profile: 'linux' });
    const { conn, peerNext } = acceptFrom(probe, 0);
    send(probe, ms(1), { flags: SYN, seq: peerNext + 50 });
    expect(conn.state).toBe('ESTABLISHED');
    expect(probe.last.flags).toBe(ACK);
    expect(probe.last.ack).toBe(peerNext);
    expect(conn.stats.challengeAcks).toBe(1);
  });
});
