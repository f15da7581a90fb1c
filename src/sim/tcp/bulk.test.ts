import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../core/time.ts';
import { Pair } from './testing/harness.ts';
import { drain, pump } from './testing/streams.ts';

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
    const done = pair.log
      .filter((e) => e.event === 'delivered' && e.packet.from === 'a')
      .at(-1)!.time;
    // 10 MB at 941.5 Mbit/s goodput ≈ 85 ms.
    expect(done).toBeLessThan(ms(100));
  });
});
