import { describe, expect, it } from 'vitest';
import { resolveCosts } from '../costs/cost-table.ts';
import {
  copyTraffic,
  cpuReadDeviceDataTraffic,
  cpuWriteForDeviceTraffic,
  dmaReadTraffic,
  dmaWriteTraffic,
  lineBytes,
} from './memory-traffic.ts';

const costs = resolveCosts();

describe('memory traffic in whole cache lines (V5)', () => {
  it('rounds a transfer up to the 64-byte lines it spans', () => {
    expect(lineBytes(costs, 0)).toBe(0);
    expect(lineBytes(costs, 1)).toBe(64);
    expect(lineBytes(costs, 64)).toBe(64);
    expect(lineBytes(costs, 1448)).toBe(1472);
  });

  it('a CPU copy reads the source, reads the destination for ownership and writes it back', () => {
    expect(copyTraffic(costs, 65_536)).toBe(3 * 65_536);
    expect(copyTraffic(costs, 100)).toBe(3 * 128);
  });

  it('a partial line written by DMA is read and merged: a 16-byte descriptor costs 128 B', () => {
    expect(dmaWriteTraffic(costs, 16)).toBe(128);
    expect(dmaWriteTraffic(costs, 128)).toBe(128);
    expect(dmaWriteTraffic(costs, 1514)).toBe(25 * 64);
    expect(dmaReadTraffic(costs, 16)).toBe(64);
  });

  it('the CPU owns then writes back what a device reads, and misses on what a device wrote', () => {
    expect(cpuWriteForDeviceTraffic(costs, 16)).toBe(128);
    expect(cpuReadDeviceDataTraffic(costs, 66)).toBe(128);
  });

  it('scales with the line size', () => {
    const big = resolveCosts({ cacheLineBytes: 128 });
    expect(dmaWriteTraffic(big, 16)).toBe(256);
    expect(copyTraffic(big, 65_536)).toBe(3 * 65_536);
  });
});
