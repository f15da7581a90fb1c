import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../core/time.ts';
import { Pair } from './testing/harness.ts';
import type { TcpConnection } from './connection.ts';

/** Writes `total` seeded bytes from `from` as the buffer allows; returns the written bytes. */
export function pump(from: TcpConnection, total: number, chunk = 65536): Uint8Array {
  const data = new Uint8Array(total);
  for (let i = 0; i < total; i++) data[i] = (i * 2654435761) >>> 24;
  let off = 0;
  const fill = (): void => {
    while (off < total) {
      const n = from.write(data.subarray(off, Math.min(total, off + chunk)));
      off += n;
      if (n === 0) break;
    }
  };
  from.onWritable = fill;
  fill();
  return data;
}

export function drain(to: TcpConnection): () => Uint8Array {
  const parts: Uint8Array[] = [];
  let n = 0;
  to.onReadable = () => {
    to.read(Infinity, (c) => {
      parts.push(c);
      n += c.length;
    });
  };
  return () => {
    const out = new Uint8Array(n);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
}

describe('bulk transfer', () => {
  it('moves 10 MB intact over a 1 Gbit/s, 100 µs link at close to line rate', () => {
    const pair = new Pair({ delay: 50_000, rateMbps: 1000 });
    const { client, server } = pair.establish();
    const received = drain(server);
    const total = 10_000_000;
    const data = pump(client, total);
    pair.runFor(seconds(1));
    const got = received();
    expect(got.length).toBe(total);
    expect(Buffer.compare(Buffer.from(got), Buffer.from(data))).toBe(0);
    expect(client.stats.retransmits).toBe(0);
    const done = pair.log.filter((e) => e.event === 'delivered' && e.packet.from === 'a').at(-1)!.time;
    // 10 MB at 941.5 Mbit/s goodput ≈ 85 ms.
    expect(done).toBeLessThan(ms(100));
  });
});
