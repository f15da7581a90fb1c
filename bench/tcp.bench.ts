/**
 * `npm run bench:tcp`: TCP alone (no CPU, bus or NIC model) on a 1 Gbit/s path with a
 * 10 ms round trip — the comparisons of issue 11: how long transfers of 0.1–10 MB take,
 * and the goodput of a 10 s bulk transfer under 0.1–1 % random loss, per profile. A
 * benchmark, not a test: it prints figures and checks nothing. The figures are
 * simulated time, so they do not depend on the machine.
 *
 * Buffers are 4 MB on both ends (Linux's tcp_wmem max; tcp_rmem max is 6 MB), enough
 * for the 1.25 MB bandwidth-delay product, so the window never limits.
 */
import { RandomStream } from '../src/sim/core/random.ts';
import { ms, seconds, toMs } from '../src/sim/core/time.ts';
import type { TcpConfig, TcpProfile } from '../src/sim/tcp/config.ts';
import { Pair } from '../src/sim/tcp/testing/harness.ts';
import { drain, pump } from '../src/sim/tcp/testing/streams.ts';

const BUFFER = 4 * 1024 * 1024;
const RATE_MBPS = 1000;
const ONE_WAY = ms(5);

function pair(profile: TcpProfile, extra: Partial<TcpConfig>, lossRate: number): Pair {
  const p = new Pair({
    delay: ONE_WAY,
    rateMbps: RATE_MBPS,
    config: { profile, sendBufferBytes: BUFFER, recvBufferBytes: BUFFER, ...extra },
  });
  if (lossRate > 0) {
    const random = new RandomStream(1, 'bench loss');
    // Data segments only, from the sender: the loss the comparison describes.
    p.hook = (packet) =>
      packet.from === 'a' && packet.seg.payload.length > 0 && random.chance(lossRate)
        ? []
        : undefined;
  }
  return p;
}

/** Time from connect() until the receiver has read every byte, in ms. */
function transferMs(profile: TcpProfile, extra: Partial<TcpConfig>, bytes: number): number {
  const p = pair(profile, extra, 0);
  const { client, server } = p.open();
  pump(client, bytes);
  let got = 0;
  let done = -1;
  const wire = (): void => {
    const s = server();
    s.onReadable = () => {
      got += s.read(Infinity, () => {});
      if (got >= bytes && done < 0) done = p.now;
    };
  };
  for (let t = 0; t < 200 && done < 0; t++) {
    p.runFor(ms(5));
    try {
      wire();
    } catch {
      continue;
    }
    break;
  }
  while (done < 0 && p.now < seconds(60)) p.runFor(ms(1));
  return toMs(done);
}

/** Goodput over the second half of a 10 s transfer under random loss, Mbit/s. */
function lossyGoodput(profile: TcpProfile, extra: Partial<TcpConfig>, loss: number): number {
  const p = pair(profile, extra, loss);
  const { client, server } = p.establish();
  pump(client, 2_000_000_000);
  let got = 0;
  server.onReadable = () => {
    got += server.read(Infinity, () => {});
  };
  p.runUntil(seconds(5));
  const half = got;
  p.runUntil(seconds(10));
  void drain;
  return ((got - half) * 8) / 5 / 1e6;
}

const VARIANTS: [string, TcpProfile, Partial<TcpConfig>][] = [
  ['linux', 'linux', {}],
  ['linux, newreno', 'linux', { congestion: 'newreno' }],
  ['linux, no SACK', 'linux', { sack: false }],
  ['linux-2.4', 'linux-2.4', {}],
];

console.log('TCP alone, 1 Gbit/s, 10 ms RTT, 4 MB buffers (simulated time)');
console.log('transfer time, ms      0.1 MB    1 MB   10 MB');
for (const [name, profile, extra] of VARIANTS) {
  const cells = [100_000, 1_000_000, 10_000_000].map((b) =>
    transferMs(profile, extra, b).toFixed(1).padStart(8),
  );
  console.log(`${name.padEnd(20)}${cells.join('')}`);
}
console.log('goodput, Mbit/s        0.1 %   0.3 %     1 %');
for (const [name, profile, extra] of VARIANTS) {
  const cells = [0.001, 0.003, 0.01].map((l) =>
    lossyGoodput(profile, extra, l).toFixed(1).padStart(8),
  );
  console.log(`${name.padEnd(20)}${cells.join('')}`);
}
