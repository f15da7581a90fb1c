import { describe, expect, it } from 'vitest';
import {
  SweepPathError,
  axisOfError,
  checkPoint,
  describePoint,
  expandGrid,
  parseSweepValue,
  pointDocument,
  setPath,
  type SweepAxis,
} from './sweep-grid.ts';

function axis(path: string, texts: string[]): SweepAxis {
  return { path, texts, values: texts.map(parseSweepValue) };
}

describe('value parsing', () => {
  it('numbers when numeric, booleans and null by name, else strings', () => {
    expect(parseSweepValue('2.4')).toBe(2.4);
    expect(parseSweepValue('65536')).toBe(65536);
    expect(parseSweepValue('-1')).toBe(-1);
    expect(parseSweepValue('1e3')).toBe(1000);
    expect(parseSweepValue('.5')).toBe(0.5);
    expect(parseSweepValue(' 3 ')).toBe(3);
    expect(parseSweepValue('pcix-133')).toBe('pcix-133');
    expect(parseSweepValue('0x10')).toBe('0x10');
    expect(parseSweepValue('Infinity')).toBe('Infinity');
    expect(parseSweepValue('true')).toBe(true);
    expect(parseSweepValue('false')).toBe(false);
    expect(parseSweepValue('null')).toBeNull();
  });
});

describe('grid expansion', () => {
  it('is the cross product, the last axis varying fastest', () => {
    const grid = expandGrid([
      axis('host.cpuGhz', ['1', '2']),
      axis('architecture', ['a', 'b', 'c']),
    ]);
    expect(grid).toHaveLength(6);
    expect(grid.map((point) => point.map((p) => p.text).join('/'))).toEqual([
      '1/a',
      '1/b',
      '1/c',
      '2/a',
      '2/b',
      '2/c',
    ]);
    expect(grid[4]).toEqual([
      { path: 'host.cpuGhz', text: '2', value: 2 },
      { path: 'architecture', text: 'b', value: 'b' },
    ]);
    expect(describePoint(grid[4]!)).toBe('host.cpuGhz=2 architecture=b');
  });

  it('one axis is one point per value', () => {
    expect(expandGrid([axis('nic.ports', ['1', '2', '4'])])).toHaveLength(3);
  });
});

describe('dotted-path setting', () => {
  it('creates the objects the scenario omits, leaving the input alone', () => {
    const input = { version: 1 };
    expect(setPath(input, 'costs.x', 3)).toEqual({ version: 1, costs: { x: 3 } });
    expect(setPath(input, 'a.b.c', 'v')).toEqual({ version: 1, a: { b: { c: 'v' } } });
    expect(input).toEqual({ version: 1 });
  });

  it('replaces a value and keeps its siblings', () => {
    const input = { version: 1, host: { cpuGhz: 2.4, cpus: 2 } };
    expect(setPath(input, 'host.cpuGhz', 1.2)).toEqual({
      version: 1,
      host: { cpuGhz: 1.2, cpus: 2 },
    });
    expect(setPath(input, 'architecture', 'full-toe')).toMatchObject({ architecture: 'full-toe' });
  });

  it('indexes into a list, and refuses to go through a number', () => {
    const input = { version: 1, events: [{ atMs: 5 }] };
    expect(setPath(input, 'events.0.atMs', 9)).toEqual({ version: 1, events: [{ atMs: 9 }] });
    expect(() => setPath(input, 'version.x', 1)).toThrow(SweepPathError);
    expect(() => setPath(input, 'version.x', 1)).toThrow(/^version\.x: version is not an object/);
    expect(() => setPath(input, 'events.first', 1)).toThrow(/events is a list/);
    expect(() => setPath(3, 'a', 1)).toThrow(/the scenario is not an object/);
  });
});

describe('checking a point', () => {
  const grid = expandGrid([
    axis('host.cpuGhz', ['1', '200']),
    axis('architecture', ['host-stack', 'full-toe']),
  ]);

  it('sets every axis and validates with the scenario schema', () => {
    const check = checkPoint({ version: 1, durationMs: 100 }, grid[1]!);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.scenario.host.cpuGhz).toBe(1);
    expect(check.scenario.architecture).toBe('full-toe');
    expect(check.scenario.durationMs).toBe(100);
    expect(pointDocument({ version: 1 }, grid[1]!)).toEqual({
      version: 1,
      host: { cpuGhz: 1 },
      architecture: 'full-toe',
    });
  });

  it('an out-of-range value fails with the schema error at its path', () => {
    const check = checkPoint({ version: 1 }, grid[2]!);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors).toHaveLength(1);
    expect(check.errors[0]!.path).toBe('host.cpuGhz');
    expect(check.errors[0]!.message).toMatch(/must be a number from 0.1 to 100/);
    const axes = [axis('host.cpuGhz', ['1']), axis('architecture', ['x'])];
    expect(axisOfError(axes, 'host.cpuGhz')?.path).toBe('host.cpuGhz');
    expect(axisOfError(axes, 'host')?.path).toBe('host.cpuGhz');
    expect(axisOfError(axes, 'nic.ports')).toBeUndefined();
  });
});
