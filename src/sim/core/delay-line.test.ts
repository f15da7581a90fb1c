import { describe, expect, it } from 'vitest';
import { DelayLine } from './delay-line.ts';
import { Scheduler } from './scheduler.ts';

describe('DelayLine', () => {
  it('delivers items at their due times, in order, never overtaking', () => {
    const s = new Scheduler();
    const got: string[] = [];
    const line = new DelayLine<string>(s, 'line', (item, now) => got.push(`${item}@${now}`));
    line.push('a', 100);
    line.push('b', 50); // would overtake a: held until 100
    line.push('c', 300);
    for (let i = 0; i < 40; i++) line.push(`x${i}`, 400 + i);
    s.runUntil(1000);
    expect(got.slice(0, 3)).toEqual(['a@100', 'b@100', 'c@300']);
    expect(got).toHaveLength(43);
    expect(got[42]).toBe('x39@439');
    expect(line.length).toBe(0);
  });
});
