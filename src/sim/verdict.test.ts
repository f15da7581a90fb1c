/**
 * The bottleneck verdict (DESIGN.md §3): the results name the resource whose 25 % speed-up
 * moves goodput most; the lab's badge keeps its live utilisation rule; on every preset the
 * two must agree. And the buses' fluid resolution must not decide results.
 */
import { describe, expect, it } from 'vitest';
import type { Results } from './metrics/results.ts';
import { runScenario } from './run.ts';
import { PRESETS } from './scenario/presets.ts';
import { parseScenario, type Scenario, type ScenarioInput } from './scenario/schema.ts';

/** Long enough for every preset to reach its steady state in the measured half. */
const DURATION_MS = 400;

function scenario(input: ScenarioInput, extra: Partial<ScenarioInput> = {}): Scenario {
  const parsed = parseScenario({ ...input, durationMs: DURATION_MS, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}

function goodput(r: Results): number {
  return r.ports.reduce((n, p) => n + p.txGoodputMbps + p.rxGoodputMbps, 0);
}

describe('the live badge agrees with the what-if check on every preset', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('%s', (_id, preset) => {
    const r = runScenario(scenario(preset.scenario), { bottleneckCheck: true });
    const check = r.bottleneckCheck!;
    expect(check.liveRule).toBe(check.verdict);
    expect(r.bottleneck).toBe(check.verdict);
    // The check re-ran what it names (unless nothing helped).
    if (check.verdict !== 'none' && check.verdict !== 'tcp-window') {
      expect(check.trials.map((t) => t.resource)).toContain(check.verdict);
    }
  });
});

describe('the buses’ resolution (pciSlotNs, memorySlotNs) is not a result', () => {
  const cases = ['4x1g-bulk-send', '1x10g-full-toe', '4x1g-bidirectional-full-toe-pci66'];
  it.each(cases)('%s: a quarter of the slot width gives the same goodput and verdict', (id) => {
    const preset = PRESETS.find((p) => p.id === id)!.scenario;
    const coarse = runScenario(scenario(preset));
    const costs = { ...preset.costs, pciSlotNs: 62.5, memorySlotNs: 250 };
    const fine = runScenario(scenario(preset, { costs }));
    expect(Math.abs(goodput(fine) / goodput(coarse) - 1)).toBeLessThan(0.01);
    expect(fine.bottleneck).toBe(coarse.bottleneck);
    expect(Math.abs(fine.bus!.utilization - coarse.bus!.utilization)).toBeLessThan(0.02);
  });
});
