import { describe, expect, it } from 'vitest';
import { seriesCsv } from './series-csv.ts';

describe('time series CSV', () => {
  it('a header with ids and units, one row per sample, gaps left empty', () => {
    const csv = seriesCsv(
      [
        { id: 'port0.tx.goodput', unit: 'Mbit/s' },
        { id: 'odd,id', unit: '' },
      ],
      new Float64Array([0.001, 0.002]),
      [new Float64Array([941.5, 940]), new Float64Array([NaN, 2])],
      2,
    );
    expect(csv).toBe(
      'time_s,port0.tx.goodput [Mbit/s],"odd,id"\n0.001000000,941.5,\n0.002000000,940,2\n',
    );
  });

  it('only the first `length` rows count', () => {
    const csv = seriesCsv([{ id: 'a', unit: '%' }], [1, 2, 3], [[1, 2, 3]], 1);
    expect(csv.trim().split('\n')).toEqual(['time_s,a [%]', '1.000000000,1']);
  });
});
