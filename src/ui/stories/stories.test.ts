import { describe, expect, it } from 'vitest';
import type { ArpSnapshot, Verdict } from '../../protocol/messages.ts';
import { parseScenario, type Scenario } from '../../protocol/scenario.ts';
import { BINDINGS, formatMs, isBindingName, readBinding, type LiveInputs } from './bindings.ts';
import { fromPreset } from './data/scenarios.ts';
import { stepHref } from './StoryGuide.tsx';
import { atLeast } from './story-runner.ts';
import { findStory, STORIES } from './stories.ts';
import { holds, namesIn, parseTemplate } from './template.ts';

describe('the walkthrough registry', () => {
  it('has the five stories of issue 6, with kebab-case ids and unique names', () => {
    expect(STORIES.map((s) => s.id)).toEqual([
      'wire-speed',
      'pci-x-bus',
      'toe-arp',
      'card-window',
      'direct-placement',
    ]);
    for (const story of STORIES) {
      expect(story.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(story.steps.length).toBeGreaterThanOrEqual(3);
      expect(findStory(story.id)).toBe(story);
    }
  });

  it.each(STORIES.flatMap((s) => s.steps.map((step, i) => [s.id, i + 1, step] as const)))(
    '%s step %i: a valid scenario, known bindings, panels to look at',
    (_id, _n, step) => {
      const parsed = parseScenario(step.scenario);
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
      const names = step.text.flatMap(namesIn);
      expect(names.filter((n) => !isBindingName(n))).toEqual([]);
      // Every step quotes at least one measured value, not only configured ones.
      expect(names.some((n) => !CONFIGURED.has(n))).toBe(true);
      expect(step.panels.length).toBeGreaterThan(0);
      // The first panel is scrolled to; the log and packets are below the guide's reach.
      expect(['log', 'packets']).not.toContain(step.panels[0]);
    },
  );

  it('quotes no measured figure as typed text: digits appear only in citations and names', () => {
    for (const story of STORIES) {
      for (const step of story.steps) {
        const literal = step.text
          .flatMap((p) => (typeof p === 'string' ? [p] : p))
          .flatMap((part) => (typeof part === 'string' ? [part] : [part.then, part.else ?? '']))
          .flatMap((t) => parseTemplate(t))
          .filter((t) => t.kind === 'text')
          .map((t) => (t.kind === 'text' ? t.text : ''))
          .join(' ');
        const numbers = literal.match(/\d[\d,.]*\s*(%|Mbit\/s|MB\/s|copies|cycles|B\/B|ms)/g);
        expect([story.id, step.title, numbers]).toEqual([story.id, step.title, null]);
      }
    }
  });
});

const CONFIGURED = new Set([
  'ports',
  'mtu',
  'mss',
  'cpuGhz',
  'bus',
  'busPeak',
  'busDemand',
  'portLimit',
  'wireLimit',
  'connections',
  'cardMemory',
  'windowReserve',
  'pollMs',
  'garpAt',
]);

describe('templates', () => {
  it('cuts text and placeholders', () => {
    expect(parseTemplate('CPU {cpu}, copies {copies}.')).toEqual([
      { kind: 'text', text: 'CPU ' },
      { kind: 'value', name: 'cpu' },
      { kind: 'text', text: ', copies ' },
      { kind: 'value', name: 'copies' },
      { kind: 'text', text: '.' },
    ]);
    expect(parseTemplate('no braces')).toEqual([{ kind: 'text', text: 'no braces' }]);
  });

  it('tests conditions on words and numbers', () => {
    const when = { when: 'bottleneck', is: ['wire'], then: 'x' } as const;
    expect(holds(when, { text: 'wire', value: null, key: 'wire' })).toBe(true);
    expect(holds(when, { text: 'host CPU', value: null, key: 'host-cpu' })).toBe(false);
    const above = { when: 'engine', above: 0.5, then: 'x' } as const;
    expect(holds(above, { text: '80 %', value: 0.8, key: null })).toBe(true);
    expect(holds(above, { text: '20 %', value: 0.2, key: null })).toBe(false);
  });
});

// ---- bindings over hand-made live inputs -------------------------------------------

function scenario(input: object): Scenario {
  const parsed = parseScenario({ version: 1, ...input });
  if (!parsed.ok) throw new Error('bad scenario');
  return parsed.scenario;
}

function verdict(fromNs: number, toNs: number): Verdict {
  return {
    fromNs,
    toNs,
    utilisation: {
      wire: 1,
      'host-cpu': 0.433,
      'memory-bus': 0.24,
      'pci-bus': 0.16,
      'nic-dma': 0.1,
      'nic-engine': 0.02,
      'card-memory': 0,
    },
    portWire: [1],
    bottleneck: 'wire',
    windowLimitedShare: 0,
    pciEfficiency: 0.77,
    copies: { cpuCopiesPerByte: 1, memoryBusBytesPerByte: 4.1, pciBytesPerByte: 1.1 },
    cardMemoryUsedBytes: 0,
    cardMemoryCapacityBytes: 64e6,
    queues: [],
  };
}

const SERIES: Record<string, number> = {
  'port0.tx.goodput': 941.3,
  'port0.rx.goodput': 0,
  'cpu.utilisation': 0.433,
  'cpu.copy': 0.12,
};

function inputs(over: Partial<LiveInputs> = {}): LiveInputs {
  return {
    nowNs: 500e6,
    scenario: scenario({ nic: { ports: 1 }, workload: { kind: 'bulk-send' } }),
    verdict: verdict(400e6, 500e6),
    arp: null,
    log: [],
    windowMean: (ids) => ids.reduce((sum, id) => sum + (SERIES[id] ?? NaN), 0),
    settleNs: 100e6,
    reference: null,
    ...over,
  };
}

describe('bindings', () => {
  it('read the verdict, formatted as the lab panels format them', () => {
    const x = inputs();
    expect(readBinding('cpu', x)?.text).toBe('43 %');
    expect(readBinding('copies', x)?.text).toBe('1.00 copies/B');
    expect(readBinding('memBytes', x)?.text).toBe('4.10 B/B');
    expect(readBinding('bottleneck', x)).toEqual({ text: 'wire', value: null, key: 'wire' });
  });

  it('wait until the verdict covers time after the settling time', () => {
    const early = inputs({ verdict: verdict(0, 100e6), nowNs: 100e6 });
    for (const name of ['cpu', 'copies', 'goodput', 'bottleneck', 'ghzPerGbps'] as const) {
      expect([name, readBinding(name, early)]).toEqual([name, null]);
    }
    expect(readBinding('cpu', inputs({ verdict: null }))).toBeNull();
  });

  it('derive goodput, GHz per Gbit/s and cycles per byte from the series', () => {
    const x = inputs();
    expect(readBinding('goodput', x)?.text).toBe('941.3 Mbit/s');
    expect(readBinding('wireLimit', x)?.text).toBe('941.5 Mbit/s');
    expect(readBinding('ghzPerGbps', x)?.text).toBe('1.10 GHz per Gbit/s');
    expect(readBinding('cyclesPerByte', x)?.text).toBe('8.83 cycles/B');
    expect(readBinding('copyShare', x)?.text).toBe('28 %');
  });

  it('measure how long the card entry has been stale, and read MACs', () => {
    const arp: ArpSnapshot = {
      nowNs: 500e6,
      shadow: true,
      host: [{ port: 0, ip: '10.0.0.2', mac: '02:00:00:00:10:99', state: 'REACHABLE' }],
      card: [
        {
          port: 0,
          ip: '10.0.0.2',
          mac: '02:00:00:00:10:02',
          state: 'REACHABLE',
          status: 'stale',
        },
      ],
      timelines: [
        {
          port: 0,
          ip: '10.0.0.2',
          segments: [
            { fromNs: 0, status: 'missing' },
            { fromNs: 132e3, status: 'in-sync' },
            { fromNs: 300.055e6, status: 'stale' },
          ],
        },
      ],
    };
    const sync = (timeNs: number, text: string) => ({ timeNs, kind: 'sync', port: 0, text });
    const stale = sync(300.055e6, "card's entry for 10.0.0.2 differs from the host's: stale");
    const x = inputs({ arp, log: [stale] });
    expect(readBinding('cardEntry', x)?.key).toBe('stale');
    // Still stale: counted up to now, from the ledger's exact time of the change.
    expect(readBinding('staleMs', x)?.text).toBe('199.9 ms');
    const repaired = sync(300.056e6, "card's entry for 10.0.0.2 repaired: in-sync");
    expect(readBinding('staleMs', inputs({ arp, log: [stale, repaired] }))?.text).toBe('1.0 µs');
    expect(readBinding('staleMs', inputs({ arp, log: [] }))?.text).toBe('0 ms');
    expect(readBinding('staleMs', inputs({ arp: null, log: [stale] }))).toBeNull();
    expect(readBinding('peerMoved', x)).toBeNull(); // no gratuitous ARP in this scenario
    expect(readBinding('hostMac', x)?.text).toBe('02:00:00:00:10:99');
    expect(readBinding('cardMac', x)?.text).toBe('02:00:00:00:10:02');
  });

  it('tell before the peer moves from after', () => {
    const moving = scenario({
      nic: { ports: 1 },
      events: [{ atMs: 300, kind: 'gratuitous-arp', port: 0, newMac: '02:00:00:00:10:99' }],
    });
    expect(readBinding('peerMoved', inputs({ scenario: moving, nowNs: 200e6 }))?.key).toBe('no');
    expect(readBinding('peerMoved', inputs({ scenario: moving }))?.key).toBe('yes');
    expect(readBinding('garpAt', inputs({ scenario: moving }))?.text).toBe('0.300 s');
  });

  it('count timeouts and fallbacks from the event log', () => {
    const log = [
      { timeNs: 1, kind: 'rto', port: 0, text: '1 retransmission timeout on port 0' },
      { timeNs: 2, kind: 'rto', port: 0, text: '2 retransmission timeouts on port 0' },
      { timeNs: 3, kind: 'fallback', port: -1, text: 'connection 9 does not fit' },
    ];
    const x = inputs({ log });
    expect(readBinding('timeouts', x)?.text).toBe('3');
    expect(readBinding('fallbacks', x)?.text).toBe('1');
    expect(readBinding('offloaded', x)?.text).toBe('0');
  });

  it('format durations from microseconds to seconds of staleness', () => {
    expect(formatMs(0.0009)).toBe('0.9 µs');
    expect(formatMs(99.946)).toBe('99.9 ms');
    expect(formatMs(2.5)).toBe('2.50 ms');
    expect(formatMs(100)).toBe('100 ms');
    expect(formatMs(699.9449)).toBe('699.9 ms');
    expect(formatMs(5_768_242.4)).toBe('5,768.24 s');
  });

  it('are all readers', () => {
    for (const read of Object.values(BINDINGS)) expect(typeof read).toBe('function');
  });
});

describe('steps', () => {
  it('play at least as fast as they ask, never slower than the reader chose', () => {
    expect(atLeast(0.5, 1)).toBe(1);
    expect(atLeast(5, 1)).toBe(5);
    expect(atLeast('max', 1)).toBe('max');
    expect(atLeast(1, 'max')).toBe('max');
  });

  it('link to their place with a 1-based step', () => {
    expect(stepHref('toe-arp', 1)).toBe('?view=stories&story=toe-arp&step=2');
  });

  it('merge changes into a preset section by section', () => {
    const s = fromPreset('4x1g-bulk-send', { nic: { cardMemoryMB: 4 } });
    expect(s.nic).toEqual({ ports: 4, portSpeedMbps: 1000, cardMemoryMB: 4 });
    expect(s.architecture).toBe('host-stack');
  });
});
