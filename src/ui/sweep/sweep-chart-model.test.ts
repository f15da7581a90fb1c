import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../protocol/scenario.ts';
import type { SweepMetrics } from '../../protocol/sweep-messages.ts';
import {
  baselineOf,
  chartModel,
  orderValues,
  readingGroups,
  xScaleKind,
} from './sweep-chart-model.ts';
import { sweepParameter } from './sweep-parameters.ts';
import { planSweep } from './sweep-plan.ts';
import type { PointOutcome } from './sweep-run.ts';

const p = (path: string) => sweepParameter(path)!;

const outcome = (goodputMbps: number, bottleneck: SweepMetrics['bottleneck']): PointOutcome => ({
  metrics: {
    goodputMbps,
    cpuUtilization: 0.084,
    cyclesPerPayloadByte: 0.4,
    cpuCopiesPerByte: 0,
    memoryBusBytesPerByte: 1,
    pciBytesPerByte: 1,
    pciUtilization: 0.5,
    memoryBusUtilization: 0.2,
    engineUtilization: 0.4,
    cardMemoryPeakBytes: 979072,
    bottleneck,
    streamIntact: true,
  },
  figures: { bottleneckUtilisation: 1 },
});

describe('x scale', () => {
  it('log when the values span 8× or more, linear otherwise, points for names', () => {
    expect(xScaleKind(p('workload.messageBytes'), [1024, 4096, 65536])).toBe('log');
    expect(xScaleKind(p('nic.portSpeedMbps'), [100, 1000, 10000])).toBe('log');
    expect(xScaleKind(p('host.cpuGhz'), [1, 2, 3, 4])).toBe('linear');
    expect(xScaleKind(p('link.mtu'), [1500, 9000])).toBe('linear');
    expect(xScaleKind(p('bus.kind'), ['pci-66', 'pcix-133'])).toBe('point');
    expect(xScaleKind(p('host.cpuGhz'), [2])).toBe('point');
  });

  it('numbers ascending, bus kinds slowest first', () => {
    expect(orderValues(p('host.cpuGhz'), [3, 1, 2])).toEqual([1, 2, 3]);
    expect(orderValues(p('bus.kind'), ['pcix-533', 'pci-66', 'pcix-133'])).toEqual([
      'pci-66',
      'pcix-133',
      'pcix-533',
    ]);
  });
});

describe('chart model', () => {
  const lab: ScenarioInput = {
    version: 1,
    name: '4 × 1 GbE bulk send',
    durationMs: 2000,
    nic: { ports: 4, portSpeedMbps: 1000 },
  };

  it('finished points with tooltips, the wire limit, the title', () => {
    const planned = planSweep(lab, {
      parameter: 'host.cpuGhz',
      values: [2, 1],
      architectures: ['host-stack', 'full-toe'],
      durationMs: 500,
    });
    if (!planned.ok) throw new Error(planned.message);
    const model = chartModel(planned.plan, [null, outcome(3765.09, 'wire'), null, null]);
    expect(model.xValues).toEqual([1, 2]);
    expect(model.points).toHaveLength(1);
    expect(model.points[0]!.title).toBe('full-toe, 2 GHz: 3,765 Mbit/s, CPU 8 %, bottleneck wire');
    expect(model.points[0]!.key).toBe('full-toe@2');
    expect(model.title).toBe('CPU clock sweep: goodput and host CPU');
    expect(model.subtitle).toBe(
      '4 × 1 GbE bulk send · 500 ms simulated per point, goodput over the second half',
    );
    // 4 ports × 941.5 Mbit/s (R1), whatever the CPU.
    expect(model.wireLimit?.map((l) => Math.round(l.mbps))).toEqual([3766, 3766]);
    expect(readingGroups(model).map((g) => [g.label, g.points.length])).toEqual([
      ['1 GHz', 0],
      ['2 GHz', 1],
    ]);
  });

  it('the wire limit follows the ports; none for bidirectional traffic', () => {
    const ports = planSweep(lab, {
      parameter: 'nic.ports',
      values: [1, 2],
      architectures: ['full-toe'],
    });
    if (!ports.ok) throw new Error(ports.message);
    expect(chartModel(ports.plan, []).wireLimit?.map((l) => Math.round(l.mbps))).toEqual([
      941, 1883,
    ]);
    const both = planSweep(
      { ...lab, workload: { kind: 'bidirectional' } },
      { parameter: 'nic.ports', values: [1, 2], architectures: ['full-toe'] },
    );
    if (!both.ok) throw new Error(both.message);
    expect(chartModel(both.plan, []).wireLimit).toBeNull();
  });

  it('compares with host-stack when it is swept, else with the first architecture', () => {
    expect(baselineOf(['full-toe', 'host-stack'])).toBe('host-stack');
    expect(baselineOf(['csum-tso', 'full-toe'])).toBe('csum-tso');
  });
});
