import { describe, expect, it } from 'vitest';
import { MemoryBus } from './memory-bus.ts';

function twoGBps(): MemoryBus {
  return new MemoryBus({ name: 'mem', peakGBps: 4, sustainedFraction: 0.5 });
}

describe('MemoryBus', () => {
  it('moves bytes at peak × sustained fraction: 2.0 GB/s, 2000 B in 1000 ns', () => {
    const bus = twoGBps();
    expect(bus.sustainedGBps).toBe(2);
    expect(bus.reserve(0, 2000, 'copy')).toBe(1000);
  });

  it('defaults to the E7501: 4.26 GB/s × 0.47 ≈ 2.0 GB/s', () => {
    const bus = new MemoryBus({ name: 'mem', peakGBps: 4.26, sustainedFraction: 0.47 });
    expect(bus.reserve(0, 1_000_000, 'dma')).toBe(Math.ceil(1_000_000 / (4.26 * 0.47)));
  });

  it('serves requests first come, first served', () => {
    const bus = twoGBps();
    expect(bus.reserve(0, 2000, 'copy')).toBe(1000);
    expect(bus.reserve(100, 1000, 'dma')).toBe(1500);
    expect(bus.reserve(2000, 200, 'dma')).toBe(2100);
  });

  it('accounts bytes by source and busy time', () => {
    const bus = twoGBps();
    bus.reserve(0, 3000, 'copy');
    bus.reserve(0, 1000, 'dma');
    expect(bus.stats).toEqual({ bytes: 4000, copyBytes: 3000, dmaBytes: 1000, busyNs: 2000 });
    expect(bus.busyNsUntil(1000)).toBe(1000);
    expect(bus.busyNsUntil(5000)).toBe(2000);
  });

  it('shows saturation as a growing backlog', () => {
    const bus = twoGBps();
    // Offered: 4000 B every 1000 ns = 4 GB/s, twice what it can move.
    const backlog: number[] = [];
    for (let t = 0; t < 10_000; t += 1000) {
      bus.reserve(t, 4000, 'dma');
      backlog.push(bus.backlogNs(t + 1000));
    }
    expect(backlog.slice(0, 3)).toEqual([1000, 2000, 3000]);
    expect(backlog[9]).toBe(10_000);
    expect(bus.busyNsUntil(10_000)).toBe(10_000);
  });

  it('below capacity the backlog drains', () => {
    const bus = twoGBps();
    for (let t = 0; t < 10_000; t += 1000) bus.reserve(t, 1000, 'dma');
    expect(bus.backlogNs(10_000)).toBe(0);
    expect(bus.busyNsUntil(10_000)).toBe(5000);
  });
});
