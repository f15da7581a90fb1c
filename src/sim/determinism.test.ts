import { describe, expect, it } from 'vitest';
import { runWithCapture, scenarioOf } from './testing.ts';

describe('determinism', () => {
  it('same scenario and seed ⇒ byte-identical pcaps and identical results apart from wallMs', () => {
    const scenario = scenarioOf({
      seed: 42,
      durationMs: 60,
      nic: { ports: 2 },
      link: { lossRate: 0.002 },
      workload: { kind: 'bidirectional' },
      events: [
        { atMs: 20, kind: 'drop-frames', port: 1, direction: 'tx', match: 'data', count: 2 },
      ],
    });
    const a = runWithCapture(scenario);
    const b = runWithCapture(scenario);
    expect(a.pcaps.length).toBe(2);
    for (let p = 0; p < 2; p++) {
      expect(a.pcaps[p]!.length).toBeGreaterThan(100_000);
      expect(Buffer.compare(Buffer.from(a.pcaps[p]!), Buffer.from(b.pcaps[p]!))).toBe(0);
    }
    expect({ ...a.results, wallMs: 0 }).toEqual({ ...b.results, wallMs: 0 });
  });

  it('UDP too: fragments, a receiver that drops, random loss — the same bytes and counts twice', () => {
    const scenario = scenarioOf({
      seed: 7,
      durationMs: 20,
      host: { cpuGhz: 1 },
      nic: { ports: 2 },
      link: { lossRate: 0.001 },
      workload: { kind: 'udp-stream', direction: 'receive', messageBytes: 3000 },
    });
    const a = runWithCapture(scenario);
    const b = runWithCapture(scenario);
    for (let p = 0; p < 2; p++) {
      expect(Buffer.compare(Buffer.from(a.pcaps[p]!), Buffer.from(b.pcaps[p]!))).toBe(0);
    }
    expect({ ...a.results, wallMs: 0 }).toEqual({ ...b.results, wallMs: 0 });
    expect(a.results.ports[0]!.udp!.fragmentsSent).toBeGreaterThan(0);
  });

  it('another seed gives other bytes and other losses', () => {
    const base = { durationMs: 40, nic: { ports: 1 }, link: { lossRate: 0.01 } } as const;
    const a = runWithCapture(scenarioOf({ ...base, seed: 1 }));
    const b = runWithCapture(scenarioOf({ ...base, seed: 2 }));
    expect(Buffer.compare(Buffer.from(a.pcaps[0]!), Buffer.from(b.pcaps[0]!))).not.toBe(0);
    expect(a.results.connections[0]!.streamIntact).toBe(true);
    expect(b.results.connections[0]!.streamIntact).toBe(true);
  });
});
