import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fifo, NumberFifo } from './fifo.ts';

/**
 * Random pushes and shifts, twice as many pushes: the ring wraps and then grows with its
 * oldest item anywhere in it (the ring starts at 16).
 */
const operations = fc.array(
  fc.oneof(
    { weight: 2, arbitrary: fc.record({ push: fc.double({ noNaN: true, min: 0, max: 2 ** 40 }) }) },
    { weight: 1, arbitrary: fc.constant({ shift: true as const }) },
  ),
  { maxLength: 400, size: 'max' },
);

describe('Fifo and NumberFifo', () => {
  it('give back what was pushed, in order, as an array used as a queue does', () => {
    fc.assert(
      fc.property(operations, (ops) => {
        const model: number[] = [];
        const fifo = new Fifo<number>();
        const numbers = new NumberFifo();
        for (const op of ops) {
          if ('push' in op) {
            model.push(op.push);
            fifo.push(op.push);
            numbers.push(op.push);
          } else {
            const expected = model.shift();
            expect(fifo.shift()).toBe(expected);
            expect(numbers.shift()).toBe(expected ?? Infinity);
          }
          expect(fifo.length).toBe(model.length);
          expect(numbers.length).toBe(model.length);
          expect(fifo.peek()).toBe(model[0]);
          expect(fifo.peekLast()).toBe(model[model.length - 1]);
          expect(numbers.peek()).toBe(model[0] ?? Infinity);
        }
      }),
    );
  });

  it('NumberFifo keeps times past 2^31 ns and fractions exactly', () => {
    const times = new NumberFifo();
    const values = [2 ** 31 + 0.25, 2 ** 40 + 1, 0.5, 3];
    for (const v of values) times.push(v);
    expect(values.map(() => times.shift())).toEqual(values);
    expect(times.peek()).toBe(Infinity);
  });
});
