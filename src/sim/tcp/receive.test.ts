import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../core/time.ts';
import { TcpFlag, type TcpSegment } from '../wire/types.ts';
import {
  Pair,
  Probe,
  acceptFrom,
  connectTo,
  send,
  type ProbeConnection,
} from './testing/harness.ts';

const { ACK } = TcpFlag;
const MSS = 1460;

function data(pc: ProbeConnection, offset: number, len = MSS): Partial<TcpSegment> {
  return {
    flags: ACK,
    seq: (pc.peerNext + offset) >>> 0,
    ack: pc.localNext,
    payload: new Uint8Array(len),
  };
}

/** A receiving probe whose 16 quick ACKs (Linux TCP_MAX_QUICKACKS) are used up. */
function receiver(config = {}): ProbeConnection & { probe: Probe } {
  const probe = new Probe({ timestamps: false, ...config });
  const pc = acceptFrom(probe, 0);
  for (let i = 0; i < 16; i++) send(probe, ms(1), data(pc, i * MSS));
  pc.peerNext = (pc.peerNext + 16 * MSS) >>> 0;
  pc.conn.read(Infinity, () => {});
  probe.out.length = 0;
  return { ...pc, probe };
}

describe('delayed ACK', () => {
  it('ACKs the first segments at once (quick-ACK), then every 2nd full segment', () => {
    const probe = new Probe({ timestamps: false });
    const pc = acceptFrom(probe, 0);
    const before = probe.out.length;
    for (let i = 0; i < 16; i++) send(probe, ms(1), data(pc, i * MSS));
    expect(probe.out.length - before).toBe(16);
    const r = receiver();
    send(r.probe, ms(10), data(r, 0));
    expect(r.probe.out).toHaveLength(0);
    send(r.probe, ms(11), data(r, MSS));
    expect(r.probe.out).toHaveLength(1);
    expect(r.probe.last.ack).toBe((r.peerNext + 2 * MSS) >>> 0);
    expect(r.probe.out[0]!.time).toBe(ms(11));
  });

  it('ACKs a lone segment after 40 ms', () => {
    const r = receiver();
    send(r.probe, ms(10), data(r, 0));
    r.probe.scheduler.runUntil(ms(100));
    expect(r.probe.out).toHaveLength(1);
    expect(r.probe.out[0]!.time).toBe(ms(50));
    expect(r.probe.last.ack).toBe((r.peerNext + MSS) >>> 0);
    expect(r.conn.stats.delayedAcksSent).toBe(1);
  });

  it('ACKs every segment with delayed ACK off', () => {
    const r = receiver({ delayedAck: false });
    for (let i = 0; i < 4; i++) send(r.probe, ms(10), data(r, i * MSS));
    expect(r.probe.out).toHaveLength(4);
  });
});

describe('out-of-order data', () => {
  it('is ACKed at once with rcv_nxt, and the hole-filling segment too', () => {
    const r = receiver();
    send(r.probe, ms(10), data(r, MSS));
    expect(r.probe.out).toHaveLength(1);
    expect(r.probe.last.ack).toBe(r.peerNext);
    send(r.probe, ms(10), data(r, 2 * MSS));
    expect(r.probe.out).toHaveLength(2);
    expect(r.probe.last.ack).toBe(r.peerNext);
    send(r.probe, ms(12), data(r, 0));
    expect(r.probe.out).toHaveLength(3);
    expect(r.probe.last.ack).toBe((r.peerNext + 3 * MSS) >>> 0);
    expect(r.probe.out[2]!.time).toBe(ms(12));
    expect(r.conn.readable()).toBe(3 * MSS);
  });

  it('carries SACK blocks when SACK is negotiated, the newest first', () => {
    const probe = new Probe({ timestamps: false, sack: true });
    const pc = acceptFrom(probe, 0, { sackPermitted: true });
    send(probe, ms(1), data(pc, 2 * MSS));
    send(probe, ms(1), data(pc, 5 * MSS));
    const at = (k: number): number => (pc.peerNext + k * MSS) >>> 0;
    expect(probe.last.ack).toBe(pc.peerNext);
    expect(probe.last.sack).toEqual([
      { left: at(5), right: at(6) },
      { left: at(2), right: at(3) },
    ]);
    send(probe, ms(1), data(pc, 3 * MSS));
    expect(probe.last.sack).toEqual([
      { left: at(2), right: at(4) },
      { left: at(5), right: at(6) },
    ]);
  });
});

