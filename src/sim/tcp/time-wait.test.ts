import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../core/time.ts';
import { TcpFlag } from '../wire/types.ts';
import { PEER_ISS, Probe, acceptFrom, send, type ProbeConnection } from './testing/harness.ts';
import type { TcpProfile } from './config.ts';

const { FIN, SYN, RST, ACK } = TcpFlag;

/**
 * The probe's application closes first; the peer ACKs the FIN and sends its own at 10 ms:
 * the probe's connection enters TIME_WAIT (RFC 9293 Figure 5) and becomes a record.
 */
function inTimeWait(profile: TcpProfile = 'linux-2.4'): {
  probe: Probe;
  p: ProbeConnection;
  /** The peer's next sequence number (after its FIN) and ours (after our FIN). */
  peerNext: number;
  ourNext: number;
} {
  const probe = new Probe({ profile, timestamps: false });
  const p = acceptFrom(probe, 0);
  p.conn.close();
  expect(probe.last.flags & FIN).toBeTruthy();
  const ourNext = (p.localNext + 1) >>> 0;
  send(probe, ms(10), { flags: FIN | ACK, seq: p.peerNext, ack: ourNext });
  expect(p.conn.state).toBe('TIME_WAIT');
  expect(probe.stack.connections).toHaveLength(0);
  expect(probe.stack.timeWait.size).toBe(1);
  return { probe, p, peerNext: (p.peerNext + 1) >>> 0, ourNext };
}

describe('TIME_WAIT as a record (Linux tcp_time_wait, tcp_timewait_state_process)', () => {
  it('keeps snd_nxt, rcv_nxt and the window: a retransmitted FIN gets the same ACK and restarts the 60 s', () => {
    const { probe, p, peerNext, ourNext } = inTimeWait();
    const finalAck = probe.last;
    expect(finalAck).toMatchObject({ flags: ACK, seq: ourNext, ack: peerNext });
    // Our ACK was lost: the peer sends its FIN again 20 s later.
    send(probe, seconds(20), { flags: FIN | ACK, seq: p.peerNext, ack: ourNext });
    expect(probe.last).toMatchObject({
      flags: ACK,
      seq: ourNext,
      ack: peerNext,
      window: finalAck.window,
    });
    expect(probe.stack.timeWait.stats.acksSent).toBe(1);
    // 60 s from the FIN again, not from the first one.
    probe.scheduler.runUntil(seconds(20) + seconds(60) - 1);
    expect(p.conn.state).toBe('TIME_WAIT');
    probe.scheduler.runUntil(seconds(20) + seconds(60));
    expect(p.conn.state).toBe('CLOSED');
    expect(probe.stack.timeWait.size).toBe(0);
  });

  it('a RST at rcv_nxt ends the wait (RFC 1337 assassination, tcp_rfc1337 = 0); one elsewhere does not', () => {
    const { probe, p, peerNext } = inTimeWait();
    send(probe, seconds(1), { flags: RST, seq: (peerNext + 1000) >>> 0 });
    expect(p.conn.state).toBe('TIME_WAIT');
    send(probe, seconds(2), { flags: RST, seq: peerNext });
    expect(p.conn.state).toBe('CLOSED');
    expect(probe.stack.timeWait.stats.killed).toBe(1);
    // The pair is free: a segment for it now finds no connection and is reset.
    const before = probe.out.length;
    send(probe, seconds(3), { flags: ACK, seq: peerNext, ack: 1 });
    expect(probe.out.length).toBe(before + 1);
    expect(probe.last.flags & RST).toBeTruthy();
  });

  it('a new SYN beyond rcv_nxt takes the pair with an ISN beyond the old snd_nxt (TCP_TW_SYN)', () => {
    const { probe, p, peerNext, ourNext } = inTimeWait();
    const newIss = (peerNext + 100_000) >>> 0;
    send(probe, seconds(5), { flags: SYN, seq: newIss, mss: 1460 });
    const synAck = probe.last;
    expect(synAck.flags).toBe(SYN | ACK);
    expect(synAck.ack).toBe((newIss + 1) >>> 0);
    expect(synAck.seq).toBe((ourNext + 65535 + 2) >>> 0);
    expect(probe.stack.timeWait.stats.reused).toBe(1);
    expect(p.conn.state).toBe('CLOSED');
    expect(probe.stack.connections).toHaveLength(1);
  });

  it('an old SYN is answered with an ACK and does not take the pair', () => {
    const { probe, p, peerNext, ourNext } = inTimeWait();
    send(probe, seconds(5), { flags: SYN, seq: PEER_ISS, mss: 1460 });
    expect(probe.last).toMatchObject({ flags: ACK, seq: ourNext, ack: peerNext });
    expect(p.conn.state).toBe('TIME_WAIT');
  });

  it('out-of-window segments: every one ACKed in linux-2.4, one per 500 ms in linux (tcp_invalid_ratelimit)', () => {
    const counts: Record<string, number> = {};
    for (const profile of ['linux-2.4', 'linux'] as const) {
      const { probe, p, ourNext } = inTimeWait(profile);
      const before = probe.out.length;
      for (let i = 0; i < 5; i++) {
        send(probe, seconds(1) + ms(100 * i), {
          flags: ACK,
          seq: (p.peerNext + 5000) >>> 0,
          ack: ourNext,
        });
      }
      counts[profile] = probe.out.length - before;
    }
    expect(counts).toEqual({ 'linux-2.4': 5, linux: 1 });
  });
});
