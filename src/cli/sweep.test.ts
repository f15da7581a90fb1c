import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Results } from '../sim/metrics/results.ts';
import type { Scenario } from '../sim/scenario/schema.ts';
import { UsageError } from './args.ts';
import { runCli, type RunOptions } from './cli.ts';
import { fakeResults } from './fake-results.testing.ts';
import { METRIC_COLUMNS, expandGrid, parseSetFlag, parseSetFlags, setPath } from './sweep.ts';

describe('--set words', () => {
  it('a --set word into a path and its values', () => {
    expect(parseSetFlag('bus.kind=pci-66, pcix-133')).toEqual({
      path: 'bus.kind',
      texts: ['pci-66', 'pcix-133'],
      values: ['pci-66', 'pcix-133'],
    });
    expect(parseSetFlag('host.cpuGhz=1.2,2.4').values).toEqual([1.2, 2.4]);
    expect(parseSetFlag('tcp.sack=true,false').values).toEqual([true, false]);
  });

  it('rejects malformed --set words and a path given twice', () => {
    expect(() => parseSetFlag('host.cpuGhz')).toThrow(UsageError);
    expect(() => parseSetFlag('=1,2')).toThrow(/expected PATH=V1,V2/);
    expect(() => parseSetFlag('host..cpuGhz=1')).toThrow(/not a dotted scenario path/);
    expect(() => parseSetFlag('host.cpuGhz=1,,2')).toThrow(/empty value/);
    expect(() => parseSetFlags(['nic.ports=1', 'nic.ports=2'])).toThrow(/more than once/);
    expect(() => parseSetFlags([])).toThrow(/at least one --set/);
  });

  it('a path that runs into a number is a usage error naming the flag', () => {
    const input = { version: 1, events: [{ atMs: 5 }] };
    expect(setPath(input, 'events.0.atMs', 9)).toEqual({ version: 1, events: [{ atMs: 9 }] });
    expect(() => setPath(input, 'version.x', 1)).toThrow(UsageError);
    expect(() => setPath(input, 'version.x', 1)).toThrow(
      '--set version.x: version is not an object (got 1)',
    );
  });

  it('the grid runs in --set order, the last axis fastest', () => {
    const grid = expandGrid(parseSetFlags(['host.cpuGhz=1,2', 'architecture=a,b']));
    expect(grid.map((point) => point.map((p) => p.text).join('/'))).toEqual([
      '1/a',
      '1/b',
      '2/a',
      '2/b',
    ]);
  });
});

/** The CLI's fake results, with the figures the sweep's columns read. */
function sweepResults(scenario: Scenario): Results {
  return {
    ...fakeResults(scenario),
    ports: fakeResults(scenario).ports.map((p) => ({
      ...p,
      txGoodputMbps: 900,
      rxGoodputMbps: 10.5,
      txWireMbps: 990,
      rxWireMbps: 30,
      txFrames: 1,
      rxFrames: 1,
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
      memoryStallShare: 0,
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
