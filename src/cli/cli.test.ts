import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Results } from '../sim/metrics/results.ts';
import { PRESETS } from '../sim/scenario/presets.ts';
import { parseScenario, type Scenario } from '../sim/scenario/schema.ts';
import { runCli, type RunOptions, type RunScenario } from './cli.ts';
import { fakeResults } from './fake-results.testing.ts';

interface Harness {
  stdout: string;
  stderr: string;
  calls: { scenario: Scenario; options: RunOptions | undefined }[];
  run(argv: string[]): Promise<number>;
}

function harness(runScenario?: RunScenario): Harness {
  const h: Harness = {
    stdout: '',
    stderr: '',
    calls: [],
    run: (argv) =>
      runCli(argv, {
        stdout: (text) => {
          h.stdout += text;
        },
        stderr: (text) => {
          h.stderr += text;
        },
        stderrIsTTY: false,
        loadRunScenario: async () =>
          runScenario ??
          ((scenario, options) => {
            h.calls.push({ scenario, options });
            options?.onProgress?.(scenario.durationMs / 2, scenario.durationMs);
            options?.onProgress?.(scenario.durationMs, scenario.durationMs);
            return fakeResults(scenario);
          }),
      }),
  };
  return h;
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offload-lab-cli-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeFile(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('invalid input exits 2 with one clear message', () => {
  it('an invalid scenario names the field', async () => {
    const file = writeFile('bad.json', JSON.stringify({ version: 1, nic: { ports: 12 } }));
    const h = harness();
    expect(await h.run(['run', file])).toBe(2);
    expect(h.stderr).toContain('invalid scenario');
    expect(h.stderr).toContain('nic.ports: must be an integer from 1 to 8 (got 12)');
    expect(h.stderr).not.toMatch(/\bat .*:\d+:\d+/); // no stack trace
    expect(h.calls).toHaveLength(0);
  });

  it('an architecture the card cannot do names both (issue 13)', async () => {
    const file = writeFile(
      'card.json',
      JSON.stringify({ version: 1, architecture: 'full-toe', nic: { profile: 'intel-82546' } }),
    );
    const h = harness();
    expect(await h.run(['run', file])).toBe(2);
    expect(h.stderr).toContain(
      'architecture: full-toe cannot run on nic.profile intel-82546 (Intel PRO/1000 MT Quad Port (2 × 82546 behind a PCI-X bridge)): it has no TCP offload engine; it can run host-stack, csum-tso',
    );
    expect(h.calls).toHaveLength(0);
  });

  it('a scenario nested 100,000 levels deep names the field, without a stack trace', async () => {
    const deep = (open: string, close: string) =>
      `${open.repeat(100_000)}1${close.repeat(100_000)}`;
    const cases: [string, string][] = [
      [`{"version":1,"nic":{"ports":${deep('[', ']')}}}`, 'nic.ports: must be an integer'],
      [deep('[', ']'), '(scenario): must be an object (got [[['],
      [`{"version":1,"name":${deep('{"a":', '}')}}`, 'name: must be a string'],
    ];
    for (const [text, message] of cases) {
      const h = harness();
      expect(await h.run(['run', writeFile('deep.json', text)])).toBe(2);
      expect(h.stderr).toContain(message);
      expect(h.stderr).not.toMatch(/RangeError|\bat .*:\d+:\d+/);
      expect(h.calls).toHaveLength(0);
    }
  });

  it('a missing file', async () => {
    const h = harness();
    expect(await h.run(['run', path.join(dir, 'nope.json')])).toBe(2);
    expect(h.stderr).toMatch(/nope\.json: no such file, and no preset with that id/);
  });

  it('invalid JSON, with line and column', async () => {
    const file = writeFile('broken.json', '{\n  "version": 1,\n  "seed" 4\n}\n');
    const h = harness();
    expect(await h.run(['run', file])).toBe(2);
    expect(h.stderr).toContain(`${file}: invalid JSON at line 3, column 10`);
  });

  it('a directory instead of a file', async () => {
    const h = harness();
    expect(await h.run(['run', dir])).toBe(2);
    expect(h.stderr).toContain('is a directory');
  });

  it('bad flags name the flag and what it accepts', async () => {
    const cases: [string[], string][] = [
      [['run', '1x1g-bulk-send', '--speed', '10'], 'unknown flag --speed'],
      [['run', '1x1g-bulk-send', '--seed', 'abc'], '--seed: must be a non-negative integer'],
      [['run', '1x1g-bulk-send', '--out'], '--out needs a value'],
      [['run', '1x1g-bulk-send', '--pcap', dir, '--snaplen', '0'], '--snaplen: must be an integer'],
      [['run'], 'missing SCENARIO'],
      [['frobnicate'], "unknown command 'frobnicate'"],
      [[], 'missing command'],
    ];
    for (const [argv, message] of cases) {
      const h = harness();
      expect(await h.run(argv), argv.join(' ')).toBe(2);
      expect(h.stderr).toContain(message);
    }
  });

  it('overrides are validated through the schema and named by flag', async () => {
    const h = harness();
    expect(await h.run(['run', '1x1g-bulk-send', '--duration-ms', '0'])).toBe(2);
    expect(h.stderr).toContain(
      'durationMs (from --duration-ms): must be a number from 1 to 3600000 (got 0)',
    );
  });

  it('an --out directory that does not exist, before running', async () => {
    const h = harness();
    expect(await h.run(['run', '1x1g-bulk-send', '--out', path.join(dir, 'a', 'r.json')])).toBe(2);
    expect(h.stderr).toContain('does not exist');
    expect(h.calls).toHaveLength(0);
  });

  it('sweep without --set, before running', async () => {
    const h = harness();
    expect(await h.run(['sweep', '1x1g-bulk-send'])).toBe(2);
    expect(h.stderr).toContain('sweep: needs at least one --set PATH=V1,V2,...');
    expect(h.calls).toHaveLength(0);
  });
});

describe('presets', () => {
  it('lists every preset as an aligned table', async () => {
    const h = harness();
    expect(await h.run(['presets'])).toBe(0);
    const lines = h.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(PRESETS.length + 1);
    const titleColumn = lines[0]?.indexOf('TITLE');
    PRESETS.forEach((preset, i) => {
      const line = lines[i + 1] ?? '';
      expect(line.startsWith(preset.id)).toBe(true);
      expect(line.indexOf(preset.title)).toBe(titleColumn);
      expect(line).toContain(preset.description);
    });
  });

  it('--write writes one valid scenario file per preset', async () => {
    const out = path.join(dir, 'presets');
    const h = harness();
    expect(await h.run(['presets', '--write', out])).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(PRESETS.map((p) => `${p.id}.json`).sort());
    for (const preset of PRESETS) {
      const text = fs.readFileSync(path.join(out, `${preset.id}.json`), 'utf8');
      expect(parseScenario(JSON.parse(text)).ok, preset.id).toBe(true);
    }
  });
});

describe('run', () => {
  it('writes --out as pretty JSON and captures through the sinks', async () => {
    const scenarioFile = writeFile('s.json', JSON.stringify({ version: 1, nic: { ports: 2 } }));
    const outFile = path.join(dir, 'results.json');
    const pcapDir = path.join(dir, 'pcap');
    const h = harness((scenario, options) => {
      for (let port = 0; port < scenario.nic.ports; port++) {
        const sink = options?.pcap?.sinkForPort(port);
        sink?.write(new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1]));
        sink?.write(new Uint8Array([port]));
        if (port === 0) sink?.close(); // port 1 is left for the CLI to close
      }
      expect(options?.pcap?.snaplen).toBe(96);
      return fakeResults(scenario);
    });
    const argv = ['run', scenarioFile, '--out', outFile, '--pcap', pcapDir, '--snaplen', '96'];
    expect(await h.run([...argv, '--seed', '7', '--duration-ms=500'])).toBe(0);
    const text = fs.readFileSync(outFile, 'utf8');
    expect(text).toContain('\n  "scenario": {');
    const saved = JSON.parse(text) as Results;
    expect(saved.scenario).toMatchObject({ seed: 7, durationMs: 500, nic: { ports: 2 } });
    expect(saved.ports).toHaveLength(2);
    for (const port of [0, 1]) {
      const bytes = fs.readFileSync(path.join(pcapDir, `port${port}.pcap`));
      expect([...bytes]).toEqual([0xd4, 0xc3, 0xb2, 0xa1, port]);
    }
    expect(h.stdout).toBe('');
  });

  it('prints a summary without --out, and progress on stderr', async () => {
    const h = harness();
    expect(await h.run(['run', '4x1g-bulk-send'])).toBe(0);
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0]?.options?.pcap).toBeUndefined();
    expect(h.stdout).toContain('bottleneck: wire');
    expect(h.stdout).toContain('card: ne-4port');
    expect(h.stdout).toContain('941.2');
    expect(h.stdout).toContain('234,567,890');
    expect(h.stderr).toContain('simulated 1000/2000 ms');
    expect(h.stderr).toContain('simulated 2000/2000 ms');
  });

  it('prints the card sync section for full-toe, and why there is none elsewhere', async () => {
    const sync: NonNullable<Results['sync']> = {
      strategy: 'push',
      staleEntrySeconds: 0.000001,
      maxStalenessMs: 0.0009,
      framesToStaleMac: 5,
      framesToStaleMacByPort: [5],
      policyViolations: null,
      updatesSent: 1,
      entries: [
        {
          port: 0,
          ip: '10.0.0.2',
          staleMs: 0.0009,
          intervals: [
            { status: 'in-sync', fromMs: 0.1321, toMs: 1000.0549 },
            { status: 'stale', fromMs: 1000.0549, toMs: 1000.0558 },
            { status: 'in-sync', fromMs: 1000.0558, toMs: 2000 },
          ],
        },
      ],
    };
    const h = harness((scenario) => ({ ...fakeResults(scenario), sync }));
    expect(await h.run(['run', '4x1g-bulk-send'])).toBe(0);
    expect(h.stdout).toContain(
      'sync: push; max staleness 0.0009 ms, 0.000001 stale entry-seconds, 5 frames to a stale MAC, 1 update sent',
    );
    expect(h.stdout).toContain('stale 1000.055–1000.056 ms');
    const none = harness((scenario) => ({ ...fakeResults(scenario), syncNote: 'no shadow' }));
    expect(await none.run(['run', '4x1g-bulk-send'])).toBe(0);
    expect(none.stdout).toContain('sync: none (no shadow)');
  });

  it('prints a filter line and its rules only when the scenario has rules', async () => {
    const filter: Results['filter'] = {
      policy: 'bypass',
      rules: [
        {
          rule: 'drop out tcp dport 5001',
          droppedByHost: { in: 0, out: 0 },
          droppedByCard: { in: 0, out: 0 },
          violations: { in: 0, out: 81_531 },
        },
      ],
      droppedByHost: 0,
      droppedByCard: 0,
      violations: 81_531,
      refusedOffload: 0,
      enforcedOnCard: false,
    };
    const h = harness((scenario) => ({ ...fakeResults(scenario), filter }));
    expect(await h.run(['run', '4x1g-bulk-send'])).toBe(0);
    expect(h.stdout).toContain(
      'filter: bypass, 1 rule; dropped by host 0, by card 0; 81,531 violations; 0 connections refused offload',
    );
    expect(h.stdout).toContain(
      '  rule 0 drop out tcp dport 5001: host in 0 out 0; card in 0 out 0; violations in 0 out 81,531',
    );
    const none = harness();
    expect(await none.run(['run', '4x1g-bulk-send'])).toBe(0);
    expect(none.stdout).not.toContain('filter:');
  });

  it('--quiet keeps stderr empty', async () => {
    const h = harness();
    expect(await h.run(['run', '1x1g-bulk-send', '--quiet'])).toBe(0);
    expect(h.stderr).toBe('');
  });

  it('reads a file named like a preset rather than the preset', async () => {
    // Vitest workers cannot chdir, so the file is named by its absolute path.
    const file = writeFile('1x1g-jumbo', JSON.stringify({ version: 1, link: { mtu: 4000 } }));
    const h = harness();
    expect(await h.run(['run', file, '--quiet'])).toBe(0);
    expect(h.calls[0]?.scenario.link.mtu).toBe(4000);
  });

  it('an internal error exits 1 with the message and then the stack', async () => {
    const h = harness(() => {
      throw new Error('scheduler ran backwards');
    });
    expect(await h.run(['run', '1x1g-bulk-send', '--quiet'])).toBe(1);
    expect(h.stderr).toMatch(/^offload-lab: internal error: scheduler ran backwards\n/);
    expect(h.stderr).toContain('cli.test.ts');
  });
});
