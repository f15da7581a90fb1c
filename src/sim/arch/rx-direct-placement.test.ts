import { describe, expect, it } from 'vitest';
import type { Results } from '../metrics/results.ts';
import { runScenario } from '../run.ts';
import { parseScenario, type Architecture, type ScenarioInput } from '../scenario/schema.ts';
import { scenarioOf } from '../testing.ts';

/**
 * rx-direct-placement places payload into the user buffer the application posted before
 * the data arrived (DESIGN.md §2: "none when a buffer is posted, else fallback copy").
 * `workload.receiveBufferPosted: false` is the application that posts nothing ahead
 * (poll, then read): the card has nowhere to place, so payload takes the normal path.
 */
type Input = Omit<ScenarioInput, 'version'>;

function receive(architecture: Architecture, receiveBufferPosted: boolean, extra: Input = {}) {
  return runScenario(
    scenarioOf({
      durationMs: 300,
      architecture,
      nic: { ports: 1 },
      workload: { kind: 'bulk-receive', receiveBufferPosted },
      ...extra,
    }),
  );
}

const goodput = (r: Results): number =>
  r.ports.reduce((n, p) => n + p.txGoodputMbps + p.rxGoodputMbps, 0);

describe('workload.receiveBufferPosted', () => {
  it('defaults to true and must be a boolean', () => {
    const ok = parseScenario({ version: 1 });
    expect(ok.ok && ok.scenario.workload.receiveBufferPosted).toBe(true);
    const bad = parseScenario({ version: 1, workload: { receiveBufferPosted: 'no' } });
    expect(bad.ok ? [] : bad.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'workload.receiveBufferPosted: must be true or false (got "no")',
    ]);
  });

  it('rx-direct-placement, bulk receive: no CPU copy with a buffer posted, one without', () => {
    const posted = receive('rx-direct-placement', true);
    const none = receive('rx-direct-placement', false);
    expect(posted.copies!.cpuCopiesPerByte).toBeLessThan(0.05);
    expect(none.copies!.cpuCopiesPerByte).toBeGreaterThan(0.95);
    expect(none.copies!.cpuCopiesPerByte).toBeLessThan(1.05);
    // The copy and the whole-frame receive path cost the CPU; at 1 GbE both reach the wire.
    expect(none.host!.cpuUtilization).toBeGreaterThan(1.5 * posted.host!.cpuUtilization);
    expect(none.host!.cpuBreakdown.copy).toBeGreaterThan(0);
    expect(posted.host!.cpuBreakdown.copy).toBe(0);
    for (const r of [posted, none]) {
      expect(goodput(r)).toBeGreaterThan(935);
      expect(r.connections.every((c) => c.streamIntact)).toBe(true);
    }
  });

  it('without a posted buffer, rx-direct-placement costs what csum-tso does on receive', () => {
    const none = receive('rx-direct-placement', false);
    const tso = receive('csum-tso', true);
    expect(none.copies!.memoryBusBytesPerByte).toBeCloseTo(tso.copies!.memoryBusBytesPerByte, 1);
    const ratio = none.host!.cpuUtilization / tso.host!.cpuUtilization;
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.15);
  });

  it.each(['host-stack', 'csum-tso', 'full-toe', 'card-window'] as const)(
    '%s runs exactly the same either way (it places nothing on arrival)',
    (architecture) => {
      const strip = (r: Results) => ({ ...r, scenario: null, wallMs: 0 });
      expect(strip(receive(architecture, false))).toEqual(strip(receive(architecture, true)));
    },
  );
});
