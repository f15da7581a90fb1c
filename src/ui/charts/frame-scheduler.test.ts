import { describe, expect, it } from 'vitest';
import { createFrameScheduler } from './frame-scheduler.ts';

describe('createFrameScheduler', () => {
  it('runs one loop for all subscribers and stops when the last leaves', () => {
    const pending = new Map<number, (t: number) => void>();
    let next = 1;
    const s = createFrameScheduler(
      (cb) => {
        pending.set(next, cb);
        return next++;
      },
      (h) => pending.delete(h),
    );
    const calls: string[] = [];
    const offA = s.subscribe(() => calls.push('a'));
    const offB = s.subscribe(() => calls.push('b'));
    expect(pending.size).toBe(1);
    const frame = (): void => {
      const [[h, cb]] = [...pending];
      pending.delete(h);
      cb(16);
    };
    frame();
    expect(calls).toEqual(['a', 'b']);
    expect(pending.size).toBe(1);
    offA();
    frame();
    expect(calls).toEqual(['a', 'b', 'b']);
    offB();
    expect(pending.size).toBe(0);
  });
});
