/**
 * The installed command, end to end: `offload-lab` as a process (bin/offload-lab.mjs
 * through tsx), the real simulator behind it, files on disk.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/offload-lab.mjs');
const dir = mkdtempSync(join(tmpdir(), 'offload-lab-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('offload-lab command', () => {
  it('exits 2 naming the bad field of an invalid scenario, without a stack trace', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ version: 1, nic: { ports: 12 } }));
    const r = cli('run', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nic.ports');
    expect(r.stderr).toContain('1 to 8');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for a missing file', () => {
    const r = cli('run', join(dir, 'nope.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.json');
  });

  it('exits 2 for a valid scenario the model cannot simulate yet, naming the field', () => {
    const file = join(dir, 'route.json');
    // A route change onto the port's own link: valid JSON, but there is no second path.
    const events = [{ atMs: 1, kind: 'route-change', port: 0, toPort: 0 }];
    writeFileSync(file, JSON.stringify({ version: 1, events }));
    const r = cli('run', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('events[0].toPort');
  });

  it('runs a scenario, writing results JSON with the §6 keys and one pcap per port', () => {
    const file = join(dir, 'two.json');
    const out = join(dir, 'r.json');
    const pcap = join(dir, 'pcap');
    writeFileSync(file, JSON.stringify({ version: 1, durationMs: 20, nic: { ports: 2 } }));
    const r = cli('run', file, '--out', out, '--pcap', pcap, '--snaplen', '96', '--seed', '3');
    expect(r.stderr).toContain('simulated');
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    for (const key of ['scenario', 'simulatedMs', 'wallMs', 'events', 'ports', 'connections']) {
      expect(results).toHaveProperty(key);
    }
    for (const key of ['host', 'bus', 'nic', 'copies']) {
      expect(results[key]).toBeTypeOf('object');
      expect(results[key]).not.toBeNull();
    }
    expect(results.sync).toBeNull();
    expect(typeof results.bottleneck).toBe('string');
    expect((results.scenario as { seed: number }).seed).toBe(3);
    expect(results.simulatedMs).toBe(20);
    expect(existsSync(join(pcap, 'port0.pcap'))).toBe(true);
    expect(existsSync(join(pcap, 'port1.pcap'))).toBe(true);
    const bytes = readFileSync(join(pcap, 'port0.pcap'));
    expect(bytes.readUInt32LE(0)).toBe(0xa1b23c4d);
    expect(bytes.readUInt32LE(16)).toBe(96);
  });

  it('sweeps architectures into CSV: host-stack copies each byte once, full-toe not at all', () => {
    const file = join(dir, 'sweep.json');
    writeFileSync(file, JSON.stringify({ version: 1, durationMs: 200, nic: { ports: 1 } }));
    const r = cli('sweep', file, '--set', 'architecture=host-stack,full-toe');
    expect(r.stderr).toContain('point 2/2: architecture=full-toe');
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split('\r\n');
    const columns = (header as string).split(',');
    expect(columns.slice(0, 2)).toEqual(['architecture', 'goodputMbps']);
    expect(rows).toHaveLength(2);
    const cell = (row: string | undefined, column: string) =>
      (row as string).split(',')[columns.indexOf(column)];
    expect(cell(rows[0], 'architecture')).toBe('host-stack');
    expect(cell(rows[1], 'architecture')).toBe('full-toe');
    expect(Number(cell(rows[0], 'cpuCopiesPerByte'))).toBeCloseTo(1, 1);
    expect(Number(cell(rows[1], 'cpuCopiesPerByte'))).toBeCloseTo(0, 2);
    for (const row of rows) {
      expect(Number(cell(row, 'goodputMbps'))).toBeGreaterThan(500);
      expect(cell(row, 'streamIntact')).toBe('true');
    }
  });
});