describe('flow control', () => {
  it('never has more bytes in flight than the advertised window, and resumes on reads', () => {
    const pair = new Pair({ delay: ms(5), rateMbps: 100, configB: { recvBufferBytes: 16 * 1024 } });
    const { client, server } = pair.establish();
    const total = 200_000;
    let written = 0;
    const src = new Uint8Array(total);
    const fill = (): void => {
      written += client.write(src.subarray(written));
    };
    client.onWritable = fill;
    fill();
    pair.runFor(ms(200));
    // Nothing read: the sender stopped at the 16 KB window, rounded to whole segments.
    expect(server.readable()).toBe(11 * 1448);
    expect(client.sndWnd).toBe(0);
    let right = 0;
    let wscale = 0;
    for (const e of pair.log) {
      const seg = e.packet.seg;
      if (e.event === 'delivered' && e.packet.from === 'b' && seg.flags & ACK) {
        if (seg.flags & TcpFlag.SYN) wscale = seg.windowScale ?? 0;
        const edge = seg.ack + seg.window * (seg.flags & TcpFlag.SYN ? 1 : 2 ** wscale);
        right = Math.max(right, edge);
      }
      if (e.event === 'sent' && e.packet.from === 'a' && seg.payload.length > 0) {
        expect(seg.seq + seg.payload.length).toBeLessThanOrEqual(right);
      }
    }
    let got = 0;
    server.onReadable = () => (got += server.read(Infinity, () => {}));
    server.onReadable();
    pair.runFor(seconds(2));
    expect(got).toBe(total);
  });

  it('probes a zero window with 0-byte segments at snd_una − 1, backing off, and resumes on an update', () => {
    const probe = new Probe({ timestamps: false });
    const pc = connectTo(probe, ms(100));
    pc.conn.write(new Uint8Array(4 * MSS));
    const ack = (n: number, window: number): Partial<TcpSegment> => ({
      srcPort: 80,
      dstPort: 40000,
      flags: ACK,
      seq: pc.peerNext,
      ack: (pc.localNext + n) >>> 0,
      window,
    });
    send(probe, ms(200), ack(2 * MSS, 0)); // rto is now 100 + 4·… ≥ 300 ms
    const rto = pc.conn.rto;
    const mark = probe.out.length;
    probe.scheduler.runUntil(ms(200) + 7 * rto + 1);
    const probes = probe.out.slice(mark);
    expect(probes.map((e) => e.time - ms(200))).toEqual([rto, 3 * rto, 7 * rto]);
    for (const p of probes) {
      expect(p.seg.payload.length).toBe(0);
      expect(p.seg.seq).toBe((pc.localNext + 2 * MSS - 1) >>> 0);
    }
    expect(pc.conn.stats.windowProbes).toBe(3);
    expect(pc.conn.stats.timeouts).toBe(0);
    const m2 = probe.out.length;
    send(probe, ms(200) + 7 * rto + ms(1), ack(2 * MSS, 65535));
    const resumed = probe.out.slice(m2).filter((e) => e.seg.payload.length > 0);
    expect(resumed.map((e) => e.seg.seq)).toEqual([
      (pc.localNext + 2 * MSS) >>> 0,
      (pc.localNext + 3 * MSS) >>> 0,
    ]);
  });

  it('sends a window update when a read reopens a closed window', () => {
    const probe = new Probe({ timestamps: false, recvBufferBytes: 8 * MSS, delayedAck: false });
    const r = { probe, ...acceptFrom(probe, 0) };
    for (let i = 0; i < 8; i++) send(r.probe, ms(10), data(r, i * MSS));
    expect(r.probe.last.window).toBe(0);
    const mark = r.probe.out.length;
    r.conn.read(4 * MSS, () => {});
    expect(r.probe.out.length).toBe(mark + 1);
    expect(r.probe.last.window).toBe(4 * MSS);
    expect(r.conn.stats.windowUpdatesSent).toBe(1);
  });
});
