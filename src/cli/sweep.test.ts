import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Results } from '../sim/metrics/results.ts';
import type { Scenario } from '../sim/scenario/schema.ts';
import { UsageError } from './args.ts';
import { runCli, type RunOptions } from './cli.ts';
import { fakeResults } from './fake-results.testing.ts';
import {
  METRIC_COLUMNS,
  csvField,
  csvRow,
  expandGrid,
  formatNumber,
  parseSetFlag,
  parseSetFlags,
  parseSweepValue,
  setPath,
} from './sweep.ts';

describe('value parsing', () => {
  it('numbers when numeric, booleans and null by name, else strings', () => {
    expect(parseSweepValue('2.4')).toBe(2.4);
    expect(parseSweepValue('65536')).toBe(65536);
    expect(parseSweepValue('-1')).toBe(-1);
    expect(parseSweepValue('1e3')).toBe(1000);
    expect(parseSweepValue('.5')).toBe(0.5);
    expect(parseSweepValue('pcix-133')).toBe('pcix-133');
    expect(parseSweepValue('0x10')).toBe('0x10');
    expect(parseSweepValue('Infinity')).toBe('Infinity');
    expect(parseSweepValue('true')).toBe(true);
    expect(parseSweepValue('false')).toBe(false);
    expect(parseSweepValue('null')).toBeNull();
  });

  it('a --set word into a path and its values', () => {
    expect(parseSetFlag('bus.kind=pci-66, pcix-133')).toEqual({
      path: 'bus.kind',
      texts: ['pci-66', 'pcix-133'],
      values: ['pci-66', 'pcix-133'],
    });
    expect(parseSetFlag('host.cpuGhz=1.2,2.4').values).toEqual([1.2, 2.4]);
  });

  it('rejects malformed --set words and a path given twice', () => {
    expect(() => parseSetFlag('host.cpuGhz')).toThrow(UsageError);
    expect(() => parseSetFlag('=1,2')).toThrow(/expected PATH=V1,V2/);
    expect(() => parseSetFlag('host..cpuGhz=1')).toThrow(/not a dotted scenario path/);
    expect(() => parseSetFlag('host.cpuGhz=1,,2')).toThrow(/empty value/);
    expect(() => parseSetFlags(['nic.ports=1', 'nic.ports=2'])).toThrow(/more than once/);
    expect(() => parseSetFlags([])).toThrow(/at least one --set/);
  });
});

describe('grid expansion', () => {
  it('is the cross product, the last axis varying fastest', () => {
    const grid = expandGrid(parseSetFlags(['host.cpuGhz=1,2', 'architecture=a,b,c']));
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
  });

  it('one axis is one point per value', () => {
    expect(expandGrid(parseSetFlags(['nic.ports=1,2,4']))).toHaveLength(3);
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
    expect(() => setPath(input, 'version.x', 1)).toThrow(/version is not an object/);
    expect(() => setPath(input, 'events.first', 1)).toThrow(/events is a list/);
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvRow(['x', 1, 'y,z'])).toBe('x,1,"y,z"\r\n');
  });

  it('numbers to 4 decimals, integers whole', () => {
    expect(formatNumber(941.23456)).toBe('941.2346');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(253456)).toBe('253456');
    expect(formatNumber(-0.00001)).toBe('0');
    expect(csvField(1 / 3)).toBe('0.3333');
  });
});

/** The CLI's fake results, with the figures the sweep's columns read. */
function sweepResults(scenario: Scenario): Results {
  return {
    ...fakeResults(scenario),
    ports: Array.from({ length: scenario.nic.ports }, (_, port) => ({
      port,
      txGoodputMbps: 900,
      rxGoodputMbps: 10.5,
      txWireMbps: 990,
      rxWireMbps: 30,
      txFrames: 1,
      rxFrames: 1,
      framesDropped: 0,
      framesToStaleMac: 0,
    })),
    connections: [],
    host: {
      cpuUtilization: scenario.host.cpuGhz / 10,
      cyclesPerPayloadByte: 8.25,
      cpuBreakdown: {
        copy: 0,
        checksum: 0,
        protocol: 0,
        interrupt: 0,
        syscall: 0,
        driver: 0,
        sync: 0,
      },
      memoryBusUtilization: 0.25,
    },
    copies: { cpuCopiesPerByte: 1, memoryBusBytesPerByte: 4.1, pciBytesPerByte: 1.1 },
  };
}

