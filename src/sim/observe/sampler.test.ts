import { describe, expect, it } from 'vitest';
import { ms } from '../core/time.ts';
import { getPreset } from '../scenario/presets.ts';
import { parseScenario } from '../scenario/schema.ts';
import { Simulation } from '../session.ts';
import { World } from '../world/world.ts';
import { describeSeries, Sampler, seriesFor, type SeriesSpec } from './sampler.ts';

function preset(id: string) {
  const parsed = parseScenario(getPreset(id)!.scenario);
  if (!parsed.ok) throw new Error(id);
  return parsed.scenario;
}

/** Column of a series in a batch, and the mean of its last `n` rows. */
function tailMean(sim: Simulation, rows: Float64Array, id: string, n: number): number {
  const col = 1 + sim.series.findIndex((s) => s.id === id);
  expect(col).toBeGreaterThan(0);
  const count = rows.length / sim.columns;
  let sum = 0;
  for (let r = count - n; r < count; r++) sum += rows[r * sim.columns + col]!;
  return sum / n;
}

describe('series registry', () => {
  it('names per-port throughput and per-connection window series with units', () => {
    const world = new World(preset('4x1g-bulk-send'));
    world.start();
    const info = describeSeries(seriesFor(world));
    const ids = info.map((s) => s.id);
    expect(ids).toContain('port3.tx.goodput');
    expect(ids).toContain('port0.rx.wire');
    expect(ids).toContain('conn0.cwnd');
    expect(info.find((s) => s.id === 'port0.tx.goodput')).toMatchObject({
      unit: 'Mbit/s',
      group: 'port-throughput',
      port: 0,
    });
    // Readers stay in the worker: the description is plain data.
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
  });
});

describe('Sampler', () => {
  it('computes rates over the sample interval and reads gauges as they are', () => {
    const world = new World(preset('1x1g-bulk-send'));
    let counter = 0;
    let gauge = 7;
    const specs: SeriesSpec[] = [
      {
        kind: 'rate',
        id: 'r',
        label: 'r',
        unit: 'x/s',
        group: 'copies',
        scale: 2,
        read: () => counter,
      },
      { kind: 'gauge', id: 'g', label: 'g', unit: 'x', group: 'copies', read: () => gauge },
    ];
    const sampler = new Sampler(specs, world, 1);
    counter = 500;
    world.scheduler.runUntil(ms(500));
    sampler.sample(world);
    gauge = 9;
    world.scheduler.runUntil(ms(1000));
    sampler.sample(world);
    expect(Array.from(sampler.take()!)).toEqual([ms(500), 2000, 7, ms(1000), 0, 9]);
    expect(sampler.take()).toBeNull();
  });

  it('one 1 GbE port in steady state: TX goodput ≈ 941 Mbit/s, wire ≈ 1000 Mbit/s', () => {
    const sim = new Simulation(preset('1x1g-bulk-send'));
    sim.setSampleInterval(ms(10));
    sim.advanceTo(ms(1000));
    const rows = sim.takeBatch()!;
    expect(tailMean(sim, rows, 'port0.tx.goodput', 50)).toBeGreaterThan(941.5 * 0.99);
    expect(tailMean(sim, rows, 'port0.tx.goodput', 50)).toBeLessThan(941.5 * 1.01);
    expect(tailMean(sim, rows, 'port0.tx.wire', 50)).toBeGreaterThan(990);
    expect(tailMean(sim, rows, 'port0.rx.goodput', 50)).toBe(0);
  });
});
