import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from './args.ts';
import {
  meanAndInterval,
  mergeParts,
  parseSeeds,
  parseShard,
  partHeader,
  partRow,
  replicatedHeader,
  replicatedRow,
  shardPoints,
} from './sweep-shard.ts';
import type { SweepMetrics } from '../sim/metrics/sweep-table.ts';

describe('--shard K/N', () => {
  it('parses K/N and refuses what is not 1 ≤ K ≤ N', () => {
    expect(parseShard('2/8')).toEqual({ k: 2, n: 8 });
    for (const bad of ['0/4', '5/4', '1/0', '2', 'a/b', '1/2/3', '-1/4']) {
      expect(() => parseShard(bad), bad).toThrow(UsageError);
    }
    expect(() => parseShard('5/4')).toThrow(/--shard: must be K\/N with 1 ≤ K ≤ N/);
  });

  it('splits a grid into disjoint parts that cover it', () => {
    for (const [total, n] of [
      [10, 3],
      [3, 8],
      [1, 1],
      [240, 16],
    ] as const) {
      const all = Array.from({ length: n }, (_, k) => shardPoints(total, { k: k + 1, n })).flat();
      expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
    }
    expect(shardPoints(10, { k: 2, n: 3 })).toEqual([1, 4, 7]);
    expect(shardPoints(4, undefined)).toEqual([0, 1, 2, 3]);
  });
});

describe('--seeds', () => {
  it('takes a range or a list of distinct non-negative integers', () => {
    expect(parseSeeds('1..5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('7')).toEqual([7]);
    expect(parseSeeds('3,1,9')).toEqual([3, 1, 9]);
    for (const bad of ['5..1', '1,1', 'x', '1..', '-1..2', '1.5', '0..20000']) {
      expect(() => parseSeeds(bad), bad).toThrow(UsageError);
    }
  });

  it('reports the mean and the 95 % t-interval half-width', () => {
    expect(meanAndInterval([5])).toEqual({ mean: 5, ci95: null });
    // Three values 1, 2, 3: mean 2, s = 1, t(0.975, 2) = 4.303 → 4.303 / √3.
    const { mean, ci95 } = meanAndInterval([1, 2, 3]);
    expect(mean).toBe(2);
    expect(ci95).toBeCloseTo(4.303 / Math.sqrt(3), 9);
  });

  it('summarises the runs of a point: means, intervals, the verdict most seeds gave', () => {
    const run = (goodputMbps: number, bottleneck: SweepMetrics['bottleneck']): SweepMetrics => ({
      goodputMbps,
      cpuUtilization: null,
      cyclesPerPayloadByte: null,
      cpuCopiesPerByte: null,
      memoryBusBytesPerByte: null,
      pciBytesPerByte: null,
      pciUtilization: null,
      memoryBusUtilization: null,
      engineUtilization: null,
      cardMemoryPeakBytes: null,
      bottleneck,
      streamIntact: true,
    });
    const header = replicatedHeader(['host.cpuGhz']).trim().split(',');
    const row = replicatedRow(['2.4'], [run(900, 'wire'), run(910, 'host-cpu'), run(920, 'wire')])
      .trim()
      .split(',');
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell('seeds')).toBe('3');
    expect(cell('goodputMbps')).toBe('910');
    expect(Number(cell('goodputMbpsCi95'))).toBeCloseTo((4.303 * 10) / Math.sqrt(3), 3);
    expect(cell('cpuUtilization')).toBe('');
    expect(cell('bottleneck')).toBe('wire');
    expect(Number(cell('bottleneckAgreement'))).toBeCloseTo(2 / 3, 4);
    expect(cell('streamIntact')).toBe('true');
  });
});

describe('sweep-merge', () => {
  const header = 'a,goodputMbps\r\n';
  const part = (grid: string, points: number, rows: [number, string][]) =>
    partHeader(header) + rows.map(([i, r]) => partRow(grid, i, points, `${r}\r\n`)).join('');

  it('orders the rows of the parts by point and drops the part columns', () => {
    const merged = mergeParts([
      { name: 'p2', text: part('abc', 3, [[1, '2,20']]) },
      {
        name: 'p1',
        text: part('abc', 3, [
          [0, '1,10'],
          [2, '3,30'],
        ]),
      },
    ]);
    expect(merged).toBe('a,goodputMbps\r\n1,10\r\n2,20\r\n3,30\r\n');
  });

  it('refuses parts of different grids, a point twice, a missing point, a non-part', () => {
    const p1 = { name: 'p1', text: part('abc', 2, [[0, '1,10']]) };
    expect(() => mergeParts([p1, { name: 'p2', text: part('def', 2, [[1, '2,20']]) }])).toThrow(
      /different sweeps/,
    );
    expect(() => mergeParts([p1, p1])).toThrow(/point 0 is also in p1/);
    expect(() => mergeParts([p1])).toThrow(/1 of 2 points missing \(1\)/);
    expect(() => mergeParts([{ name: 'x.csv', text: header }])).toThrow(InputError);
    expect(() => mergeParts([{ name: 'x.csv', text: header }])).toThrow(/x\.csv: not a sweep part/);
  });
});

const BIN = resolve(import.meta.dirname, '../../bin/offload-lab.mjs');
const PARALLEL = '/usr/bin/parallel';

describe('a sharded sweep through GNU parallel', () => {
  if (!existsSync(PARALLEL)) {
    it.skip('needs GNU parallel (apt-get install parallel; .ci/run installs it)', () => {});
    return;
  }
  it('merges to exactly the file the unsharded sweep writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'offload-lab-shard-'));
    const scenario = join(dir, 's.json');
    writeFileSync(scenario, JSON.stringify({ version: 1, durationMs: 10, nic: { ports: 1 } }));
    const grid = [
      'sweep',
      scenario,
      '--set',
      'host.cpuGhz=1,2.4',
      '--set',
      'architecture=host-stack,csum-tso,full-toe',
      '--no-check',
      '--quiet',
    ];
    const whole = spawnSync(process.execPath, [BIN, ...grid, '--out', join(dir, 'all.csv')], {
      encoding: 'utf8',
    });
    expect(whole.status, whole.stderr).toBe(0);
    // Four parts, two at a time, as `parallel` runs any command line.
    const sharded = spawnSync(
      PARALLEL,
      [
        '--jobs',
        '2',
        '--halt',
        'now,fail=1',
        process.execPath,
        BIN,
        ...grid,
        '--shard',
        '{}/4',
        '--out',
        join(dir, 'part{}.csv'),
        ':::',
        '1',
        '2',
        '3',
        '4',
      ],
      { encoding: 'utf8' },
    );
    expect(sharded.status, sharded.stderr).toBe(0);
    const parts = [1, 2, 3, 4].map((k) => join(dir, `part${k}.csv`));
    const merge = spawnSync(
      process.execPath,
      [BIN, 'sweep-merge', ...parts, '--out', join(dir, 'merged.csv')],
      { encoding: 'utf8' },
    );
    expect(merge.status, merge.stderr).toBe(0);
    const all = readFileSync(join(dir, 'all.csv'), 'utf8');
    expect(all.split('\r\n').filter(Boolean)).toHaveLength(1 + 6);
    expect(readFileSync(join(dir, 'merged.csv'), 'utf8')).toBe(all);
    // A part left out is named, not silently dropped.
    const partial = spawnSync(process.execPath, [BIN, 'sweep-merge', ...parts.slice(1)], {
      encoding: 'utf8',
    });
    expect(partial.status).toBe(2);
    expect(partial.stderr).toMatch(/2 of 6 points missing \(0, 4\)/);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
