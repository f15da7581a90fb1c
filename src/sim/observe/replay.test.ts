import { describe, expect, it } from 'vitest';
import { ms } from '../core/time.ts';
import { emptyRecord } from '../metrics/frame-log.ts';
import { parsePcap } from '../metrics/pcap.ts';
import { PcapExport } from './pcap-export.ts';
import type { Scenario } from '../scenario/schema.ts';
import { Simulation } from '../session.ts';
import { runWithCapture, scenarioOf } from '../testing.ts';
import { parseFrame } from '../wire/parse.ts';
import { ETHERTYPE_IPV4, IP_PROTO_TCP } from '../wire/types.ts';
import { SessionReplay } from './replay.ts';

/** Runs a replay of `sim`'s history to its current time, in uneven pieces. */
function replayOf(sim: Simulation): SessionReplay {
  const replay = new SessionReplay(sim.scenario, sim.fired, sim.now, sim.eventsRun);
  for (let piece = 1; !replay.done; piece = (piece * 7) % 997) replay.advance(piece * 10_000);
  return replay;
}

function pcapOf(sim: Simulation, port: number, snaplen?: number): Uint8Array {
  const opts = snaplen === undefined ? {} : { snaplen };
  const pcap = new PcapExport(sim.scenario, sim.fired, sim.now, sim.eventsRun, port, opts);
  while (!pcap.done) pcap.advance(ms(3));
  return pcap.bytes();
}

/** A live-like session: uneven steps, events fired between them (two at one instant). */
function liveSession(scenario: Scenario, framesPerPort: number): Simulation {
  const sim = new Simulation(scenario, { framesPerPort });
  // Fired before the first step, when nothing at t = 0 has run yet.
  sim.fire({ atMs: 0, kind: 'drop-frames', port: 0, direction: 'tx', match: 'data', count: 1 });
  sim.step(3_333_333);
  sim.setSampleInterval(250_000);
  sim.advanceTo(ms(9));
  sim.fire({ atMs: 0, kind: 'link-down', port: 1, forMs: 3 });
  sim.fire({ atMs: 0, kind: 'drop-frames', port: 0, direction: 'rx', match: 'any', count: 2 });
  for (let i = 0; i < 7; i++) sim.step(1_234_567);
  sim.fire({ atMs: 0, kind: 'gratuitous-arp', port: 0, newMac: '02:00:00:00:10:99' });
  sim.step(ms(6));
  return sim;
}

const TWO_PORTS = scenarioOf({
  seed: 7,
  architecture: 'full-toe',
  nic: { ports: 2 },
  link: { lossRate: 0.001 },
  sync: { strategy: 'snapshot' },
  workload: { kind: 'bidirectional' },
});

describe('replaying a live session (exports)', () => {
  it('without fired events, its pcap is byte-identical to a headless capture of the same run', () => {
    const scenario = scenarioOf({ durationMs: 30, nic: { ports: 1 }, link: { lossRate: 0.002 } });
    const sim = new Simulation(scenario);
    sim.step(ms(11));
    sim.step(ms(19));
    const headless = runWithCapture(scenario);
    expect(sim.eventsRun).toBe(headless.results.events);
    const replayed = pcapOf(sim, 0);
    expect(replayed.length).toBeGreaterThan(100_000);
    expect(Buffer.compare(Buffer.from(replayed), Buffer.from(headless.pcaps[0]!))).toBe(0);
    // Its results are the CLI's for the same run, apart from wall time and the note.
    const { live, ...results } = replayOf(sim).results(0);
    expect(live.firedEvents).toEqual([]);
    expect({ ...results, wallMs: 0 }).toEqual({ ...headless.results, wallMs: 0 });
  });

  it('with events fired live, it sees every frame the live ring saw, in order', () => {
    const sim = liveSession(TWO_PORTS, 1_000_000);
    for (const port of [0, 1]) {
      const records = parsePcap(pcapOf(sim, port)).records;
      const log = sim.frames;
      expect(records.length).toBe(log.seen(port));
      expect(log.kept(port)).toBe(log.seen(port));
      const r = emptyRecord();
      records.forEach((rec, k) => {
        log.read(port, k, r);
        const frame = parseFrame(rec.data);
        expect([rec.timeNs, frame.src, frame.dst]).toEqual([r.timeNs, r.srcMac, r.dstMac]);
        expect(rec.originalLength).toBe(r.frameBytes);
        if (frame.etherType === ETHERTYPE_IPV4 && frame.ip.protocol === IP_PROTO_TCP) {
          const t = frame.ip.tcp;
          expect([t.seq, t.ack, t.flags, t.payload.length]).toEqual([
            r.seq,
            r.ack,
            r.flags,
            r.payloadBytes,
          ]);
        }
      });
    }
    // The replay ran exactly the live session's events.
    expect(replayOf(sim).world.scheduler.eventsRun).toBe(sim.eventsRun);
  });

  it('is the same file every time, and its last frames are the ring’s', () => {
    const sim = liveSession(TWO_PORTS, 50);
    const a = pcapOf(sim, 0, 128);
    const b = pcapOf(sim, 0, 128);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    const records = parsePcap(a).records;
    expect(records.length).toBe(sim.frames.seen(0));
    const tail = records.slice(-50);
    tail.forEach((rec, k) => {
      const r = sim.frames.read(0, k);
      expect([rec.timeNs, rec.originalLength, rec.data.length]).toEqual([
        r.timeNs,
        r.frameBytes,
        Math.min(128, r.frameBytes),
      ]);
    });
  });

  it('results: the CLI shape, with the fired events and how they were obtained', () => {
    const sim = liveSession(TWO_PORTS, 10);
    const results = replayOf(sim).results(12);
    expect(results.simulatedMs).toBe(sim.now / 1e6);
    expect(results.events).toBe(sim.eventsRun);
    expect(results.wallMs).toBe(12);
    expect(results.ports).toHaveLength(2);
    expect(results.connections).toHaveLength(4);
    expect(results.sync?.strategy).toBe('snapshot');
    expect(results.live.firedEvents.map((f) => f.event.kind)).toEqual([
      'drop-frames',
      'link-down',
      'drop-frames',
      'gratuitous-arp',
    ]);
    expect(results.live.firedEvents[0]!.timeNs).toBe(0);
    expect(results.live.method).toMatch(/Re-run headless from t = 0/);
    // Fired events are in the log at their time, like scheduled ones.
    const garp = results.log.find((e) => e.kind === 'gratuitous-arp');
    expect(garp?.timeNs).toBe(results.live.firedEvents[3]!.timeNs);
  });

  it('refuses a capture that would pass its size limit, saying why', () => {
    const sim = new Simulation(scenarioOf({ nic: { ports: 1 } }));
    sim.step(ms(5));
    const pcap = new PcapExport(sim.scenario, sim.fired, sim.now, sim.eventsRun, 0, {
      limitBytes: 10_000,
    });
    while (!pcap.done) pcap.advance(ms(1));
    expect(pcap.error).toMatch(/passed 0 MB .* command line/);
    expect(() => new PcapExport(sim.scenario, [], sim.now, sim.eventsRun, 4)).toThrow(/no port 4/);
  });
});
