import { describe, expect, it } from 'vitest';
import { ReservationCalendar, settle } from './calendar.ts';

describe('ReservationCalendar', () => {
  it('serves requests in time order, back to back when they overlap', () => {
    const c = new ReservationCalendar();
    expect(c.reserve(0, 100)).toBe(100);
    expect(c.reserve(50, 100)).toBe(200);
    expect(c.lastStart).toBe(100);
    expect(c.reserve(500, 10)).toBe(510);
    expect(c.bookedNs).toBe(210);
  });

  it('lets a request for now use the idle time before a booking dated in the future', () => {
    const c = new ReservationCalendar();
    c.reserve(1000, 100); // chained: after a job that ends at 1000
    expect(c.reserve(0, 300)).toBe(300); // fits in [0, 1000)
    expect(c.reserve(200, 400)).toBe(700); // [300, 700)
    expect(c.reserve(0, 400)).toBe(1500); // 300 left before 1000: too small, goes last
    expect(c.reserve(650, 250)).toBe(950); // [700, 950)
    expect(c.freeAt).toBe(1500);
  });

  it('splits a gap when a request lands in its middle', () => {
    const c = new ReservationCalendar();
    c.reserve(1000, 100);
    expect(c.reserve(400, 100)).toBe(500);
    expect(c.reserve(0, 400)).toBe(400); // the gap's earlier part
    expect(c.reserve(0, 500)).toBe(1000); // its later part, [500, 1000)
    expect(c.reserve(0, 1)).toBe(1101); // nothing left before 1100
  });

  it('counts busy time up to now and the backlog after it, without the gaps', () => {
    const c = new ReservationCalendar();
    c.reserve(0, 100);
    c.reserve(300, 100); // gap [100, 300)
    expect(c.busyUntil(50)).toBe(50);
    expect(c.busyUntil(200)).toBe(100);
    expect(c.busyUntil(350)).toBe(150);
    expect(c.busyUntil(1000)).toBe(200);
    expect(c.bookedAfter(50)).toBe(150);
    expect(c.bookedAfter(200)).toBe(100);
    expect(c.bookedAfter(400)).toBe(0);
  });

  it('stays bounded when many gaps are left behind', () => {
    const c = new ReservationCalendar();
    for (let i = 0; i < 1000; i++) c.reserve(i * 100, 10);
    expect(c.bookedNs).toBe(10_000);
    expect(c.busyUntil(200_000)).toBe(10_000);
    expect(c.reserve(99_900, 10)).toBe(99_920);
  });
});

describe('settle', () => {
  it('rounds up to whole nanoseconds, ignoring float noise', () => {
    expect(settle(1462.5)).toBe(1463);
    expect(settle(1000)).toBe(1000);
    expect(settle(1000.0000000001)).toBe(1000);
    expect(settle(0.1 + 0.2)).toBe(1);
  });
});
