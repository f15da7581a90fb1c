import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../protocol/messages.ts';
import { defaultScenario, parseScenario } from '../../protocol/scenario.ts';
import {
  DEFAULT_COMPARE,
  withArchitecture,
  withBaseline,
  withCompareBy,
  withProfile,
} from './compare-slice.ts';
import { laneScenario, profileLane } from './lane-spec.ts';
import { wireLimitMbps } from './compare-metrics.ts';
import { scenarioFacts } from './scenario-summary.ts';
import {
  bottleneckText,
  cellText,
  deltaText,
  EMPTY_FIGURES,
  figuresOf,
  signedFormat,
  SUMMARY_COLUMNS,
} from './summary.ts';

function verdict(over: Partial<Verdict> = {}): Verdict {
  return {
    fromNs: 200e6,
    toNs: 300e6,
    utilisation: {
      wire: 0.53,
      'host-cpu': 1,
      'memory-bus': 0.51,
      'pci-bus': 0.34,
      'nic-dma': 0.1,
      'nic-engine': 0.05,
      'card-memory': 0,
    },
    portWire: [0.53, 0.53, 0.53, 0.53],
    bottleneck: 'host-cpu',
    windowLimitedShare: 0,
    pciEfficiency: 0.77,
    copies: { cpuCopiesPerByte: 1.0006, memoryBusBytesPerByte: 4.0988, pciBytesPerByte: 1.0974 },
    cardMemoryUsedBytes: 0,
    cardMemoryCapacityBytes: 64e6,
    queues: [],
    ...over,
  };
}

const column = (key: string) => SUMMARY_COLUMNS.find((c) => c.key === key)!;

describe('summary table figures', () => {
  it('writes each figure in its column’s unit, and "—" (never 0) before there is one', () => {
    const hostStack = figuresOf(verdict(), 2019.03, 0);
    expect(SUMMARY_COLUMNS.map((c) => cellText(c, hostStack[c.key]))).toEqual([
      '2,019.0',
      '100.0',
      '1.00',
      '4.10',
      '1.10',
      '0 B',
    ]);
    expect(bottleneckText(hostStack)).toBe('host CPU 100 %');
    const none = figuresOf(null, null, null);
    expect(none).toEqual(EMPTY_FIGURES);
    expect(SUMMARY_COLUMNS.map((c) => cellText(c, none[c.key]))).toEqual(Array(6).fill('—'));
    expect(bottleneckText(none)).toBe('—');
    const noPayload = figuresOf(
      verdict({
        copies: { cpuCopiesPerByte: null, memoryBusBytesPerByte: null, pciBytesPerByte: null },
      }),
      NaN,
      null,
    );
    expect(cellText(column('cpuCopiesPerByte'), noPayload.cpuCopiesPerByte)).toBe('—');
    expect(cellText(column('throughputMbps'), noPayload.throughputMbps)).toBe('—');
  });

  it('writes differences against the baseline with a sign and a unit', () => {
    const hostStack = figuresOf(verdict(), 2019.03, 0);
    const fullToe = figuresOf(
      verdict({
        bottleneck: 'wire',
        utilisation: { ...verdict().utilisation, wire: 1, 'host-cpu': 0.0793 },
        copies: { cpuCopiesPerByte: 0, memoryBusBytesPerByte: 0.9999, pciBytesPerByte: 1 },
      }),
      3765.09,
      979_600,
    );
    const delta = (key: string) =>
      deltaText(column(key), fullToe[key as 'cpu'], hostStack[key as 'cpu']);
    expect(delta('throughputMbps')).toBe('+1.75 Gbit/s');
    expect(delta('cpu')).toBe('−92.1 pp');
    expect(delta('cpuCopiesPerByte')).toBe('−1.00');
    expect(delta('memoryBusBytesPerByte')).toBe('−3.10');
    expect(delta('cardMemoryPeak')).toBe('+980 kB');
    expect(bottleneckText(fullToe)).toBe('wire 100 %');
    expect(deltaText(column('cpu'), null, 0.5)).toBeNull();
    expect(deltaText(column('throughputMbps'), 941.5, 900)).toBe('+41.5 Mbit/s');
    expect(bottleneckText({ ...EMPTY_FIGURES, bottleneck: 'none' })).toBe('none (demand is met)');
    expect(bottleneckText({ ...EMPTY_FIGURES, bottleneck: 'tcp-window' })).toBe('TCP window');
  });

  it('formats difference charts’ legends signed, "—" for gaps', () => {
    expect(signedFormat('pp')(-62.04)).toBe('−62.0 pp');
    expect(signedFormat('Mbit/s')(1746.06)).toBe('+1.75 Gbit/s');
    expect(signedFormat('bytes')(-1_048_576)).toBe('−1.05 MB');
    expect(signedFormat('bytes')(0)).toBe('±0 B');
    expect(signedFormat('pp')(NaN)).toBe('—');
    expect(signedFormat('pp')(-0.004)).toBe('±0.0 pp');
    expect(deltaText(column('cpuCopiesPerByte'), 0.9994, 1.0006)).toBe('±0.00');
  });
});

