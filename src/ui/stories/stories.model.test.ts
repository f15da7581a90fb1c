import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../protocol/scenario.ts';
// A test, not the app: it runs each step's scenario headless to check that what the
// step's text says (with its conditions) is what the model does. The app itself reaches
// the simulator only through the worker.
// eslint-disable-next-line no-restricted-imports
import type { Results } from '../../sim/metrics/results.ts';
// eslint-disable-next-line no-restricted-imports
import { runScenario } from '../../sim/run.ts';
import { findStory } from './stories.ts';

/**
 * The walkthroughs must tell the truth of the model. Their numbers are live, but their
 * sentences make claims ("the host CPU is the bottleneck again"); these tests run each
 * step headless (rates over the second half of the run, as the results define them) and
 * check the claims.
 */
const cache = new Map<string, Results>();

function run(storyId: string, stepNumber: number, durationMs = 200): Results {
  const key = `${storyId}/${stepNumber}/${durationMs}`;
  const known = cache.get(key);
  if (known) return known;
  const step = findStory(storyId)!.steps[stepNumber - 1]!;
  const parsed = parseScenario({ ...step.scenario, durationMs });
  if (!parsed.ok) throw new Error(`${key}: invalid scenario`);
  const results = runScenario(parsed.scenario);
  cache.set(key, results);
  return results;
}

const goodput = (r: Results) => r.ports.reduce((n, p) => n + p.txGoodputMbps + p.rxGoodputMbps, 0);
const share = (r: Results, category: 'copy' | 'protocol') =>
  r.host!.cpuBreakdown[category] / r.host!.cpuUtilization;

describe('wire-speed', () => {
  it('one port reaches the wire with one copy and 3–5 memory-bus bytes per byte', () => {
    const r = run('wire-speed', 1);
    expect(r.bottleneck).toBe('wire');
    expect(r.copies!.cpuCopiesPerByte).toBeCloseTo(1, 1);
    expect(r.copies!.memoryBusBytesPerByte).toBeGreaterThan(3);
    expect(r.copies!.memoryBusBytesPerByte).toBeLessThan(5);
  });

  it('four ports run out of CPU; a 1 GHz receiver needs about a GHz per Gbit/s', () => {
    expect(run('wire-speed', 2).bottleneck).toBe('host-cpu');
    const slow = run('wire-speed', 3);
    expect(slow.bottleneck).toBe('host-cpu');
    const ghzPerGbps = (slow.host!.cpuUtilization * 1) / (goodput(slow) / 1000);
    expect(ghzPerGbps).toBeGreaterThan(0.6);
    expect(ghzPerGbps).toBeLessThan(1.4);
  });

  it('csum-tso cuts the protocol share and raises goodput, but the copy stays', () => {
    const host = run('wire-speed', 2);
    const tso = run('wire-speed', 4);
    expect(share(tso, 'protocol')).toBeLessThan(share(host, 'protocol'));
    expect(share(tso, 'copy')).toBeGreaterThan(share(host, 'copy'));
    expect(goodput(tso)).toBeGreaterThan(goodput(host));
    expect(tso.copies!.cpuCopiesPerByte).toBeCloseTo(1, 1);
    // Four ports at wire speed, with little CPU to spare.
    expect(tso.bottleneck).toBe('wire');
    expect(tso.host!.cpuUtilization).toBeGreaterThan(0.7);
  });
});

describe('wire-speed, step 5: UDP', () => {
  it('reaches the wire with nothing dropped, a datagram cheaper than a TCP segment, and csum-tso changes nothing', () => {
    const udp = run('wire-speed', 5);
    expect(udp.bottleneck).toBe('wire');
    expect(Object.values(udp.ports[0]!.udp!.drops).every((n) => n === 0)).toBe(true);
    expect(udp.copies!.cpuCopiesPerByte).toBeCloseTo(1, 1);
    // The same scenario sending TCP: cycles per payload byte, ACKs included.
    const step = findStory('wire-speed')!.steps[4]!;
    const twin = (input: Record<string, unknown>) => {
      const parsed = parseScenario({ ...step.scenario, durationMs: 400, ...input });
      if (!parsed.ok) throw new Error('invalid twin');
      return runScenario(parsed.scenario);
    };
    const tcp = twin({ workload: { kind: 'bulk-send', connectionsPerPort: 1 } });
    const perPacket = (r: Results, bytes: number) => r.host!.cyclesPerPayloadByte * bytes;
    expect(perPacket(udp, 1472)).toBeLessThan(perPacket(tcp, 1448));
    // Linux 2.4 checksums a UDP datagram in the copy whatever the card offers: the same
    // scenario on csum-tso costs exactly what it costs on host-stack, over the same run.
    const tso = twin({ architecture: 'csum-tso' });
    expect(tso.host!.cyclesPerPayloadByte).toBeCloseTo(twin({}).host!.cyclesPerPayloadByte, 6);
  });
});

