import { describe, expect, it } from 'vitest';
import { MemoryBus } from './memory-bus.ts';

function twoGBps() {
  const clock = { now: 0 };
  const bus = new MemoryBus({
    name: 'mem',
    peakGBps: 4,
    sustainedFraction: 0.5,
    clock,
    slotNs: 100,
  });
  return { clock, bus };
}

describe('MemoryBus', () => {
  it('moves bytes at peak × sustained fraction: 2.0 GB/s, 2000 B in 1000 ns', () => {
    const { bus } = twoGBps();
    expect(bus.sustainedGBps).toBe(2);
    expect(bus.reserve(0, 2000, 'copy')).toBe(1000);
  });

  it('shares its bandwidth: a transfer capped at its own rate leaves the rest to others', () => {
    const { bus } = twoGBps();
    // A DMA at the PCI-X 133 rate (1.067 B/ns) for 1000 ns leaves 0.933 B/ns free.
    expect(bus.reserveExact(0, 1066.7, 'dma', 1.0667)).toBeCloseTo(1000, 6);
    // A copy needing 933 B at up to 4 B/ns gets the rest and finishes with it.
    expect(bus.reserveExact(0, 933.3, 'copy', 4)).toBeCloseTo(1000, 0);
  });

  it('accounts bytes by source and busy time', () => {
    const { clock, bus } = twoGBps();
    bus.reserve(0, 3000, 'copy');
    bus.reserve(0, 1000, 'dma');
    expect(bus.stats).toEqual({ bytes: 4000, copyBytes: 3000, dmaBytes: 1000, busyNs: 2000 });
    clock.now = 1000;
    expect(bus.busyNsUntil(1000)).toBeCloseTo(1000, 6);
    clock.now = 5000;
    expect(bus.busyNsUntil(5000)).toBeCloseTo(2000, 6);
  });

  it('shows saturation as a growing backlog', () => {
    const { clock, bus } = twoGBps();
    // Offered: 4000 B every 1000 ns = 4 GB/s, twice what it can move.
    const backlog: number[] = [];
    for (let t = 0; t < 10_000; t += 1000) {
      clock.now = t;
      bus.reserve(t, 4000, 'dma');
      backlog.push(bus.backlogNs(t + 1000));
    }
    expect(backlog[0]).toBeCloseTo(1000, 6);
    expect(backlog[2]).toBeCloseTo(3000, 6);
    expect(backlog[9]).toBeCloseTo(10_000, 6);
  });

  it('below capacity the backlog drains', () => {
    const { clock, bus } = twoGBps();
    for (let t = 0; t < 10_000; t += 1000) {
      clock.now = t;
      bus.reserve(t, 1000, 'dma');
    }
    clock.now = 10_000;
    expect(bus.backlogNs(10_000)).toBeCloseTo(0, 6);
    expect(bus.busyNsUntil(10_000)).toBeCloseTo(5000, 6);
  });
});
