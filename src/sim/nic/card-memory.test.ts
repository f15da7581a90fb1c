import { describe, expect, it } from 'vitest';
import { CardMemory } from './card-memory.ts';

describe('CardMemory', () => {
  it('allocates and frees, tracking use and the peak', () => {
    const memory = new CardMemory(1000);
    expect(memory.tryAllocate(400)).toBe(true);
    expect(memory.tryAllocate(500)).toBe(true);
    expect(memory.used).toBe(900);
    memory.free(400);
    expect(memory.used).toBe(500);
    expect(memory.tryAllocate(200)).toBe(true);
    expect(memory.used).toBe(700);
    expect(memory.peak).toBe(900);
    expect(memory.available).toBe(300);
    expect(memory.occupancy).toBe(0.7);
    expect(memory.capacity).toBe(1000);
  });

  it('refuses what does not fit, all or nothing, and counts the refusals', () => {
    const memory = new CardMemory(1000);
    expect(memory.tryAllocate(1000)).toBe(true);
    expect(memory.tryAllocate(1)).toBe(false);
    memory.free(10);
    expect(memory.tryAllocate(11)).toBe(false);
    expect(memory.tryAllocate(10)).toBe(true);
    expect(memory.used).toBe(1000);
    expect(memory.failures).toBe(2);
    expect(memory.peak).toBe(1000);
  });

  it('N windows of 256 KB need N × 256 KB; the one beyond capacity fails', () => {
    const window = 256 * 1024;
    const memory = new CardMemory(4 * window);
    const granted = [1, 2, 3, 4, 5].map(() => memory.tryAllocate(window));
    expect(granted).toEqual([true, true, true, true, false]);
    expect(memory.peak).toBe(4 * window);
    expect(memory.failures).toBe(1);
  });

  it('a card without memory refuses everything but zero bytes', () => {
    const memory = new CardMemory(0);
    expect(memory.tryAllocate(0)).toBe(true);
    expect(memory.tryAllocate(1)).toBe(false);
    expect(memory.occupancy).toBe(0);
  });

  it('treats freeing more than is allocated as a bug', () => {
    const memory = new CardMemory(100);
    memory.tryAllocate(10);
    expect(() => memory.free(11)).toThrow('card memory: cannot free 11 bytes with 10 allocated');
    expect(() => memory.tryAllocate(-1)).toThrow(RangeError);
    expect(() => new CardMemory(-1)).toThrow(RangeError);
  });
});
