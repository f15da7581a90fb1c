import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FluidCalendar } from './fluid-calendar.ts';
import { RigidCalendar } from './rigid-calendar.ts';

describe('RigidCalendar', () => {
  it('answers exactly as the fluid calendar does for ordinary bookings', () => {
    // Random bookings as the buses make them: clock moving forward, bookings from now or
    // ahead of it, amounts from a sliver to many slots, rates capped or not, and reads of
    // the work done in between. Every answer must be the same number, bit for bit.
    const step = fc.record({
      advance: fc.integer({ min: 0, max: 3_000 }),
      ahead: fc.integer({ min: 0, max: 5_000 }),
      amount: fc.double({ min: 0, max: 4_000, noNaN: true }),
      rate: fc.oneof(fc.constant(Infinity), fc.double({ min: 0.01, max: 2, noNaN: true })),
      read: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.constantFrom([1, 250], [0.5, 250], [3.621, 1000]),
        fc.array(step, { minLength: 1, maxLength: 300, size: 'max' }),
        ([capacity, slotNs], steps) => {
          const clock = { now: 0 };
          const fluid = new FluidCalendar(clock, capacity!, slotNs!);
          const rigid = new RigidCalendar(clock, capacity!, slotNs!);
          for (const s of steps) {
            clock.now += s.advance;
            const at = clock.now + s.ahead;
            expect(rigid.reserve(at, s.amount, s.rate)).toBe(fluid.reserve(at, s.amount, s.rate));
            if (s.read) expect(rigid.bookedAfter(clock.now)).toBe(fluid.bookedAfter(clock.now));
          }
          expect(rigid.bookedUnits).toBe(fluid.bookedUnits);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('grows its ring for bookings far ahead and keeps them', () => {
    const clock = { now: 0 };
    const cal = new RigidCalendar(clock, 1, 250);
    // 10,000 slots ahead: past the initial ring of 1,024.
    expect(cal.reserve(2_500_000, 100)).toBeCloseTo(2_500_100, 9);
    // The second shares that slot: its 100 units in the 150 left, spread over the slot.
    expect(cal.reserve(2_500_000, 100)).toBeCloseTo(2_500_000 + (100 / 150) * 250, 6);
    clock.now = 3_000_000;
    expect(cal.bookedAfter(clock.now)).toBe(0);
  });
});
