import { describe, expect, it } from 'vitest';
import { ServedMeter } from './served-meter.ts';

describe('ServedMeter', () => {
  it('never shrinks and never grows faster than the capacity since its last answer', () => {
    const m = new ServedMeter(2);
    expect(m.answer(10, 10)).toBe(10);
    // An estimate that jumps (a later booking counted in a slot seen in part) is held back.
    expect(m.answer(40, 15)).toBe(20);
    // An estimate below the last answer does not move it back.
    expect(m.answer(5, 16)).toBe(20);
    expect(m.answer(40, 30)).toBe(40);
  });
});
