import { describe, expect, it } from 'vitest';
import { Scoreboard } from './sack-scoreboard.ts';

/** Ten 1000-byte segments [1, 10001) sent at t = 0. */
function ten(): Scoreboard {
  const b = new Scoreboard();
  for (let i = 0; i < 10; i++) b.push(1 + i * 1000, 1001 + i * 1000, 0);
  return b;
}

const rtt = (): { first: number; last: number } => ({ first: -1, last: -1 });

describe('SACK scoreboard (RFC 6675 §3, Linux rtx queue tags)', () => {
  it('counts SACKed segments, the forward-most SACKed one and the RFC 6675 pipe', () => {
    const b = ten();
    expect(b.sack(3001, 6001, 5, rtt())).toBe(3);
    expect(b.sackedOut).toBe(3);
    expect(b.facketsOut).toBe(6);
    expect(b.inFlight).toBe(7);
    // The same block again tags nothing new.
    expect(b.sack(3001, 6001, 6, rtt())).toBe(0);
  });

  it('IsLost (RFC 6675 §4): un-SACKed segments with DupThresh SACKed segments above', () => {
    const b = ten();
    b.sack(3001, 6001, 5, rtt());
    // sacked_out − DupThresh = 0 SACKed segments may lie below a lost one.
    expect(b.markHeadLost(b.sackedOut - 3, 10001, false)).toBe(3);
    // The three holes below the SACKed block; nothing above it.
    expect([0, 1, 2, 6].map((i) => b.isLost(i))).toEqual([true, true, true, false]);
    expect(b.inFlight).toBe(4);
    // Two SACKed segments above a hole are not enough (a reordering of two is tolerated).
    const c = ten();
    c.sack(2001, 4001, 5, rtt());
    expect(c.markHeadLost(c.sackedOut - 3, 10001, false)).toBe(0);
  });

  it('FACK (Linux 2.4): every un-SACKed segment below fackets_out − 3 is lost', () => {
    const b = ten();
    b.countAll = true;
    b.sack(7001, 8001, 5, rtt()); // one SACK, 8 segments above snd_una
    expect(b.facketsOut).toBe(8);
    expect(b.markHeadLost(b.facketsOut - 3, 10001, false)).toBe(5);
    expect(b.lostOut).toBe(5);
  });

  it('splits a segment a SACK block edge falls in (tcp_fragment)', () => {
    const b = ten();
    expect(b.sack(1501, 2001, 5, rtt())).toBe(1);
    expect(b.packetsOut).toBe(11);
    expect([b.start(1), b.end(1), b.start(2), b.end(2)]).toEqual([1001, 1501, 1501, 2001]);
    expect(b.isSacked(2)).toBe(true);
  });

  it('retransmissions count in flight until acknowledged or SACKed; cumulative ACKs trim', () => {
    const b = ten();
    b.sack(2001, 5001, 5, rtt());
    b.markHeadLost(0, 10001, false);
    expect(b.nextLost()).toBe(0);
    b.retransmitted(0, 1001, 10);
    expect(b.retransOut).toBe(1);
    expect(b.nextLost()).toBe(1);
    const acked = b.ackTo(1501, 20);
    expect(acked.packets).toBe(1);
    expect(acked.retransmittedAcked).toBe(true);
    expect(acked.rtt).toBe(-1); // Karn: no sample from a retransmitted segment
    expect(b.retransOut).toBe(0);
    expect(b.start(0)).toBe(1501); // the head partly acknowledged is trimmed
  });

  it('an RTO tags everything not SACKed lost; a SACKed head means the receiver reneged', () => {
    const b = ten();
    b.sack(4001, 6001, 5, rtt());
    b.markAllLost();
    expect(b.lostOut).toBe(8);
    expect(b.inFlight).toBe(0);
    const r = ten();
    r.sack(1, 2001, 5, rtt());
    r.markAllLost();
    expect(r.sackedOut).toBe(0);
    expect(r.lostOut).toBe(10);
  });

  it('without SACK, duplicate ACKs count as SACKed segments, leaving one hole', () => {
    const b = ten();
    for (let i = 0; i < 12; i++) b.addRenoSack();
    expect(b.sackedOut).toBe(9);
    b.removeRenoSacks(4);
    expect(b.sackedOut).toBe(6);
  });
});
