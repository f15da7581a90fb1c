import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../core/random.ts';
import { ms, seconds } from '../core/time.ts';
import { TcpFlag } from '../wire/types.ts';
import type { TcpProfile } from './config.ts';
import { seqGe, seqLe } from './sequence.ts';
import { IP_A, IP_B, Pair, type LogEntry, type Side } from './testing/harness.ts';
import { drain, pattern, pump } from './testing/streams.ts';

const { SYN, ACK, RST } = TcpFlag;

const scenario = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  loss: fc.double({ min: 0, max: 0.12, noNaN: true }),
  duplicate: fc.double({ min: 0, max: 0.1, noNaN: true }),
  reorder: fc.double({ min: 0, max: 0.2, noNaN: true }),
  bytesAB: fc.integer({ min: 0, max: 120_000 }),
  bytesBA: fc.integer({ min: 0, max: 40_000 }),
  chunk: fc.integer({ min: 1, max: 20_000 }),
  recvBuffer: fc.constantFrom(4096, 16_384, 65_536, 262_144),
  sack: fc.boolean(),
  timestamps: fc.boolean(),
  windowScaling: fc.boolean(),
  delayedAck: fc.boolean(),
  nagle: fc.boolean(),
  profile: fc.constantFrom<TcpProfile>('linux-2.4', 'linux'),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function run(s: Scenario): Pair {
  const pair = new Pair({
    delay: ms(2),
    rateMbps: 100,
    seed: s.seed,
    config: {
      sack: s.sack,
      timestamps: s.timestamps,
      windowScaling: s.windowScaling,
      delayedAck: s.delayedAck,
      nagle: s.nagle,
      profile: s.profile,
      recvBufferBytes: s.recvBuffer,
    },
  });
  const rng = new RandomStream(s.seed, 'channel');
  pair.hook = () => {
    if (rng.chance(s.loss)) return [];
    const first = rng.chance(s.reorder) ? rng.int(0, ms(6)) : 0;
    return rng.chance(s.duplicate) ? [first, rng.int(0, ms(6))] : [first];
  };
  let readAB: () => Uint8Array = () => new Uint8Array(0);
  let wroteBA: Uint8Array = new Uint8Array(0);
  pair.b.listen(80, (c) => {
    readAB = drain(c);
    wroteBA = pump(c, pattern(s.bytesBA, 2), s.chunk, true);
  });
  const client = pair.a.connect(IP_A, IP_B, 80);
  const wroteAB = pump(client, pattern(s.bytesAB, 1), s.chunk, true);
  const readBA = drain(client);
  for (
    let t = 0;
    t < 600 && !(done(client.state) && pair.b.connections.every((c) => done(c.state)));
    t++
  ) {
    pair.runFor(seconds(1));
  }
  expect(client.state === 'CLOSED' || client.state === 'TIME_WAIT', `client ${client.state}`).toBe(
    true,
  );
  expect(Buffer.from(readAB()).equals(Buffer.from(wroteAB))).toBe(true);
  expect(Buffer.from(readBA()).equals(Buffer.from(wroteBA))).toBe(true);
  return pair;
}

function done(state: string): boolean {
  return state === 'CLOSED' || state === 'TIME_WAIT';
}

/** ACK numbers a side sends never go backwards (mod 2^32). */
function acksMonotonic(log: readonly LogEntry[], side: Side): boolean {
  let last: number | null = null;
  for (const e of log) {
    const seg = e.packet.seg;
    if (e.event !== 'sent' || e.packet.from !== side || !(seg.flags & ACK) || seg.flags & RST)
      continue;
    if (last !== null && !seqGe(seg.ack, last)) return false;
    last = seg.ack;
  }
  return true;
}

/** Every payload byte `side` sends lies below the highest right edge its peer had offered it. */
function withinWindow(log: readonly LogEntry[], side: Side): boolean {
  const peer: Side = side === 'a' ? 'b' : 'a';
  const syns = log.filter((e) => e.event === 'sent' && e.packet.seg.flags & SYN);
  const scaled = syns.length >= 2 && syns.every((e) => e.packet.seg.windowScale !== null);
  const peerShift = scaled
    ? (syns.find((e) => e.packet.from === peer)!.packet.seg.windowScale ?? 0)
    : 0;
  let right: number | null = null;
  for (const e of log) {
    const seg = e.packet.seg;
    if (
      e.event === 'delivered' &&
      e.packet.from === peer &&
      seg.flags & ACK &&
      !(seg.flags & RST)
    ) {
      const shift = seg.flags & SYN ? 0 : peerShift; // RFC 7323 §2.2: SYN windows are unscaled
      const edge = (seg.ack + seg.window * 2 ** shift) >>> 0;
      if (right === null || seqGe(edge, right)) right = edge;
    }
    if (e.event === 'sent' && e.packet.from === side && seg.payload.length > 0) {
      if (right === null || !seqLe((seg.seq + seg.payload.length) >>> 0, right)) return false;
    }
  }
  return true;
}

describe('properties under loss, reordering and duplication', () => {
  it('delivers each stream exactly once in order; ACKs never decrease; the window is respected', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const pair = run(s);
        expect(acksMonotonic(pair.log, 'a')).toBe(true);
        expect(acksMonotonic(pair.log, 'b')).toBe(true);
        expect(withinWindow(pair.log, 'a')).toBe(true);
        expect(withinWindow(pair.log, 'b')).toBe(true);
      }),
      { numRuns: Number(process.env.TCP_RUNS ?? 30), seed: Number(process.env.TCP_SEED ?? 42) },
    );
  });
});
