/**
 * TCP inside whole scenarios: the cases issue 12 found by fuzzing. Each simulates only
 * the milliseconds that show the behaviour.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../run.ts';
import { runWithFrames, scenarioOf, type TappedFrame } from '../testing.ts';
import { ETHERTYPE_IPV4, IP_PROTO_TCP, TcpFlag, type TcpSegment } from '../wire/types.ts';
import { seqLe } from './sequence.ts';
import type { ScenarioInput } from '../scenario/schema.ts';

type Input = Omit<ScenarioInput, 'version'>;

describe('a path-MTU drop while a handshake is retried or segments are lost (issue 12)', () => {
  // Each crashed with "TypeError … SendBuffer.slice" from Sender.transmit: the old sender
  // rewound snd_nxt to snd_una = 0 (the SYN) and sliced the send buffer at −1.
  const cases: [string, Input][] = [
    [
      'SYN dropped, PMTU at 5 ms',
      {
        durationMs: 20,
        nic: { ports: 1 },
        workload: { kind: 'bidirectional' },
        events: [
          { atMs: 0, kind: 'drop-frames', port: 0, direction: 'rx', match: 'syn', count: 1 },
          { atMs: 5, kind: 'pmtu', port: 0, mtu: 1200 },
        ],
      },
    ],
    [
      'csum-tso, 4.8 % loss, PMTU 4229 → 1857',
      {
        seed: 191094,
        durationMs: 3,
        architecture: 'csum-tso',
        link: { mtu: 4229, lossRate: 0.0477 },
        workload: { kind: 'bidirectional' },
        events: [{ atMs: 2.106, kind: 'pmtu', port: 0, mtu: 1857 }],
      },
    ],
    [
      'rx-direct-placement churn, PMTU 5374 → 5004',
      {
        durationMs: 20,
        architecture: 'rx-direct-placement',
        link: { mtu: 5374 },
        workload: {
          kind: 'connection-churn',
          connectionsPerPort: 3,
          messageBytes: 31,
          responseBytes: 21745,
        },
        events: [{ atMs: 17.673, kind: 'pmtu', port: 1, mtu: 5004 }],
      },
    ],
    [
      'churn of 20 KB requests, PMTU 1500 → 1000',
      {
        durationMs: 20,
        nic: { ports: 1 },
        workload: {
          kind: 'connection-churn',
          connectionsPerPort: 4,
          requestBytes: 20000,
          responseBytes: 20000,
        },
        events: [{ atMs: 5, kind: 'pmtu', port: 0, mtu: 1000 }],
      },
    ],
  ];
  for (const [name, input] of cases) {
    it(`runs with every stream intact: ${name}`, () => {
      const results = runScenario(scenarioOf(input));
      expect(results.connections.length).toBeGreaterThan(0);
      for (const c of results.connections) expect(c.streamIntact, `connection ${c.id}`).toBe(true);
    });
  }
});

describe('a receive buffer smaller than one MSS (issue 12)', () => {
  // It delivered 0 bytes: the receiver rounded its window down to whole MSS and offered 0.
  // Linux caps the rounding at the buffer (__tcp_select_window) and the sender cuts its
  // segments to half the largest window (tcp_bound_to_half_wnd).
  for (const [mtu, kb] of [
    [1500, 1],
    [9000, 4],
  ] as const) {
    it(`delivers data with tcp.recvBufferKB ${kb} at MTU ${mtu}`, () => {
      const results = runScenario(
        scenarioOf({
          durationMs: 40,
          architecture: 'host-stack',
          nic: { ports: 1 },
          link: { mtu },
          tcp: { recvBufferKB: kb },
        }),
      );
      const [c] = results.connections;
      expect(c!.streamIntact).toBe(true);
      // The window opened and closed again many times over.
      expect(c!.bytesDelivered).toBeGreaterThan(100 * kb * 1024);
    });
  }
});

/** Segments of each TCP flow seen at a port's tap, in order. */
function flows(
  frames: TappedFrame[],
): Map<string, { timeNs: number; from: 'a' | 'b'; seg: TcpSegment }[]> {
  const out = new Map<string, { timeNs: number; from: 'a' | 'b'; seg: TcpSegment }[]>();
  for (const { timeNs, frame } of frames) {
    if (frame.etherType !== ETHERTYPE_IPV4 || frame.ip.protocol !== IP_PROTO_TCP) continue;
    const { src, dst, tcp } = frame.ip;
    const a = src < dst || (src === dst && tcp.srcPort < tcp.dstPort);
    const key = a
      ? `${src}:${tcp.srcPort}-${dst}:${tcp.dstPort}`
      : `${dst}:${tcp.dstPort}-${src}:${tcp.srcPort}`;
    if (!out.has(key)) out.set(key, []);
    out.get(key)!.push({ timeNs, from: a ? 'a' : 'b', seg: tcp });
  }
  return out;
}

/** Data segments of `side` beyond the highest right edge its peer had offered, in order. */
function beyondWindow(segs: { from: 'a' | 'b'; seg: TcpSegment }[], side: 'a' | 'b'): TcpSegment[] {
  const syns = segs.filter((s) => s.seg.flags & TcpFlag.SYN);
  const scaled = syns.length >= 2 && syns.every((s) => s.seg.windowScale !== null);
  const peerShift = scaled ? (syns.find((s) => s.from !== side)?.seg.windowScale ?? 0) : 0;
  let right: number | null = null;
  const out: TcpSegment[] = [];
  for (const { from, seg } of segs) {
    if (from !== side && seg.flags & TcpFlag.ACK && !(seg.flags & TcpFlag.RST)) {
      const edge = (seg.ack + seg.window * 2 ** (seg.flags & TcpFlag.SYN ? 0 : peerShift)) >>> 0;
      if (right === null || seqLe(right, edge)) right = edge;
    }
    if (from === side && seg.payload.length > 0) {
      const end = (seg.seq + seg.payload.length) >>> 0;
      if (right === null || !seqLe(end, right)) out.push(seg);
    }
  }
  return out;
}

describe('the sender stays inside the offered window (issue 12)', () => {
  it('sends nothing beyond snd.una + snd.wnd with a 7 KB window, MTU 7606 and 2.9 % loss', () => {
    // The old sender's fast retransmit sent a full MSS (7554 bytes) from snd_una, past
    // both what it had sent and the 6968-byte window: 586 never-sent bytes beyond it.
    const input: Input = {
      durationMs: 20,
      architecture: 'host-stack',
      link: { mtu: 7606, lossRate: 0.0288 },
      tcp: { nagle: false, recvBufferKB: 7 },
      workload: { kind: 'bulk-receive', messageBytes: 252 },
    };
    const { results, frames } = runWithFrames(scenarioOf(input));
    let segments = 0;
    for (const port of frames) {
      for (const segs of flows(port).values()) {
        segments += segs.length;
        expect(beyondWindow(segs, 'a')).toEqual([]);
        expect(beyondWindow(segs, 'b')).toEqual([]);
      }
    }
    expect(segments).toBeGreaterThan(100);
    expect(results.connections.some((c) => c.retransmits > 0)).toBe(true);
    for (const c of results.connections) expect(c.streamIntact).toBe(true);
  });
});
