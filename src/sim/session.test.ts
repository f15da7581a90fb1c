import { describe, expect, it } from 'vitest';
import { ms } from './core/time.ts';
import { getPreset } from './scenario/presets.ts';
import { parseScenario, type Scenario, type ScenarioInput } from './scenario/schema.ts';
import { Simulation } from './session.ts';
import { UnsupportedScenarioError } from './world/flows.ts';

function scenario(input: ScenarioInput): Scenario {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}

const oneGig = () => scenario(getPreset('1x1g-bulk-send')!.scenario);

describe('Simulation', () => {
  it('advances to a time, steps, and resets to zero', () => {
    const sim = new Simulation(oneGig());
    expect(sim.now).toBe(0);
    expect(sim.advanceTo(ms(10))).toBeGreaterThan(0);
    expect(sim.now).toBe(ms(10));
    sim.step(ms(1));
    expect(sim.now).toBe(ms(11));
    sim.reset();
    expect(sim.now).toBe(0);
    expect(sim.takeBatch()).toBeNull();
  });

  it('samples once per interval crossed, with time in column 0', () => {
    const sim = new Simulation(oneGig());
    sim.setSampleInterval(ms(2));
    sim.advanceTo(ms(9));
    const rows = sim.takeBatch()!;
    expect(rows.length % sim.columns).toBe(0);
    const times = Array.from(
      { length: rows.length / sim.columns },
      (_, r) => rows[r * sim.columns],
    );
    expect(times).toEqual([ms(2), ms(4), ms(6), ms(8)]);
    expect(sim.takeBatch()).toBeNull();
  });

  it('is deterministic: the same advances give the same batches, however they are cut', () => {
    const a = new Simulation(oneGig());
    const b = new Simulation(oneGig());
    a.advanceTo(ms(50));
    for (let t = 0; t < 50; t += 7) b.advanceTo(ms(Math.min(50, t + 7)));
    expect(Array.from(a.takeBatch()!)).toEqual(Array.from(b.takeBatch()!));
  });

  it('fires an event now and logs it', () => {
    const sim = new Simulation(oneGig());
    sim.advanceTo(ms(5));
    const entry = sim.fire({ kind: 'link-down', atMs: 0, port: 0, forMs: 20 });
    expect(entry).toMatchObject({ timeNs: ms(5), kind: 'link-down', port: 0 });
    expect(sim.takeLog()).toEqual([entry]);
    expect(sim.takeLog()).toEqual([]);
  });

  it('logs RTOs caused by a long link outage', () => {
    const sim = new Simulation(oneGig());
    sim.advanceTo(ms(100));
    sim.fire({ kind: 'link-down', atMs: 0, port: 0, forMs: 300 });
    sim.advanceTo(ms(700));
    const kinds = sim.takeLog().map((e) => e.kind);
    expect(kinds).toContain('rto');
  });

  it('refuses an event it cannot model yet, naming the field', () => {
    const input: ScenarioInput = {
      version: 1,
      nic: { ports: 2 },
      // Onto the port's own link: there is no second path to move to.
      events: [{ atMs: 1, kind: 'route-change', port: 1, toPort: 1 }],
    };
    expect(() => new Simulation(scenario(input))).toThrow(UnsupportedScenarioError);
    expect(() => new Simulation(scenario(input))).toThrow(/events\[0\]\.toPort/);
  });
});
