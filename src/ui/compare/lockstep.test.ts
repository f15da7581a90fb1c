import { describe, expect, it } from 'vitest';
import {
  INITIAL_CHUNK_NS,
  LockstepClock,
  MIN_ROUND_MS,
  type Decision,
  type LaneProgress,
} from './lockstep.ts';

/** Lanes as the session keeps them: a step sets `requestedNs`, a report sets `nowNs`. */
function lanes(n: number): LaneProgress[] {
  return Array.from({ length: n }, () => ({ nowNs: 0, requestedNs: 0, live: true }));
}

function send(all: LaneProgress[], decision: Decision): void {
  if (decision.kind !== 'step') return;
  for (const { lane, ns } of decision.steps) all[lane]!.requestedNs = all[lane]!.nowNs + ns;
}

function report(all: LaneProgress[], i: number): void {
  all[i]!.nowNs = all[i]!.requestedNs;
}

describe('lockstep clock', () => {
  it('steps every lane to the same target and waits for the slowest before the next round', () => {
    const clock = new LockstepClock('max');
    const all = lanes(3);
    expect(clock.next(0, all)).toEqual({ kind: 'idle' });
    clock.play(0);
    const first = clock.next(0, all);
    expect(first).toEqual({
      kind: 'step',
      round: true,
      steps: [0, 1, 2].map((lane) => ({ lane, ns: INITIAL_CHUNK_NS })),
    });
    send(all, first);
    expect(clock.next(1, all)).toEqual({ kind: 'wait-lanes' });
    report(all, 0);
    report(all, 2);
    // Two lanes are there; the third is still working: no new round, nothing ahead.
    expect(clock.next(5, all)).toEqual({ kind: 'wait-lanes' });
    expect(clock.common).toBe(0);
    report(all, 1);
    const second = clock.next(10, all);
    expect(clock.common).toBe(INITIAL_CHUNK_NS);
    expect(second.kind).toBe('step');
    if (second.kind !== 'step') return;
    // The round took 10 ms for 1 ms: the next chunk grows, at most doubling.
    expect(second.steps.map((s) => s.ns)).toEqual([2e6, 2e6, 2e6]);
    expect(clock.target).toBe(3e6);
  });

  it('shrinks rounds that take too long, so a step never blocks a worker for long', () => {
    const clock = new LockstepClock('max');
    const all = lanes(2);
    clock.play(0);
    send(all, clock.next(0, all));
    report(all, 0);
    report(all, 1);
    // 1 ms of simulated time took 600 ms of wall time: aim for a 60 ms round.
    const next = clock.next(600, all);
    expect(next.kind === 'step' && next.steps[0]!.ns).toBe(500_000);
  });

  it('paces rounds at the chosen speed and waits for the wall clock', () => {
    const clock = new LockstepClock(0.001);
    const all = lanes(2);
    clock.play(1000);
    const early = clock.next(1000, all);
    expect(early).toEqual({ kind: 'wait-time', ms: 1 });
    // 40 ms of wall time at 1/1000× allows 40 µs.
    const step = clock.next(1040, all);
    expect(step).toEqual({
      kind: 'step',
      round: true,
      steps: [
        { lane: 0, ns: 40_000 },
        { lane: 1, ns: 40_000 },
      ],
    });
    send(all, step);
    report(all, 0);
    report(all, 1);
    // Rounds start at most every MIN_ROUND_MS.
    expect(clock.next(1050, all)).toEqual({ kind: 'wait-time', ms: MIN_ROUND_MS - 10 });
    expect(clock.next(1080, all)).toMatchObject({ kind: 'step', steps: [{ ns: 40_000 }, {}] });
  });

  it('gives up a debt the lanes cannot pay rather than run flat out for ever', () => {
    const clock = new LockstepClock(1);
    const all = lanes(1);
    clock.play(0);
    // Five seconds later the lane has done nothing; 1× would allow 5 s, the chunk 1 ms.
    const d = clock.next(5000, all);
    expect(d).toMatchObject({ kind: 'step', steps: [{ lane: 0, ns: INITIAL_CHUNK_NS }] });
    send(all, d);
    report(all, 0);
    // After the reanchor the target follows the wall clock from the new anchor, not from 0.
    const after = clock.next(5030, all);
    expect(after.kind === 'step' && after.steps[0]!.ns).toBeLessThanOrEqual(2 * INITIAL_CHUNK_NS);
  });

  it('leaves failed lanes out and brings a restarted lane up to the others in chunks', () => {
    const clock = new LockstepClock('max');
    const all = lanes(3);
    clock.play(0);
    for (let wall = 0; clock.common < 5e6; wall += 60) {
      const d = clock.next(wall, all);
      send(all, d);
      all.forEach((l, i) => l.live && report(all, i));
      if (clock.common >= 2e6) all[1]!.live = false;
    }
    clock.pause();
    // Lane 1 failed at 2 ms or so; the others went on.
    expect(all[0]!.nowNs).toBe(all[2]!.nowNs);
    expect(all[1]!.nowNs).toBeLessThan(all[0]!.nowNs);
    expect(clock.next(10_000, all)).toEqual({ kind: 'idle' });
    const common = clock.common;
    expect(all[0]!.nowNs).toBe(common);

    // Restarted: a new worker at t = 0. It alone steps, a chunk at a time, up to the others.
    all[1] = { nowNs: 0, requestedNs: 0, live: true };
    const chunk = clock.chunkNs;
    const d = clock.next(10_001, all);
    expect(d).toEqual({
      kind: 'step',
      round: false,
      steps: [{ lane: 1, ns: Math.min(common, chunk) }],
    });
    send(all, d);
    expect(clock.next(10_002, all)).toEqual({ kind: 'wait-lanes' });
    while (all[1]!.nowNs < common) {
      report(all, 1);
      send(all, clock.next(10_003, all));
    }
    expect(all[1]!.nowNs).toBe(common);
    expect(clock.next(10_004, all)).toEqual({ kind: 'idle' });
  });

  it('stops starting rounds when paused and starts from 0 after a reset', () => {
    const clock = new LockstepClock('max');
    const all = lanes(2);
    clock.play(0);
    send(all, clock.next(0, all));
    clock.pause();
    report(all, 0);
    report(all, 1);
    // The round in flight finishes; none follows.
    expect(clock.next(10, all)).toEqual({ kind: 'idle' });
    expect(clock.common).toBe(INITIAL_CHUNK_NS);
    clock.reset(20);
    all.forEach((l) => Object.assign(l, { nowNs: 0, requestedNs: 0 }));
    expect(clock.common).toBe(0);
    clock.play(20);
    expect(clock.next(20, all)).toMatchObject({ kind: 'step', round: true });
    expect(clock.target).toBeGreaterThan(0);
  });

  it('reports the achieved speed over the last second of rounds, and whether it falls short', () => {
    const clock = new LockstepClock(1);
    const all = lanes(2);
    clock.play(0);
    expect(clock.achievedSpeed()).toBeNull();
    let wall = 0;
    while (wall < 2000) {
      wall += 40;
      send(all, clock.next(wall, all));
      wall += 60; // the slowest lane needs 60 ms per round
      all.forEach((_, i) => report(all, i));
    }
    clock.next(wall, all);
    const achieved = clock.achievedSpeed();
    expect(achieved).not.toBeNull();
    expect(achieved!).toBeGreaterThan(0);
    expect(achieved!).toBeLessThan(1);
    expect(clock.behind()).toBe(true);
  });
});