describe('compare parameters', () => {
  it('compares cards (issue 13): by card, the baseline is a card, and back', () => {
    const byCard = withCompareBy(DEFAULT_COMPARE, 'card');
    expect(byCard).toMatchObject({ by: 'card', baseline: 'ne-4port' });
    const more = withProfile(byCard, 'chelsio-t110', true);
    expect(more.profiles).toEqual(['ne-4port', 'intel-82546', 'broadcom-bcm5701', 'chelsio-t110']);
    expect(withProfile(more, 'ne-4port', false).baseline).toBe('intel-82546');
    expect(withCompareBy(more, 'architecture')).toMatchObject({ baseline: 'host-stack' });
  });

  it('a card lane runs the lab’s architecture on the card as it comes', () => {
    const input = {
      version: 1,
      architecture: 'csum-tso',
      nic: { ports: 4, flowControl: true },
    } as const;
    const lane = laneScenario(input, profileLane('intel-pro10gbe', 'csum-tso'));
    expect(lane.nic).toEqual({ profile: 'intel-pro10gbe', flowControl: true });
    expect(lane.architecture).toBe('csum-tso');
  });

  it('keeps the presets’ order, at most five, and a baseline that is compared', () => {
    const added = withArchitecture(DEFAULT_COMPARE, 'card-window', true);
    expect(added.architectures).toEqual(['host-stack', 'csum-tso', 'full-toe', 'card-window']);
    const without = withArchitecture(added, 'host-stack', false);
    expect(without).toEqual({
      ...DEFAULT_COMPARE,
      architectures: ['csum-tso', 'full-toe', 'card-window'],
      baseline: 'csum-tso',
    });
    const one = withArchitecture(
      withArchitecture(DEFAULT_COMPARE, 'csum-tso', false),
      'full-toe',
      false,
    );
    expect(one.architectures).toEqual(['host-stack']);
    expect(withBaseline(DEFAULT_COMPARE, 'card-window')).toBe(DEFAULT_COMPARE);
    expect(withBaseline(DEFAULT_COMPARE, 'full-toe').baseline).toBe('full-toe');
  });
});

describe('the compared scenario in words', () => {
  it('names what a reviewer checks first, and the seed', () => {
    const parsed = parseScenario({
      version: 1,
      nic: { ports: 4, portSpeedMbps: 1000 },
      seed: 7,
    });
    if (!parsed.ok) throw new Error('invalid');
    expect(scenarioFacts(parsed.scenario)).toEqual([
      '4 × 1 GbE',
      'MTU 1500',
      'RTT 100 µs',
      'PCI-X 133',
      '1 × 2.4 GHz CPU',
      'bulk-send, 1 connection per port, 65,536 B messages',
      'seed 7',
    ]);
    expect(wireLimitMbps(parsed.scenario)).toBeCloseTo(4 * 941.5, 0);
    expect(
      wireLimitMbps({
        ...defaultScenario(),
        workload: { ...defaultScenario().workload, kind: 'request-response' },
      }),
    ).toBeNull();
  });
});
