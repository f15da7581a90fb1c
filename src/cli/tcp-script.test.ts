import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offload-lab-tcp-script-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { code: 0, stdout: '', stderr: '' };
  out.code = await runCli(argv, {
    stdout: (t) => (out.stdout += t),
    stderr: (t) => (out.stderr += t),
    stderrIsTTY: false,
    loadRunScenario: () => Promise.reject(new Error('tcp-script runs no scenario')),
  });
  return out;
}

function script(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const HANDSHAKE = [
  '// profiles: linux linux-2.4',
  '0    socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
  '+0   bind(3, ..., ...) = 0',
  '+0   listen(3, 1) = 0',
  '+0   < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>',
  '+0   > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 3>',
  '+.1  < . 1:1(0) ack 1 win 257',
  '+0   accept(3, ..., ...) = 4',
];

describe('offload-lab tcp-script', () => {
  it('exits 0 when every line holds, under each profile the script names, with a transcript', async () => {
    const r = await cli(['tcp-script', script('ok.pkt', HANDSHAKE)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PASS .*ok\.pkt \[linux\]/);
    expect(r.stdout).toMatch(/PASS .*ok\.pkt \[linux-2\.4\]/);
    expect(r.stdout).toContain('   0.100  accept(3, ..., ...) = 4');
  });

  it('exits 1 at the first mismatch, printing the expected and the actual line', async () => {
    const file = script('bad.pkt', [
      ...HANDSHAKE,
      '+0   write(4, ..., 100) = 100',
      '+0   > P. 1:101(100) ack 2',
    ]);
    const r = await cli(['tcp-script', file, '--profile', 'linux', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL ${file}:10 [linux]`);
    expect(r.stdout).toContain('expected: > P. 1:101(100) ack 2');
    expect(r.stdout).toContain('actual:   > P. 1:101(100) ack 1 win');
  });

  it('exits 2 naming the file and line of a script it cannot read', async () => {
    const file = script('typo.pkt', [
      '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
      '+0 < Q 0:0(0) win 1',
    ]);
    const r = await cli(['tcp-script', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:2: unknown TCP flag "Q"`);
    const unsupported = script('call.pkt', [
      '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
      '+0 poll(3) = 0',
    ]);
    expect((await cli(['tcp-script', unsupported])).stderr).toContain(
      `${unsupported}:2: unsupported system call poll()`,
    );
  });

  it('exits 2 for a missing file and a bad --profile', async () => {
    expect((await cli(['tcp-script', path.join(dir, 'none.pkt')])).code).toBe(2);
    const r = await cli(['tcp-script', script('ok.pkt', HANDSHAKE), '--profile', 'bsd']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--profile: must be one of linux, linux-2.4 (got "bsd")');
  });

  it('is in --help', async () => {
    const r = await cli(['--help']);
    expect(r.stdout).toContain('offload-lab tcp-script FILE.pkt...');
  });
});