describe('pci-x-bus (DESIGN.md R4)', () => {
  it('PCI 66 is the bottleneck, PCI-X 133 is nearly full, PCI-X 533 leaves the wire', () => {
    const pci = run('pci-x-bus', 1);
    expect(pci.bottleneck).toBe('pci-bus');
    expect(pci.copies!.cpuCopiesPerByte).toBe(0);
    expect(run('pci-x-bus', 2).bus!.utilization).toBeGreaterThanOrEqual(0.85);
    const fast = run('pci-x-bus', 3);
    expect(fast.bottleneck).toBe('wire');
    expect(fast.bus!.utilization).toBeLessThan(0.5);
    expect(fast.nic!.engineUtilization).toBeGreaterThan(fast.bus!.utilization);
  });
});

describe('toe-arp: the peer moves at 300 ms', () => {
  const arp = (n: number) => run('toe-arp', n, 1000);

  it('snapshot: stale to the end, nothing delivered after, timeouts back off', () => {
    const r = arp(1);
    expect(r.sync!.maxStalenessMs).toBeGreaterThan(690);
    expect(goodput(r)).toBe(0);
    expect(r.connections[0]!.timeouts).toBeGreaterThanOrEqual(2);
  });

  it('poll: stale for up to one interval; push and card-arp: microseconds', () => {
    const poll = arp(2);
    expect(poll.sync!.maxStalenessMs).toBeGreaterThan(50);
    expect(poll.sync!.maxStalenessMs).toBeLessThanOrEqual(100.1);
    expect(goodput(poll)).toBeGreaterThan(500);
    for (const r of [arp(3), arp(4)]) {
      expect(r.sync!.maxStalenessMs).toBeLessThan(0.01);
      expect(goodput(r)).toBeGreaterThan(500);
    }
  });

  it('push still loses the frames already queued, and TCP recovers them', () => {
    const push = arp(3);
    expect(push.sync!.framesToStaleMac).toBeGreaterThan(0);
    expect(push.connections[0]!.retransmits).toBeGreaterThan(0);
    expect(push.connections[0]!.streamIntact).toBe(true);
  });
});

describe('card-window', () => {
  it('csum-tso reaches the wire with most of the CPU; full-toe and card-window do without a copy', () => {
    expect(run('card-window', 1).host!.cpuUtilization).toBeGreaterThan(0.7);
    expect(run('card-window', 1).copies!.cpuCopiesPerByte).toBeCloseTo(1, 1);
    for (const n of [2, 3, 5]) {
      const r = run('card-window', n);
      expect(r.bottleneck).toBe('wire');
      expect(r.copies!.cpuCopiesPerByte).toBe(0);
    }
    const cw = run('card-window', 3);
    expect(cw.host!.cpuUtilization).toBeLessThan(run('card-window', 1).host!.cpuUtilization);
    expect(cw.host!.cpuUtilization).toBeGreaterThan(run('card-window', 2).host!.cpuUtilization);
    expect(cw.nic!.cardMemoryPeakBytes).toBeGreaterThan(0);
  });

  it('a small card fits some connections; the rest fall back and are copied', () => {
    const r = run('card-window', 4);
    expect(r.nic!.connectionsFallenBack).toBeGreaterThan(0);
    expect(r.nic!.connectionsFallenBack).toBeLessThan(r.connections.length);
    expect(r.copies!.cpuCopiesPerByte).toBeGreaterThan(0.2);
    expect(r.copies!.cpuCopiesPerByte).toBeLessThan(1);
  });
});

describe('direct-placement', () => {
  it('csum-tso receive copies and runs out of CPU; placement removes the copy', () => {
    const tso = run('direct-placement', 1);
    expect(tso.bottleneck).toBe('host-cpu');
    expect(tso.copies!.cpuCopiesPerByte).toBeCloseTo(1, 1);
    const placed = run('direct-placement', 2);
    expect(placed.copies!.cpuCopiesPerByte).toBeLessThan(0.05);
    expect(placed.bottleneck).toBe('wire');
  });

  it('with no buffer posted the copy and the CPU limit come back', () => {
    const none = run('direct-placement', 3);
    expect(none.copies!.cpuCopiesPerByte).toBeCloseTo(1, 1);
    expect(none.bottleneck).toBe('host-cpu');
  });

  it('jumbo frames cut the per-packet work that remains', () => {
    const jumbo = run('direct-placement', 4);
    expect(jumbo.host!.cpuUtilization).toBeLessThan(
      run('direct-placement', 2).host!.cpuUtilization,
    );
  });
});
