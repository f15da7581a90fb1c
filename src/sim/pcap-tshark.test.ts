/**
 * Our pcaps are real captures: tshark reads a finite 2 MB transfer with one lost frame
 * without a malformed frame or a bad checksum, and its own TCP analysis finds the
 * retransmission. Skipped (with a note) where tshark is not installed; `.ci/run`
 * installs it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWithCapture, scenarioOf } from './testing.ts';

const TSHARK = ['/usr/bin/tshark', '/usr/local/bin/tshark'].find((p) => existsSync(p));

function tshark(file: string, filter: string, fields: string[] = ['frame.number']): string[] {
  const args = ['-r', file, '-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE'];
  args.push('-Y', filter, '-T', 'fields', ...fields.flatMap((f) => ['-e', f]));
  const out = execFileSync(TSHARK!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.split('\n').filter((l) => l.length > 0);
}

describe.skipIf(!TSHARK)('pcap read by tshark', () => {
  const scenario = scenarioOf({
    durationMs: 200,
    nic: { ports: 1 },
    workload: { kind: 'bulk-send', bytesPerConnection: 2_000_000 },
    events: [{ atMs: 3, kind: 'drop-frames', port: 0, direction: 'tx', match: 'data', count: 1 }],
  });
  const { results, pcaps } = runWithCapture(scenario);
  const dir = mkdtempSync(join(tmpdir(), 'offload-lab-pcap-'));
  const file = join(dir, 'port0.pcap');
  writeFileSync(file, pcaps[0]!);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the transfer completed intact after one retransmission', () => {
    const conn = results.connections[0]!;
    expect(conn.bytesDelivered).toBe(2_000_000);
    expect(conn.streamIntact).toBe(true);
    expect(conn.retransmits).toBeGreaterThanOrEqual(1);
  });

  it('has no malformed frames and no bad IPv4 or TCP checksums', () => {
    expect(tshark(file, 'frame').length).toBeGreaterThan(1000);
    expect(tshark(file, '_ws.malformed || _ws.expert.severity == "Error"')).toEqual([]);
    expect(tshark(file, 'ip.checksum.status == "Bad" || tcp.checksum.status == "Bad"')).toEqual([]);
    expect(tshark(file, 'tcp.checksum.status == "Good"').length).toBeGreaterThan(1000);
  });

  it('shows the ARP exchange, the handshake with options, and the close', () => {
    expect(tshark(file, 'arp.opcode == 1').length).toBeGreaterThanOrEqual(1);
    expect(tshark(file, 'arp.opcode == 2').length).toBeGreaterThanOrEqual(1);
    const [syn] = tshark(file, 'tcp.flags.syn == 1 && tcp.flags.ack == 0', [
      'tcp.options.mss_val',
      'tcp.options.wscale.shift',
    ]);
    expect(syn).toMatch(/^1460\t\d+$/);
    expect(tshark(file, 'tcp.flags.fin == 1').length).toBe(2);
  });

  it('TCP analysis sees the retransmission of the lost frame', () => {
    const retrans = tshark(
      file,
      'tcp.analysis.retransmission || tcp.analysis.fast_retransmission',
      ['tcp.seq_raw'],
    );
    expect(retrans.length).toBe(results.connections[0]!.retransmits);
    // The lost frame left the port, so the capture holds it: same sequence number twice.
    expect(tshark(file, `tcp.seq_raw == ${retrans[0]} && tcp.len > 0`).length).toBe(2);
  });

  it('payload is captured in full with nanosecond timestamps', () => {
    const lens = tshark(file, 'tcp.len > 0', ['tcp.len', 'frame.time_epoch']).slice(0, 5);
    for (const line of lens) {
      const [len, epoch] = line.split('\t');
      expect(Number(len)).toBe(1448);
      expect(epoch).toMatch(/^\d+\.\d{9}$/);
    }
  });
});

if (!TSHARK) console.warn('tshark not found: pcap checks skipped (apt-get install tshark)');
