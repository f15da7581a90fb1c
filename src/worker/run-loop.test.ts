import { describe, expect, it } from 'vitest';
import { EXPORT_SNAPLEN, type FromWorker } from '../protocol/messages.ts';
import { getPreset } from '../protocol/scenario.ts';
import { parsePcap } from '../sim/metrics/pcap.ts';
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

  it('a session loaded to play reports playing from its first status, across edits', () => {
    const h = harness();
    const scenario = getPreset('1x1g-udp-stream')!.scenario;
    h.loop.handle({ type: 'load', scenario, speed: 1, play: true });
    h.runFor(20);
    h.loop.handle({ type: 'load', scenario: { ...scenario, seed: 2 }, speed: 1, play: true });
    const statuses = h.posted.filter(
      (m): m is Extract<FromWorker, { type: 'status' }> => m.type === 'status',
    );
    expect(statuses.map((m) => m.session)).toContain(2);
    expect(statuses.filter((m) => m.state !== 'playing')).toEqual([]);
    h.runFor(20);
    expect(h.last('status')).toMatchObject({ session: 2, state: 'playing' });
    expect(h.last('status')!.nowNs).toBeGreaterThan(0);
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

  it('answers the packet list from the ring: matches, counts, and a refused filter', () => {
    const h = harness();
    h.loop.handle({
      type: 'load',
      scenario: { version: 1, nic: { ports: 2 } },
      speed: 1,
      play: false,
    });
    h.loop.handle({ type: 'step', ns: 2e6 });
    h.loop.handle({ type: 'frames', id: 7, port: 1, filter: 'flags:S', limit: 200 });
    const syns = h.last('frames')!;
    expect(syns).toMatchObject({ id: 7, session: 1, port: 1, filter: 'flags:S', error: null });
    expect(syns.rows.map((r) => r.flags)).toEqual(['S', 'SA']);
    expect(syns.seen).toBeGreaterThan(syns.matched);
    h.loop.handle({ type: 'frames', id: 8, port: 1, filter: 'foo:bar', limit: 200 });
    expect(h.last('frames')).toMatchObject({ id: 8, rows: [], kept: syns.kept });
    expect(h.last('frames')!.error).toMatch(/unknown filter key "foo"/);
  });

  it('exports results and a pcap by replaying the session, with progress, in the background', () => {
    const h = harness();
    h.loop.handle({
      type: 'load',
      scenario: { version: 1, nic: { ports: 2 } },
      speed: 1,
      play: false,
    });
    h.loop.handle({ type: 'step', ns: 5e6 });
    h.loop.handle({ type: 'fire', event: { kind: 'link-down', port: 1, forMs: 1 } });
    h.loop.handle({ type: 'step', ns: 3e6 });
    h.loop.handle({ type: 'frames', id: 1, port: 1, filter: '', limit: 1 });
    const seen = h.last('frames')!.seen;
    h.loop.handle({ type: 'export', id: 2, what: { kind: 'results' } });
    h.loop.handle({ type: 'export', id: 3, what: { kind: 'pcap', port: 1 } });
    expect(h.last('export-progress')).toMatchObject({ id: 3, doneNs: 0, untilNs: 8e6 });
    expect(h.last('exported')).toBeUndefined();
    h.runFor(40);
    const done = h.posted.filter((m) => m.type === 'exported');
    expect(done.map((m) => m.id)).toEqual([2, 3]);
    const [results, pcap] = done.map((m) => m.result);
    if (results?.kind !== 'results' || pcap?.kind !== 'pcap') throw new Error('wrong kinds');
    expect(results.results.simulatedMs).toBe(8);
    expect(results.results.ports).toHaveLength(2);
    expect(results.results.live.firedEvents).toEqual([
      { timeNs: 5e6, event: { kind: 'link-down', port: 1, forMs: 1, atMs: 0 } },
    ]);
    expect(pcap).toMatchObject({ port: 1, snaplen: EXPORT_SNAPLEN });
    expect(parsePcap(pcap.bytes).records).toHaveLength(seen);
  });

  it('a new session cancels an export in progress, saying why', () => {
    const h = harness();
    h.loop.handle({ type: 'load', scenario: { version: 1 }, speed: 1, play: false });
    h.loop.handle({ type: 'step', ns: 1e6 });
    h.loop.handle({ type: 'export', id: 4, what: { kind: 'pcap', port: 0 } });
    h.loop.handle({ type: 'export', id: 5, what: { kind: 'pcap', port: 9 } });
    expect(h.last('exported')).toMatchObject({
      id: 5,
      result: { kind: 'failed', message: expect.stringMatching(/no port 9/) },
    });
    h.loop.handle({ type: 'reset' });
    expect(h.last('exported')).toMatchObject({
      id: 4,
      session: 1,
      result: { kind: 'failed', message: expect.stringMatching(/session restarted/) },
    });
  });
});