describe('offload-lab sweep through runCli', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offload-lab-sweep-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function harness() {
    const h = {
      stdout: '',
      stderr: '',
      calls: [] as { scenario: Scenario; options: RunOptions | undefined }[],
      run: (argv: string[]) =>
        runCli(argv, {
          stdout: (text) => {
            h.stdout += text;
          },
          stderr: (text) => {
            h.stderr += text;
          },
          stderrIsTTY: false,
          loadRunScenario: async () => (scenario, options) => {
            h.calls.push({ scenario, options });
            return sweepResults(scenario);
          },
        }),
    };
    return h;
  }

  function scenarioFile(document: unknown): string {
    const file = path.join(dir, 's.json');
    fs.writeFileSync(file, JSON.stringify(document));
    return file;
  }

  it('a 2×2 sweep runs 4 points and prints 4 rows with the swept and metric columns', async () => {
    const file = scenarioFile({ version: 1, durationMs: 50 });
    const h = harness();
    const argv = ['sweep', file, '--set', 'host.cpuGhz=1.2,2.4', '--set=nic.ports=1,2'];
    expect(await h.run(argv)).toBe(0);
    expect(h.calls.map((c) => [c.scenario.host.cpuGhz, c.scenario.nic.ports])).toEqual([
      [1.2, 1],
      [1.2, 2],
      [2.4, 1],
      [2.4, 2],
    ]);
    expect(typeof h.calls[0]?.options?.clock).toBe('function');
    const lines = h.stdout.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(['host.cpuGhz', 'nic.ports', ...METRIC_COLUMNS].join(','));
    expect(lines[1]).toBe('1.2,1,910.5,0.12,8.25,1,4.1,1.1,,0.25,,,wire,');
    expect(lines[4]?.split(',').slice(0, 4)).toEqual(['2.4', '2', '1821', '0.24']);
    expect(h.stderr).toContain('point 3/4: host.cpuGhz=2.4 nic.ports=1\n');
  });

  it('--out writes the CSV to a file; --quiet keeps stderr empty', async () => {
    const out = path.join(dir, 'sweep.csv');
    const h = harness();
    const argv = ['sweep', '1x1g-bulk-send', '--set', 'bus.kind=pci-66,pcix-133', '--out', out];
    expect(await h.run([...argv, '--quiet'])).toBe(0);
    expect(h.stdout).toBe('');
    expect(h.stderr).toBe('');
    expect(h.calls.map((c) => c.scenario.bus.kind)).toEqual(['pci-66', 'pcix-133']);
    const rows = fs.readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(rows).toHaveLength(3);
    expect(rows[1]?.startsWith('pci-66,')).toBe(true);
  });

  it('an invalid value exits 2 naming the path and the allowed values, before any run', async () => {
    const h = harness();
    const argv = ['sweep', scenarioFile({ version: 1 }), '--set', 'bus.kind=pci-66,pci-99'];
    expect(await h.run(argv)).toBe(2);
    expect(h.stderr).toContain('(bus.kind=pci-99)');
    expect(h.stderr).toContain(
      'bus.kind (from --set): must be one of pci-66, pcix-133, pcix-266, pcix-533 (got "pci-99")',
    );
    expect(h.calls).toHaveLength(0);
    expect(h.stdout).toBe('');
  });

  it('an out-of-range number in the last point still stops the sweep before it starts', async () => {
    const h = harness();
    const argv = ['sweep', scenarioFile({ version: 1 }), '--set', 'host.cpuGhz=1,2,200'];
    expect(await h.run(argv)).toBe(2);
    expect(h.stderr).toContain('host.cpuGhz (from --set): must be a number from 0.1 to 100');
    expect(h.calls).toHaveLength(0);
  });

  it('an unknown path exits 2 naming it', async () => {
    const h = harness();
    const argv = ['sweep', scenarioFile({ version: 1 }), '--set', 'costs.x=1,2'];
    expect(await h.run(argv)).toBe(2);
    expect(h.stderr).toContain('--set costs.x: unknown scenario path');
    expect(h.calls).toHaveLength(0);

    const h2 = harness();
    expect(await h2.run(['sweep', '1x1g-bulk-send', '--set', 'hots.cpuGhz=1'])).toBe(2);
    expect(h2.stderr).toContain('--set hots.cpuGhz: unknown scenario path (hots: unknown field');
    expect(h2.calls).toHaveLength(0);
  });

  it('a malformed --set is a usage error', async () => {
    const h = harness();
    expect(await h.run(['sweep', '1x1g-bulk-send', '--set', 'nic.ports'])).toBe(2);
    expect(h.stderr).toContain('--set nic.ports: expected PATH=V1,V2,...');
    expect(h.calls).toHaveLength(0);
  });
});
