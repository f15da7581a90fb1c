import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arpReply, arpRequest, fragNeeded, payloadOf, tcpFrame } from '../wire/fixtures.ts';
import { parseFrame } from '../wire/parse.ts';
import { serializeFrame } from '../wire/serialize.ts';
import { TcpFlag, type EthernetFrame } from '../wire/types.ts';
import { collectPcap, parsePcap, PcapWriter } from './pcap.ts';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** ARP, a 3-way handshake with Linux options, one full data segment, and a frag-needed about it. */
function conversation(): { timeNs: number; frame: EthernetFrame }[] {
  const syn = { mss: 1460, sackPermitted: true, windowScale: 7 };
  const data = tcpFrame({
    seq: 1001,
    ack: 5001,
    flags: TcpFlag.ACK | TcpFlag.PSH,
    window: 229,
    tsVal: 101,
    tsEcr: 200,
    payload: payloadOf(1448),
  });
  if (data.etherType !== 0x0800) throw new Error('fixture');
  return [
    { timeNs: 0, frame: arpRequest() },
    { timeNs: 50_000, frame: arpReply() },
    {
      timeNs: 60_000,
      frame: tcpFrame({ seq: 1000, flags: TcpFlag.SYN, window: 64240, tsVal: 100, ...syn }),
    },
    {
      timeNs: 160_000,
      frame: tcpFrame(
        {
          srcPort: 5001,
          dstPort: 40000,
          seq: 5000,
          ack: 1001,
          flags: TcpFlag.SYN | TcpFlag.ACK,
          window: 65160,
          tsVal: 200,
          tsEcr: 100,
          ...syn,
        },
        'in',
      ),
    },
    {
      timeNs: 170_000,
      frame: tcpFrame({
        seq: 1001,
        ack: 5001,
        flags: TcpFlag.ACK,
        window: 229,
        tsVal: 101,
        tsEcr: 200,
      }),
    },
    { timeNs: 1_000_170_001, frame: data },
    { timeNs: 1_000_250_000, frame: fragNeeded(data.ip, 1200) },
  ];
}

describe('PcapWriter', () => {
  it('writes the nanosecond global header on construction', () => {
    const sink = collectPcap();
    const writer = new PcapWriter(sink);
    expect(hex(sink.bytes())).toBe(
      '4d3cb2a1' + '0200' + '0400' + '00000000' + '00000000' + '00000400' + '01000000',
    );
    expect(writer.bytesWritten).toBe(24);
    expect(writer.packets).toBe(0);
  });

  it('writes each record as ts_sec, ts_nsec, incl_len, orig_len, then the bytes', () => {
    const sink = collectPcap();
    const writer = new PcapWriter(sink);
    writer.add(3_000_000_007, Uint8Array.from([0xaa, 0xbb, 0xcc]));
    expect(hex(sink.bytes().subarray(24))).toBe(
      '03000000' + '07000000' + '03000000' + '03000000' + 'aabbcc',
    );
    expect(writer.packets).toBe(1);
    expect(writer.bytesWritten).toBe(24 + 16 + 3);
  });

  it('cuts incl_len to the snaplen and keeps orig_len', () => {
    const sink = collectPcap();
    const writer = new PcapWriter({ ...sink, snaplen: 64 });
    const frame = serializeFrame(tcpFrame({ payload: payloadOf(1448), tsVal: 1 }));
    writer.add(1, frame);
    const file = parsePcap(sink.bytes());
    expect(file.snaplen).toBe(64);
    expect(file.linktype).toBe(1);
    expect(file.records).toHaveLength(1);
    expect(file.records[0]!.originalLength).toBe(1514);
    expect(hex(file.records[0]!.data)).toBe(hex(frame.subarray(0, 64)));
    expect(writer.bytesWritten).toBe(24 + 16 + 64);
  });

  it('streams one chunk per record, so nothing accumulates in the writer', () => {
    const chunks: number[] = [];
    const writer = new PcapWriter({ write: (c) => chunks.push(c.length) });
    writer.add(0, new Uint8Array(60));
    writer.add(1, new Uint8Array(1514));
    expect(chunks).toEqual([24, 76, 1530]);
  });

  it('refuses bad times and snaplens', () => {
    const writer = new PcapWriter(collectPcap());
    expect(() => writer.add(-1, new Uint8Array(60))).toThrow(RangeError);
    expect(() => writer.add(1.5, new Uint8Array(60))).toThrow(RangeError);
    expect(() => new PcapWriter({ write: () => {}, snaplen: 0 })).toThrow(RangeError);
  });

  it('round-trips a conversation through parsePcap and parseFrame', () => {
    const sink = collectPcap();
    const writer = new PcapWriter(sink);
    const frames = conversation();
    for (const { timeNs, frame } of frames) writer.add(timeNs, serializeFrame(frame));
    const file = parsePcap(sink.bytes());
    expect(file.records.map((r) => r.timeNs)).toEqual(frames.map((f) => f.timeNs));
    expect(file.records.map((r) => parseFrame(r.data))).toEqual(frames.map((f) => f.frame));
  });

  it.skipIf(!existsSync('/usr/bin/tshark'))(
    'is read by tshark without malformed packets or bad checksums',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'offload-lab-pcap-'));
      try {
        const path = join(dir, 'conversation.pcap');
        const sink = collectPcap();
        const writer = new PcapWriter(sink);
        for (const { timeNs, frame } of conversation()) writer.add(timeNs, serializeFrame(frame));
        writeFileSync(path, sink.bytes());
        const out = execFileSync(
          '/usr/bin/tshark',
          [
            '-n',
            '-r',
            path,
            '-o',
            'ip.check_checksum:TRUE',
            '-o',
            'tcp.check_checksum:TRUE',
            '-T',
            'fields',
            '-E',
            'separator=|',
            '-e',
            'frame.number',
            '-e',
            'frame.time_epoch',
            '-e',
            '_ws.col.Protocol',
            '-e',
            'ip.checksum.status',
            '-e',
            'tcp.checksum.status',
            '-e',
            'icmp.checksum.status',
            '-e',
            'tcp.options.mss_val',
            '-e',
            'tcp.options.wscale.shift',
            '-e',
            'tcp.options.sack_perm',
            '-e',
            'tcp.options.timestamp.tsval',
            '-e',
            '_ws.expert.severity',
            '-e',
            '_ws.expert.message',
          ],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
        );
        const rows = out
          .trimEnd()
          .split('\n')
          .map((line) => line.split('|'));
        expect(rows).toHaveLength(conversation().length);
        expect(rows.map((r) => r[2])).toEqual(['ARP', 'ARP', 'TCP', 'TCP', 'TCP', 'TCP', 'ICMP']);
        expect(rows[5]![1]).toBe('1.000170001');
        // Checksum status 1 is "Good" (0 bad, 2 unverified); ICMP rows list the quoted header's too.
        for (const row of rows) {
          for (const status of row.slice(3, 6).join(',').split(',').filter(Boolean)) {
            expect(status, `frame ${row[0]}`).toBe('1');
          }
          const severities = (row[10] ?? '').split(',').filter(Boolean).map(Number);
          const WARN = 0x600000; // Wireshark's PI_WARN; SYN notices are PI_CHAT
          expect(Math.max(0, ...severities), `frame ${row[0]}: ${row[11]}`).toBeLessThan(WARN);
          expect(row[11] ?? '').not.toMatch(/malformed|bad checksum|incorrect/i);
        }
        expect(rows[2]!.slice(6, 10)).toEqual(['1460', '7', '0402', '100']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
