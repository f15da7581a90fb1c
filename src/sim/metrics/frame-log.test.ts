import { describe, expect, it } from 'vitest';
import { ms } from '../core/time.ts';
import { Simulation } from '../session.ts';
import { scenarioOf } from '../testing.ts';
import { formatMac } from '../wire/address.ts';
import { localMac, peerMac, SINK_PORT } from '../world/addresses.ts';
import { queryFrames } from './frame-query.ts';

const NEW_MAC = '02:00:00:00:10:99';

function onePort(architecture: 'host-stack' | 'full-toe' = 'host-stack') {
  return scenarioOf({
    architecture,
    nic: { ports: 1 },
    tcp: { sendBufferKB: 16, recvBufferKB: 16 },
    sync: { strategy: 'snapshot' },
  });
}

describe('the packet list ring (live session)', () => {
  it('holds the handshake: SYN, SYN-ACK, ACK with their sequence numbers', () => {
    const sim = new Simulation(onePort());
    sim.advanceTo(ms(2));
    const { rows, seen } = queryFrames(sim.frames, 0, 'tcp', 1000);
    expect(seen).toBeGreaterThan(3);
    const [syn, synAck, ack] = rows.slice(0, 3);
    expect(syn).toMatchObject({ dir: 'tx', flags: 'S', payloadBytes: 0, dstPort: SINK_PORT });
    expect(syn!.srcMac).toBe(formatMac(localMac(0)));
    expect(syn!.dstMac).toBe(formatMac(peerMac(0)));
    expect(synAck).toMatchObject({ dir: 'rx', flags: 'SA', ack: (syn!.seq! + 1) >>> 0 });
    expect(ack).toMatchObject({
      dir: 'tx',
      flags: 'A',
      seq: (syn!.seq! + 1) >>> 0,
      ack: (synAck!.seq! + 1) >>> 0,
    });
    // The ARP exchange came first: frame numbers count every frame on the port.
    const arp = queryFrames(sim.frames, 0, 'arp', 10).rows;
    expect(arp.map((r) => r.kind)).toEqual(['arp-request', 'arp-reply']);
    expect(arp[0]!.info).toBe('who-has 10.0.0.2 tell 10.0.0.1');
    expect(syn!.number).toBe(3);
    expect(syn!.frameBytes).toBeGreaterThanOrEqual(60);
  });

  it('lists UDP datagrams and their fragments; frag and port: filters find them', () => {
    const sim = new Simulation(
      scenarioOf({
        nic: { ports: 1 },
        workload: { kind: 'udp-stream', messageBytes: 8192, bytesPerConnection: 8192 },
      }),
    );
    sim.advanceTo(ms(2));
    const { rows } = queryFrames(sim.frames, 0, 'udp', 100);
    // Linux 2.4 sends the last fragment first; only the first fragment carries the ports.
    expect(rows.map((r) => r.info)).toEqual([
      'fragment id 0 offset 7400',
      ...[5920, 4440, 2960, 1480, 0].map((o) => `fragment id 0 offset ${o} MF`),
    ]);
    expect(rows.map((r) => r.payloadBytes)).toEqual([800, 1480, 1480, 1480, 1480, 1472]);
    expect(rows.slice(0, 5).every((r) => r.srcPort === null)).toBe(true);
    expect(rows[5]).toMatchObject({ kind: 'udp', srcPort: 32768, dstPort: 5001, flags: '' });
    expect(queryFrames(sim.frames, 0, 'frag port:5001', 100).rows.map((r) => r.number)).toEqual([
      rows[5]!.number,
    ]);
  });

  it('keeps only the newest frames, numbered from t = 0', () => {
    const sim = new Simulation(onePort(), { framesPerPort: 100 });
    sim.advanceTo(ms(20));
    const log = sim.frames;
    expect(log.kept(0)).toBe(100);
    expect(log.seen(0)).toBeGreaterThan(1000);
    const { rows, matched, kept } = queryFrames(log, 0, '', 30);
    expect([matched, kept, rows.length]).toEqual([100, 100, 30]);
    expect(rows.at(-1)!.number).toBe(log.seen(0));
    expect(rows.map((r) => r.number)).toEqual(rows.map((_, i) => log.seen(0) - 29 + i));
    expect(rows.every((r, i) => i === 0 || r.timeNs >= rows[i - 1]!.timeNs)).toBe(true);
  });

  it('answers a bad filter or port with a message and no rows', () => {
    const sim = new Simulation(onePort());
    sim.advanceTo(ms(1));
    expect(queryFrames(sim.frames, 0, 'foo:bar', 10)).toMatchObject({ rows: [], matched: 0 });
    expect(queryFrames(sim.frames, 0, 'foo:bar', 10).error).toMatch(/unknown filter key "foo"/);
    expect(queryFrames(sim.frames, 3, '', 10).error).toMatch(/no port 3/);
  });

  // DESIGN.md §5: snapshot never updates the card's entry, so after the peer moves every
  // frame the card sends goes to the old MAC, which nobody answers.
  it('marks frames sent to a MAC that no longer answers (full-toe, snapshot)', () => {
    const sim = new Simulation(onePort('full-toe'), { framesPerPort: 100_000 });
    sim.advanceTo(ms(20));
    expect(queryFrames(sim.frames, 0, 'stale', 10).matched).toBe(0);
    sim.fire({ atMs: 0, kind: 'gratuitous-arp', port: 0, newMac: NEW_MAC });
    const firedAt = sim.now;
    sim.advanceTo(ms(300));
    const stale = queryFrames(sim.frames, 0, 'stale', 100_000);
    expect(stale.matched).toBeGreaterThan(0);
    for (const row of stale.rows) {
      expect(row).toMatchObject({ dir: 'tx', dstMac: formatMac(peerMac(0)), staleMac: true });
      expect(row.timeNs).toBeGreaterThanOrEqual(firedAt);
    }
    // In full-toe the card sends every TCP frame: the ring agrees with the sync ledger.
    const sync = sim.world.architecture.syncResult!(sim.now);
    expect(stale.matched).toBe(sync.framesToStaleMac);
    // The gratuitous ARP itself arrives from the new MAC and is not stale.
    const garp = queryFrames(sim.frames, 0, 'arp gratuitous', 10).rows;
    expect(garp).toHaveLength(1);
    expect(garp[0]).toMatchObject({ dir: 'rx', srcMac: NEW_MAC, staleMac: false });
  });
});
