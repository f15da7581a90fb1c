import { describe, expect, it } from 'vitest';
import { FluidCalendar } from './fluid-calendar.ts';

function calendar(capacity = 2, slotNs = 100) {
  const clock = { now: 0 };
  return { clock, cal: new FluidCalendar(clock, capacity, slotNs) };
}

describe('FluidCalendar', () => {
  it('serves a lone booking at the server rate: 2000 units at 2 per ns take 1000 ns', () => {
    const { cal } = calendar();
    expect(cal.reserve(0, 2000)).toBeCloseTo(1000, 9);
  });

  it('a booking never goes faster than its own rate', () => {
    const { cal } = calendar();
    expect(cal.reserve(0, 1000, 0.5)).toBeCloseTo(2000, 9);
  });

  it('two bookings at once share the server: the later one takes what the first leaves', () => {
    const { cal } = calendar();
    // The first runs at 1 unit/ns (half the bus), so the second gets the other half.
    expect(cal.reserve(0, 1000, 1)).toBeCloseTo(1000, 9);
    expect(cal.reserve(0, 1000)).toBeCloseTo(1000, 9);
    // A third finds the bus full until 1000 ns, then runs alone at 2/ns.
    expect(cal.reserve(0, 1000)).toBeCloseTo(1500, 9);
  });

  it('work booked ahead only delays work where it actually uses the server', () => {
    const { cal } = calendar();
    // A transfer far in the future leaves the present free: no wait behind it.
    cal.reserve(50_000, 10_000);
    expect(cal.reserve(0, 2000)).toBeCloseTo(1000, 9);
    // Thousands of small bookings ahead are never forgotten and never block: a big
    // booking now fills the gaps between them, and waits exactly as much as they use.
    const { cal: c2 } = calendar();
    for (let t = 1000; t < 1_000_000; t += 1000) c2.reserve(t, 200); // 10 % of the bus
    expect(c2.reserve(0, 900_000)).toBeCloseTo(500_000, -3);
  });

  it('counts service done and booked work left, and the backlog drains below capacity', () => {
    const { clock, cal } = calendar();
    for (let t = 0; t < 10_000; t += 1000) cal.reserve(t, 1000);
    clock.now = 10_000;
    expect(cal.doneUntil(10_000)).toBeCloseTo(10_000, 6);
    expect(cal.bookedAfter(10_000)).toBeCloseTo(0, 6);
  });

  it('above capacity the backlog grows', () => {
    const { clock, cal } = calendar();
    const backlog: number[] = [];
    for (let t = 0; t < 10_000; t += 1000) {
      clock.now = t;
      cal.reserve(t, 4000); // twice what the server moves per 1000 ns
      backlog.push(cal.bookedAfter(t + 1000));
    }
    expect(backlog[0]).toBeCloseTo(2000, 6);
    expect(backlog[9]).toBeCloseTo(20_000, 6);
  });

  it('never books before now, and keeps its answers when the ring grows', () => {
    const { clock, cal } = calendar(1, 10);
    clock.now = 500;
    expect(cal.reserve(0, 100)).toBeCloseTo(600, 9);
    // 100,000 slots ahead: the ring grows without losing the booking at 500–600.
    expect(cal.reserve(1_000_000, 10)).toBeCloseTo(1_000_010, 9);
    expect(cal.doneUntil(600)).toBeCloseTo(100, 9);
    expect(cal.bookedAfter(600)).toBeCloseTo(10, 9);
  });

  it('service done never shrinks', () => {
    const { clock, cal } = calendar();
    let last = 0;
    for (let t = 0; t < 5000; t += 37) {
      clock.now = t;
      cal.reserve(t + 200, 150, 1.5);
      const done = cal.doneUntil(t);
      expect(done).toBeGreaterThanOrEqual(last);
      last = done;
    }
  });
});
