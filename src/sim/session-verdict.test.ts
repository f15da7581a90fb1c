import { describe, expect, it } from 'vitest';
import { ms } from './core/time.ts';
import { ReferenceRun } from './observe/reference-run.ts';
import { getPreset } from './scenario/presets.ts';
import { parseScenario, type Scenario } from './scenario/schema.ts';
import { Simulation, VERDICT_WINDOW_NS } from './session.ts';

function fourPorts(architecture: Scenario['architecture']): Scenario {
  const parsed = parseScenario({ ...getPreset('4x1g-bulk-send')!.scenario, architecture });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}

describe('live verdict over the last 100 ms', () => {
  it('host-stack, 4 × 1 GbE: host CPU is the bottleneck, one CPU copy per byte', () => {
    const sim = new Simulation(fourPorts('host-stack'));
    sim.setSampleInterval(ms(10));
    sim.advanceTo(ms(300));
    const v = sim.verdict();
    expect(v.toNs - v.fromNs).toBe(VERDICT_WINDOW_NS);
    expect(v.bottleneck).toBe('host-cpu');
    expect(v.utilisation['host-cpu']).toBeGreaterThan(0.9);
    expect(v.copies.cpuCopiesPerByte).toBeCloseTo(1, 1);
  });

  it('full-toe: no CPU copies', () => {
    const sim = new Simulation(fourPorts('full-toe'));
    sim.setSampleInterval(ms(10));
    sim.advanceTo(ms(200));
    expect(sim.verdict().copies.cpuCopiesPerByte).toBeCloseTo(0, 3);
  });

  it('at t = 0 there is nothing to judge: rates are null', () => {
    const v = new Simulation(fourPorts('host-stack')).verdict();
    expect(v.copies.cpuCopiesPerByte).toBeNull();
    expect(v.utilisation['host-cpu']).toBeNull();
  });

  it('the sampler charts CPU by category, copies and card memory', () => {
    const sim = new Simulation(fourPorts('full-toe'));
    const ids = sim.series.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['cpu.copy', 'copies.cpu', 'pci.efficiency']));
    expect(ids).toContain('conn0.cardmem');
    expect(new Simulation(fourPorts('host-stack')).series.map((s) => s.id)).not.toContain(
      'conn0.cardmem',
    );
  });

  it('the host-stack reference run measures copies per byte from the model', () => {
    const run = new ReferenceRun(fourPorts('full-toe'));
    while (!run.done) run.advance(ms(10));
    expect(run.result?.cpuCopiesPerByte).toBeCloseTo(1, 1);
    expect(run.result?.memoryBusBytesPerByte).toBeGreaterThan(2);
  });
});
