import { describe, expect, it } from 'vitest';
import { ARCHITECTURE_IDS } from '../theme.ts';
import { filterLog, logFacets, NO_FILTER } from './event-filter.ts';
import type { LogEntry } from './event-filter.ts';
import { cpuCopies, FUNCTIONS, hasShadowTables, PLACEMENTS, tcpipSite } from './placement.ts';
import { deepestQueues, queueText, type PortQueueReadings } from './queues.ts';
import { timelineSpans } from './sync-timeline.ts';
import { bottleneckText, busiestResource, utilisationColor } from './utilisation.ts';

describe('placement (DESIGN.md §2)', () => {
  it('places every function for every architecture', () => {
    for (const a of ARCHITECTURE_IDS) {
      for (const f of FUNCTIONS) expect(PLACEMENTS[a][f.id]).toBeDefined();
    }
  });
  it('matches the table on copies, shadow state and where TCP/IP runs', () => {
    expect(cpuCopies('host-stack')).toEqual({ tx: 1, rx: 1 });
    expect(cpuCopies('csum-tso')).toEqual({ tx: 1, rx: 1 });
    expect(cpuCopies('full-toe')).toEqual({ tx: 0, rx: 0 });
    expect(cpuCopies('card-window')).toEqual({ tx: 0, rx: 0 });
    expect(cpuCopies('rx-direct-placement')).toEqual({ tx: 1, rx: 0 });
    expect(ARCHITECTURE_IDS.filter(hasShadowTables)).toEqual(['full-toe']);
    expect(tcpipSite('host-stack')).toBe('host');
    expect(tcpipSite('full-toe')).toBe('card');
    expect(tcpipSite('csum-tso')).toBe('split');
  });
});

describe('bottleneck', () => {
  it('names the simulator verdict with its utilisation', () => {
    expect(bottleneckText('pci-bus', { 'pci-bus': 0.97, wire: 0.5 }).text).toBe(
      'BOTTLENECK: PCI-X bus 97 %',
    );
  });
  it('falls back to the busiest resource, or says not modelled', () => {
    expect(busiestResource({ wire: 0.9, 'host-cpu': null, 'memory-bus': 0.3 })?.id).toBe('wire');
    expect(bottleneckText(undefined, { wire: 0.9 }).text).toBe('BOTTLENECK: wire 90 %');
    expect(bottleneckText(null, null).text).toBe('Bottleneck: not modelled yet');
    expect(bottleneckText(undefined, { wire: null }).text).toBe('Bottleneck: not modelled yet');
  });
  it('colours unknown utilisation neutrally', () => {
    expect(utilisationColor(null)).toBe('#eceef1');
    expect(utilisationColor(0)).not.toBe(utilisationColor(1));
  });
});

describe('event log filter', () => {
  const log: LogEntry[] = [
    { timeNs: 1, kind: 'rto', port: 0, text: 'RTO conn 0' },
    { timeNs: 2, kind: 'gratuitous-arp', port: 1, text: 'card entry STALE' },
    { timeNs: 3, kind: 'rto', port: 1, text: 'RTO conn 3' },
    { timeNs: 4, kind: 'fallback', port: null, text: 'connection fell back' },
  ];
  it('filters by kind, port and text and keeps the newest within the limit', () => {
    expect(filterLog(log, NO_FILTER, 10).matched).toBe(4);
    expect(
      filterLog(log, { kind: 'rto', port: null, text: '' }, 10).shown.map((e) => e.timeNs),
    ).toEqual([1, 3]);
    expect(filterLog(log, { kind: '', port: 1, text: '' }, 10).matched).toBe(2);
    expect(filterLog(log, { kind: '', port: null, text: 'stale' }, 10).shown[0]?.timeNs).toBe(2);
    const limited = filterLog(log, NO_FILTER, 2);
    expect(limited.shown.map((e) => e.timeNs)).toEqual([3, 4]);
    expect(limited.matched).toBe(4);
  });
  it('lists the kinds and ports present', () => {
    expect(logFacets(log)).toEqual({ kinds: ['fallback', 'gratuitous-arp', 'rto'], ports: [0, 1] });
  });
});

describe('sync timeline', () => {
  it('turns changes into spans up to now, merging repeats', () => {
    expect(
      timelineSpans(
        [
          { fromNs: 0, status: 'in-sync' },
          { fromNs: 5, status: 'in-sync' },
          { fromNs: 10, status: 'stale' },
          { fromNs: 50, status: 'in-sync' },
        ],
        30,
      ),
    ).toEqual([
      { fromNs: 0, toNs: 10, status: 'in-sync' },
      { fromNs: 10, toNs: 30, status: 'stale' },
    ]);
  });
});

describe('queues on the data path', () => {
  const port = (over: Partial<PortQueueReadings>): PortQueueReadings => ({
    qdiscPackets: { mean: 0, capacity: 100 },
    txRingDescriptors: { mean: 10, capacity: 255 },
    txFifoBytes: { mean: 1000, capacity: 16384 },
    rxFifoBytes: { mean: 0, capacity: 49152 },
    rxRingDescriptors: { mean: 1, capacity: 255 },
    peerQueueFrames: { mean: 0, capacity: 1256 },
    ...over,
  });
  it('shows each queue of the port where it is fullest', () => {
    const d = deepestQueues([
      port({}),
      port({ txRingDescriptors: { mean: 200, capacity: 255 } }),
      port({ rxFifoBytes: { mean: 40000, capacity: 49152 } }),
    ])!;
    expect(d.txRingDescriptors).toEqual({ mean: 200, capacity: 255, port: 1 });
    expect(d.rxFifoBytes.port).toBe(2);
    expect(d.qdiscPackets.port).toBe(0);
    expect(deepestQueues([])).toBeNull();
  });
  it('says depth against capacity in the queue’s unit, and — when unmeasured', () => {
    expect(queueText({ mean: 49.4, capacity: 255 }, false)).toBe('49 / 255');
    expect(queueText({ mean: 8640, capacity: 16384 }, true)).toBe('8.64 kB / 16.4 kB');
    expect(queueText({ mean: null, capacity: 255 }, false)).toBe('—');
    expect(queueText({ mean: 3, capacity: null }, false)).toBe('3');
  });
});
