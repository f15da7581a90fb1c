import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../protocol/scenario.ts';
import { cliCommand, parseValuesText, planSweep, valueLabel } from './sweep-plan.ts';
import { sweepParameter } from './sweep-parameters.ts';

const LAB: ScenarioInput = {
  version: 1,
  name: '1 × 1 GbE bulk send',
  durationMs: 2000,
  architecture: 'csum-tso',
  nic: { ports: 1, portSpeedMbps: 1000 },
};

describe('the values field', () => {
  it('comma-separated numbers; names stay text; empty items are skipped', () => {
    expect(parseValuesText('1, 2.4,3')).toEqual([1, 2.4, 3]);
    expect(parseValuesText('1,3,')).toEqual([1, 3]);
    expect(parseValuesText('pci-66, pcix-133')).toEqual(['pci-66', 'pcix-133']);
    expect(parseValuesText('')).toEqual([]);
    expect(parseValuesText('true')).toEqual(['true']);
  });

  it('a value in words, with its unit or the parameter name', () => {
    expect(valueLabel(sweepParameter('host.cpuGhz')!, 2)).toBe('2 GHz');
    expect(valueLabel(sweepParameter('workload.messageBytes')!, 65536)).toBe('65,536 B');
    expect(valueLabel(sweepParameter('nic.ports')!, 4)).toBe('ports 4');
    expect(valueLabel(sweepParameter('bus.kind')!, 'pci-66')).toBe('bus pci-66');
  });
});

describe('planning a sweep', () => {
  const params = {
    parameter: 'host.cpuGhz',
    values: [1, 3],
    architectures: ['host-stack' as const, 'full-toe' as const],
    durationMs: 200,
  };

  it('is the CLI grid: the value, then the architecture varying fastest', () => {
    const planned = planSweep(LAB, params);
    if (!planned.ok) throw new Error(planned.message);
    const { plan } = planned;
    expect(plan.paths).toEqual(['host.cpuGhz', 'architecture']);
    expect(plan.points.map((p) => `${p.text}/${p.architecture}`)).toEqual([
      '1/host-stack',
      '1/full-toe',
      '3/host-stack',
      '3/full-toe',
    ]);
    expect(plan.durationMs).toBe(200);
    expect(plan.base).toEqual({ ...LAB, durationMs: 200 });
    expect(plan.points[1]!.scenario).toEqual({
      ...LAB,
      durationMs: 200,
      architecture: 'full-toe',
      host: { cpuGhz: 1 },
    });
    expect(plan.scenarioName).toBe('1 × 1 GbE bulk send');
    expect(cliCommand(plan)).toBe(
      'npx offload-lab sweep sweep-scenario.json --set host.cpuGhz=1,3 --set architecture=host-stack,full-toe --out sweep.csv',
    );
  });

  it("without a simulated time, the lab scenario's duration", () => {
    const planned = planSweep(LAB, { ...params, durationMs: undefined });
    expect(planned.ok && planned.plan.durationMs).toBe(2000);
    expect(planned.ok && planned.plan.base).toBe(LAB);
  });

  it('an out-of-range value: one message naming the parameter and the allowed range', () => {
    const planned = planSweep(LAB, { ...params, values: [1, 200, 0] });
    expect(planned).toEqual({
      ok: false,
      message:
        'CPU clock = 200 GHz: host.cpuGhz: must be a number from 0.1 to 100 (got 200) (also 0)',
    });
  });

  it('text where a number belongs is named the same way', () => {
    const planned = planSweep(LAB, { ...params, values: ['fast'] });
    expect(planned.ok).toBe(false);
    expect(!planned.ok && planned.message).toMatch(
      /^CPU clock = fast GHz: host\.cpuGhz: must be a number/,
    );
  });

  it('no values, a value twice, no architectures, a bad simulated time', () => {
    const message = (p: Partial<typeof params>) => {
      const planned = planSweep(LAB, { ...params, ...p });
      return planned.ok ? 'ok' : planned.message;
    };
    expect(message({ values: [] })).toBe(
      'Values: give at least one value of CPU clock (host.cpuGhz)',
    );
    expect(message({ values: [1, 2, 1] })).toBe(
      'Values: 1 is given twice for CPU clock (host.cpuGhz)',
    );
    expect(message({ architectures: [] })).toBe('Architectures: choose at least one');
    expect(message({ durationMs: 0 })).toMatch(/^Simulated time per point: durationMs: must be/);
  });

  it('a value the rest of the scenario contradicts is refused too', () => {
    const withEvent: ScenarioInput = {
      ...LAB,
      nic: { ports: 2 },
      events: [{ atMs: 5, kind: 'link-down', port: 1, forMs: 1 }],
    };
    const planned = planSweep(withEvent, { ...params, parameter: 'nic.ports', values: [1, 2] });
    expect(!planned.ok && planned.message).toMatch(
      /^Ports = 1: events\[0\]\.port: must be a port from 0 to 0/,
    );
  });
});
