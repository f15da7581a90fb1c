import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../core/time.ts';
import { CongestionWindow } from './congestion.ts';
import { Cubic } from './cubic.ts';

/** cwnd after a loss at W_max = 100, one RTT of ACKs (cwnd of them) at a time. */
function afterLoss(rtt: number, until: number): { cwnd: (t: number) => number; cc: Cubic } {
  const w = new CongestionWindow();
  const cc = new Cubic();
  cc.init(w, 0, 0);
  w.cwnd = 100;
  w.ssthresh = cc.ssthresh(w);
  w.cwnd = w.ssthresh;
  const trace: [number, number][] = [];
  for (let t = 0; t <= until; t += rtt) {
    cc.congAvoid(w, { acked: w.cwnd, cwndLimited: true, now: t });
    trace.push([t, w.cwnd]);
  }
  const cwnd = (t: number): number => trace.findLast(([at]) => at <= t)![1];
  return { cwnd, cc };
}

describe('CUBIC (RFC 9438)', () => {
  it('cuts to β = 0.7 and regrows along C·(t − K)³ + W_max, reaching W_max at K ≈ 4.2 s', () => {
    // 100 ms RTT: the Reno-friendly estimate stays below the cubic curve (RFC 9438 §4.3).
    const { cwnd } = afterLoss(ms(100), seconds(7));
    expect(cwnd(0)).toBeGreaterThanOrEqual(70);
    // W(t) = 0.4·(t − 4.22)³ + 100: 86.7 at 1 s, 95.6 at 2 s, 100 at K, 102.3 at 6 s.
    expect(cwnd(seconds(1))).toBeGreaterThan(83);
    expect(cwnd(seconds(1))).toBeLessThan(90);
    expect(cwnd(seconds(2))).toBeGreaterThan(92);
    expect(cwnd(seconds(2))).toBeLessThan(98);
    expect(cwnd(seconds(4.2))).toBeGreaterThanOrEqual(98);
    expect(cwnd(seconds(4.2))).toBeLessThanOrEqual(102);
    // Concave then convex: slow near W_max, faster beyond it.
    const nearMax = cwnd(seconds(4.7)) - cwnd(seconds(3.7));
    const beyond = cwnd(seconds(7)) - cwnd(seconds(6));
    expect(nearMax).toBeLessThan(beyond);
  });

  it('grows at least as fast as Reno would (the AIMD-friendly region) when the RTT is short', () => {
    // 1 ms RTT: Reno's 3(1−β)/(1+β) ≈ 0.53 segments per RTT beats the cubic curve.
    const { cwnd } = afterLoss(ms(1), seconds(1));
    expect(cwnd(seconds(1))).toBeGreaterThan(500);
    expect(cwnd(seconds(1))).toBeLessThan(650);
  });

  it('fast convergence: a loss below the last W_max remembers a lower W_max', () => {
    const w = new CongestionWindow();
    const cc = new Cubic();
    cc.init(w, 0, 0);
    w.cwnd = 100;
    expect(cc.ssthresh(w)).toBe(70);
    w.cwnd = 80; // a second loss before regaining 100
    expect(cc.ssthresh(w)).toBe(56);
  });
});

describe('HyStart (Linux tcp_cubic.c)', () => {
  function slowStart(): { w: CongestionWindow; cc: Cubic } {
    const w = new CongestionWindow();
    const cc = new Cubic();
    cc.init(w, 0, 0);
    w.cwnd = 32;
    return { w, cc };
  }

  it('ends slow start when a round’s minimum RTT rises by more than max(4 ms, RTT/8)', () => {
    const { w, cc } = slowStart();
    let now = seconds(2);
    // First round at 20 ms: the minimum.
    for (let i = 0; i < 10; i++)
      cc.onRttSample(w, {
        rtt: ms(20),
        sndUna: 100 + i,
        sndNxt: 200,
        pacingRate: 0,
        now: (now += ms(3)),
      });
    expect(w.inSlowStart).toBe(true);
    // Next round (snd_una passes 200): every sample 25 ms, above 20 + 4 ms.
    for (let i = 0; i < 10; i++)
      cc.onRttSample(w, {
        rtt: ms(25),
        sndUna: 201 + i,
        sndNxt: 300,
        pacingRate: 0,
        now: (now += ms(3)),
      });
    expect(w.ssthresh).toBe(32);
    expect(w.inSlowStart).toBe(false);
  });

  it('keeps slow start while the RTT stays within the threshold', () => {
    const { w, cc } = slowStart();
    let now = seconds(2);
    for (let i = 0; i < 30; i++)
      cc.onRttSample(w, {
        rtt: ms(20 + (i % 3)),
        sndUna: 100 + i * 10,
        sndNxt: 400,
        pacingRate: 0,
        now: (now += ms(3)),
      });
    expect(w.inSlowStart).toBe(true);
  });

  it('ends slow start when back-to-back ACKs of one round span half the minimum RTT (ACK train)', () => {
    const { w, cc } = slowStart();
    const start = seconds(2);
    // The round starts with the first sample; ACKs 1 ms apart for 6 ms > 10 ms / 2.
    for (let i = 0; i <= 7; i++)
      cc.onRttSample(w, {
        rtt: ms(10),
        sndUna: 100 + i,
        sndNxt: 200,
        pacingRate: 0,
        now: start + ms(i),
      });
    expect(w.ssthresh).toBe(32);
  });
});
