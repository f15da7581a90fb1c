import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';

describe('Scheduler', () => {
  it('runs events in time order, equal times first-in first-out', () => {
    const s = new Scheduler();
    const log: string[] = [];
    const mk = (name: string) => s.timer(name, (t) => log.push(`${name}@${t}`));
    const a = mk('a');
    const b = mk('b');
    const c = mk('c');
    c.arm(20);
    a.arm(10);
    b.arm(10);
    s.runUntil(100);
    expect(log).toEqual(['a@10', 'b@10', 'c@20']);
    expect(s.now).toBe(100);
  });

  it('cancels in O(1) and re-arms to earlier and later times', () => {
    const s = new Scheduler();
    const log: number[] = [];
    const t = s.timer('rto', (now) => log.push(now));
    t.arm(50);
    t.cancel();
    expect(t.armed).toBe(false);
    s.runUntil(60);
    expect(log).toEqual([]);
    t.arm(100);
    t.arm(200); // later: lazily moved
    t.arm(150); // earlier than queued? no, 150 > 100 queued, still lazy
    s.runUntil(1000);
    expect(log).toEqual([150]);
    t.arm(1500);
    t.arm(1200); // earlier than the queued entry: re-queued
    s.runUntil(2000);
    expect(log).toEqual([150, 1200]);
  });

  it('does not skip events queued behind a timer re-armed later', () => {
    const s = new Scheduler();
    const log: string[] = [];
    const t1 = s.timer('t1', (t) => log.push(`t1@${t}`));
    const t2 = s.timer('t2', (t) => log.push(`t2@${t}`));
    t1.arm(10);
    t1.arm(1000);
    t2.arm(20);
    s.runUntil(100);
    expect(log).toEqual(['t2@20']);
    s.runUntil(2000);
    expect(log).toEqual(['t2@20', 't1@1000']);
  });

  it('refuses to arm in the past', () => {
    const s = new Scheduler();
    s.runUntil(10);
    expect(() => s.timer('x', () => {}).arm(5)).toThrow(/cannot arm/);
  });

  it('steps one event at a time and reports the next event time', () => {
    const s = new Scheduler();
    const t = s.timer('x', () => {});
    expect(s.nextEventTime()).toBe(Infinity);
    t.arm(7);
    expect(s.nextEventTime()).toBe(7);
    expect(s.step()).toBe(true);
    expect(s.now).toBe(7);
    expect(s.step()).toBe(false);
  });

  it('a timer armed from its own callback fires again', () => {
    const s = new Scheduler();
    let n = 0;
    const t = s.timer('tick', () => {
      if (++n < 5) t.armAfter(10);
    });
    t.arm(0);
    s.runUntil(1000);
    expect(n).toBe(5);
    expect(s.eventsRun).toBe(5);
  });

  it('a released timer never fires, even queued; its slot goes to the next timer', () => {
    const s = new Scheduler();
    const fired: string[] = [];
    const old = s.timer('old', () => fired.push('old'));
    old.arm(50);
    s.release(old);
    expect(old.armed).toBe(false);
    old.arm(60); // a closed connection touching its timer: nothing happens
    const next = s.timer('next', () => fired.push('next'));
    expect(s.timers).toBe(1);
    next.arm(70);
    s.runUntil(100);
    expect(fired).toEqual(['next']);
    expect(s.eventsRun).toBe(1);
  });
});
