/**
 * UDP in our pcaps, read by tshark: 8 KB datagrams cut into IPv4 fragments (the last one
 * first from a Linux 2.4 sender, in order from the peer), one fragment lost. tshark
 * reassembles every datagram whose fragments are all in the capture, with no malformed
 * frame and every IP and UDP checksum good. Skipped (with a note) where tshark is not
 * installed; `.ci/run` installs it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWithCapture, scenarioOf } from './testing.ts';

const TSHARK = ['/usr/bin/tshark', '/usr/local/bin/tshark'].find((p) => existsSync(p));

/** The payload is seeded noise: decode it as data, so no heuristic dissector guesses at it. */
function tshark(file: string, filter: string, fields: string[] = ['frame.number']): string[] {
  const args = ['-r', file, '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];
  args.push('-d', 'udp.port==5001,data', '-Y', filter, '-T', 'fields');
  args.push(...fields.flatMap((f) => ['-e', f]));
  const out = execFileSync(TSHARK!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.split('\n').filter((l) => l.length > 0);
}

const DATAGRAMS = 40;

const captures = new Map<string, { file: string; delivered: number }>();
afterAll(() => {
  for (const { file } of captures.values()) rmSync(dirname(file), { recursive: true, force: true });
});

function capture(direction: 'send' | 'receive'): { file: string; delivered: number } {
  const known = captures.get(direction);
  if (known !== undefined) return known;
  const { results, pcaps } = runWithCapture(
    scenarioOf({
      durationMs: 10,
      nic: { ports: 1 },
      workload: {
        kind: 'udp-stream',
        direction,
        messageBytes: 8192,
        bytesPerConnection: DATAGRAMS * 8192,
      },
      events: [
        {
          atMs: 1,
          kind: 'drop-frames',
          port: 0,
          direction: direction === 'send' ? 'tx' : 'rx',
          match: 'data',
          count: 1,
        },
      ],
    }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'offload-lab-udp-pcap-'));
  const file = join(dir, 'port0.pcap');
  writeFileSync(file, pcaps[0]!);
  const made = { file, delivered: results.ports[0]!.udp!.datagramsDelivered };
  captures.set(direction, made);
  return made;
}

describe.skipIf(!TSHARK)('UDP fragments read by tshark', () => {
  it.each(['send', 'receive'] as const)(
    '%s: no malformed frame, every checksum good, the datagrams reassembled',
    (direction) => {
      const { file, delivered } = capture(direction);
      expect(delivered).toBe(DATAGRAMS - 1);
      expect(tshark(file, '_ws.malformed || _ws.expert.severity >= "Warning"')).toEqual([]);
      expect(tshark(file, 'ip.checksum.status == "Bad" || udp.checksum.status == "Bad"')).toEqual(
        [],
      );
      // Each reassembled datagram is one UDP frame with the whole 8192 bytes.
      const datagrams = tshark(file, 'udp', ['udp.length']);
      expect(new Set(datagrams)).toEqual(new Set(['8200']));
      expect(tshark(file, 'udp.checksum.status == "Good"').length).toBe(datagrams.length);
      // The port sees a sent frame as it leaves (the lost fragment too), a received one as
      // it arrives (the lost one never): tshark rebuilds what the capture holds.
      expect(datagrams.length).toBe(direction === 'send' ? DATAGRAMS : DATAGRAMS - 1);
      const fragments = tshark(file, 'ip.flags.mf == 1 || ip.frag_offset > 0');
      expect(fragments.length).toBe(direction === 'send' ? 6 * DATAGRAMS : 6 * DATAGRAMS - 1);
    },
  );

  it('send: Linux 2.4 sends the last fragment first, with DF set on every fragment', () => {
    const { file } = capture('send');
    const first = tshark(file, 'ip.proto == 17', ['ip.frag_offset', 'ip.flags.df']).slice(0, 6);
    // tshark gives the offset in 8-byte units: 7400 / 8 = 925, …
    expect(first).toEqual(['925\t1', '740\t1', '555\t1', '370\t1', '185\t1', '0\t1']);
  });
});
