import { describe, expect, it } from 'vitest';
import type { FromWorker } from '../protocol/messages.ts';
import { getPreset } from '../protocol/scenario.ts';
import { RunLoop, sampleIntervalFor } from './run-loop.ts';

/** A run loop on a manual clock: `later` and `soon` queue callbacks the test runs. */
function harness() {
  const posted: FromWorker[] = [];
  let wall = 0;
  const queue: (() => void)[] = [];
  const loop = new RunLoop({
    post: (m) => posted.push(m),
    clock: () => wall,
    soon: (fn) => queue.push(fn),
    later: (fn) => queue.push(fn),
  });
  const runFor = (ms: number) => {
    const end = wall + ms;
    while (wall < end) {
      wall += 4;
      const pending = queue.splice(0);
      for (const fn of pending) fn();
    }
  };
  const last = <T extends FromWorker['type']>(type: T) =>
    posted.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type).at(-1);
  return { loop, posted, runFor, last };
}

describe('RunLoop', () => {
  it('loads a scenario and announces the series once', () => {
    const h = harness();
    h.loop.handle({
      type: 'load',
      scenario: getPreset('1x1g-bulk-send')!.scenario,
      speed: 1,
      play: false,
    });
    const session = h.last('session')!;
    expect(session.series.some((s) => s.id === 'port0.tx.goodput')).toBe(true);
    expect(h.last('status')).toMatchObject({ state: 'paused', nowNs: 0 });
  });

  it('steps 1 ms, resets to zero, and refuses an invalid scenario without touching the session', () => {
    const h = harness();
    h.loop.handle({
      type: 'load',
      scenario: getPreset('1x1g-bulk-send')!.scenario,
      speed: 1,
      play: false,
    });
    h.loop.handle({ type: 'step', ns: 1e6 });
    expect(h.last('status')!.nowNs).toBe(1e6);
    h.loop.handle({
      type: 'load',
      scenario: { version: 1, nic: { ports: 12 } },
      speed: 1,
      play: false,
    });
    expect(h.last('refused')!.errors[0]).toMatchObject({ path: 'nic.ports' });
    h.loop.heartbeat();
    expect(h.last('status')).toMatchObject({ session: 1, nowNs: 1e6 });
    h.loop.handle({ type: 'reset' });
    expect(h.last('status')).toMatchObject({ session: 2, nowNs: 0 });
  });

  it('paces simulated time to the wall clock at a slow speed', () => {
    const h = harness();
    h.loop.handle({
      type: 'load',
      scenario: getPreset('1x1g-bulk-send')!.scenario,
      speed: 0.01,
      play: true,
    });
    h.runFor(200);
    h.loop.heartbeat();
    const status = h.last('status')!;
    // 200 ms of wall at 1/100× is 2 ms of simulated time (give or take one tick).
    expect(status.nowNs).toBeGreaterThan(1.8e6);
    expect(status.nowNs).toBeLessThanOrEqual(2.05e6);
    expect(h.posted.some((m) => m.type === 'batch')).toBe(true);
  });

  it('chooses sample intervals on a 1-2-5 scale', () => {
    expect(sampleIntervalFor(1)).toBe(10e6);
    expect(sampleIntervalFor(0.001)).toBe(10e3);
    expect(sampleIntervalFor(0.5)).toBe(5e6);
  });
});
