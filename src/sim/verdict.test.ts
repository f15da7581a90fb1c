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
const DURATION_MS = 200;

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
    // A preset whose own duration is shorter runs for that long: the UDP livelock's
    // 100 ms show its steady state (4.5 M frames a second, no slow start), and each
    // re-run of the check simulates every one of those frames.
    const durationMs = Math.min(preset.scenario.durationMs ?? DURATION_MS, DURATION_MS);
    const r = runScenario(scenario(preset.scenario, { durationMs }), { bottleneckCheck: true });
    const check = r.bottleneckCheck!;
    expect(check.liveRule).toBe(check.verdict);
    expect(r.bottleneck).toBe(check.verdict);
    // The check re-ran what it names (unless nothing helped).
    if (check.verdict !== 'none' && check.verdict !== 'tcp-window') {
      expect(check.trials.map((t) => t.resource)).toContain(check.verdict);
    }
  });
});

describe('the buses’ and the engine’s resolution (pciSlotNs, memorySlotNs, engineSlotNs) is not a result', () => {
  const cases = ['4x1g-bulk-send', '1x10g-full-toe', '4x1g-bidirectional-full-toe-pci66'];
  it.each(cases)('%s: a quarter of the slot width gives the same goodput and verdict', (id) => {
    const preset = PRESETS.find((p) => p.id === id)!.scenario;
    const coarse = runScenario(scenario(preset));
    const costs = { ...preset.costs, pciSlotNs: 62.5, memorySlotNs: 250, engineSlotNs: 62.5 };
    const fine = runScenario(scenario(preset, { costs }));
    expect(Math.abs(goodput(fine) / goodput(coarse) - 1)).toBeLessThan(0.01);
    expect(fine.bottleneck).toBe(coarse.bottleneck);
    expect(Math.abs(fine.bus!.utilization - coarse.bus!.utilization)).toBeLessThan(0.02);
  });
});

describe('two saturated resources: the check tells a co-limit from a limit elsewhere', () => {
  const preset = PRESETS.find((p) => p.id === '1x1g-bulk-send')!.scenario;
  // At 1 GHz the host stack's CPU is just enough for the wire: both are saturated, so
  // neither faster alone moves goodput; both faster moves it by about the speed-up.
  it('1 × 1 GbE host stack at 1 GHz: wire and host CPU co-limit', () => {
    const host = { ...preset.host, cpuGhz: 1 };
    const r = runScenario(scenario(preset, { durationMs: 200, host }), { bottleneckCheck: true });
    const check = r.bottleneckCheck!;
    expect(r.utilisations!['host-cpu']).toBeGreaterThan(0.9);
    expect(check.trials.map((t) => t.resource).sort()).toEqual(['host-cpu', 'wire']);
    for (const t of check.trials) expect(t.gain).toBeLessThan(0.02);
    expect(check.joint!.resources.sort()).toEqual(['host-cpu', 'wire']);
    expect(check.joint!.gain).toBeGreaterThan(0.15);
    expect(check.verdict).toBe(check.liveRule);
    expect(check.reason).toMatch(/^co-limited with the /);
  });
  it('at 3 GHz the CPU is not saturated and there is no joint re-run', () => {
    const r = runScenario(scenario(preset, { durationMs: 200 }), { bottleneckCheck: true });
    expect(r.bottleneckCheck!.joint).toBeNull();
    expect(r.bottleneck).toBe('wire');
  });
});

describe('progress with the check counts the re-runs', () => {
  it('reports monotonic progress from the run through its re-runs to 100 %', () => {
    const preset = PRESETS.find((p) => p.id === '1x1g-bulk-send')!.scenario;
    const seen: number[] = [];
    runScenario(scenario(preset, { durationMs: 100 }), {
      bottleneckCheck: true,
      onProgress: (done, total) => seen.push(done / total),
    });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(1);
    expect(seen.filter((f) => f > 1 / 3 && f < 1).length).toBeGreaterThan(10);
  });
});

describe('a stalled connection is not blamed on the application', () => {
  it('1x1g-gratuitous-arp (snapshot): none, because of the RTOs after the MAC moved', () => {
    const preset = PRESETS.find((p) => p.id === '1x1g-gratuitous-arp')!.scenario;
    const r = runScenario(scenario(preset, { durationMs: preset.durationMs ?? 2000 }), {
      bottleneckCheck: true,
    });
    expect(goodput(r)).toBe(0);
    expect(r.bottleneck).toBe('none');
    expect(r.bottleneckCheck!.reason).toMatch(
      /waited out \d+ retransmission timeouts?; lost frames/,
    );
  });
});
