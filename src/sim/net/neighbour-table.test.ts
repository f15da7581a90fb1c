import { describe, expect, it } from 'vitest';
import { RandomStream } from '../core/random.ts';
import { Scheduler } from '../core/scheduler.ts';
import { seconds } from '../core/time.ts';
import { BROADCAST_MAC } from '../wire/types.ts';
import {
  NO_MAC,
  NeighbourTable,
  type NeighbourHooks,
  type NeighbourState,
} from './neighbour-table.ts';

const PEER = 0x0a00_0002;
const MAC = 0x0200_0000_0002;
const NEW_MAC = 0x0200_0000_0099;

/** A table over string "packets", with hooks that record what it asks for. */
function fixture() {
  const scheduler = new Scheduler();
  const solicits: { t: number; to: number }[] = [];
  const sent: { packet: string; mac: number }[] = [];
  let dropped = 0;
  const hooks: NeighbourHooks<string> = {
    solicit: (_ip, to) => solicits.push({ t: scheduler.now, to }),
    transmit: (packet, via) => sent.push({ packet, mac: via.mac }),
    held: () => {},
    dropped: (n) => (dropped += n),
  };
  const table = new NeighbourTable<string>(scheduler, 'h', new RandomStream(7, 'neigh'), hooks);
  const states: NeighbourState[] = [];
  table.onChange((e) => states.push(e.state));
  return { scheduler, table, solicits, sent, states, dropped: () => dropped };
}

/** Resolve PEER and return at the moment it became REACHABLE. */
function reachable(f: ReturnType<typeof fixture>) {
  f.table.output(PEER, 'p0');
  f.table.update(PEER, MAC, 'REACHABLE', false);
  return f;
}

describe('NeighbourTable', () => {
  it('holds packets while INCOMPLETE and sends them in order on the reply', () => {
    const f = fixture();
    expect(f.table.output(PEER, 'a')).toBe(NO_MAC);
    expect(f.table.output(PEER, 'b')).toBe(NO_MAC);
    expect(f.solicits).toEqual([{ t: 0, to: BROADCAST_MAC }]);
    expect(f.table.lookup(PEER)).toMatchObject({ state: 'INCOMPLETE', queued: 2 });
    f.scheduler.runUntil(seconds(0.5));
    f.table.update(PEER, MAC, 'REACHABLE', false);
    expect(f.sent).toEqual([
      { packet: 'a', mac: MAC },
      { packet: 'b', mac: MAC },
    ]);
    expect(f.table.lookup(PEER)).toMatchObject({
      state: 'REACHABLE',
      mac: MAC,
      updatedAt: seconds(0.5),
    });
    expect(f.table.output(PEER, 'c')).toBe(MAC);
    expect(f.table.stats.queued).toBe(2);
  });

  it('fails after 3 broadcast requests 1 s apart and drops what it held', () => {
    const f = fixture();
    f.table.output(PEER, 'a');
    f.table.output(PEER, 'b');
    f.scheduler.runUntil(seconds(10));
    expect(f.solicits.map((s) => s.t)).toEqual([0, seconds(1), seconds(2)]);
    const e = f.table.lookup(PEER)!;
    expect(e.state).toBe('FAILED');
    expect(e.updatedAt).toBe(seconds(3));
    expect(f.dropped()).toBe(2);
    expect(f.table.stats).toMatchObject({ broadcastProbes: 3, dropped: 2, failures: 1 });
    // A new packet restarts resolution, as Linux does for a FAILED entry.
    expect(f.table.output(PEER, 'c')).toBe(NO_MAC);
    expect(f.table.lookup(PEER)!.state).toBe('INCOMPLETE');
    expect(f.solicits).toHaveLength(4);
  });

  it('goes REACHABLE -> STALE after the randomised reachable time', () => {
    const f = reachable(fixture());
    const rt = f.table.reachableTime();
    expect(rt).toBeGreaterThanOrEqual(seconds(15));
    expect(rt).toBeLessThan(seconds(45));
    f.scheduler.runUntil(rt - 1);
    expect(f.table.lookup(PEER)!.state).toBe('REACHABLE');
    f.scheduler.runUntil(rt);
    expect(f.table.lookup(PEER)).toMatchObject({ state: 'STALE', updatedAt: rt });
  });

  it('extends REACHABLE when confirmed', () => {
    const f = reachable(fixture());
    const rt = f.table.reachableTime();
    f.scheduler.runUntil(seconds(10));
    f.table.confirm(PEER);
    f.scheduler.runUntil(rt + seconds(9));
    expect(f.table.lookup(PEER)!.state).toBe('REACHABLE');
    f.scheduler.runUntil(rt + seconds(10));
    expect(f.table.lookup(PEER)!.state).toBe('STALE');
  });

  it('goes STALE -> DELAY -> PROBE -> REACHABLE on a unicast reply', () => {
    const f = reachable(fixture());
    const rt = f.table.reachableTime();
    f.scheduler.runUntil(rt + seconds(1));
    expect(f.table.output(PEER, 'x')).toBe(MAC); // a STALE entry is still used
    expect(f.table.lookup(PEER)!.state).toBe('DELAY');
    f.scheduler.runUntil(rt + seconds(6));
    expect(f.table.lookup(PEER)!.state).toBe('PROBE');
    expect(f.solicits.at(-1)).toEqual({ t: rt + seconds(6), to: MAC });
    expect(f.table.output(PEER, 'y')).toBe(MAC);
    f.table.update(PEER, MAC, 'REACHABLE', false);
    expect(f.table.lookup(PEER)!.state).toBe('REACHABLE');
    expect(f.states).toEqual(['INCOMPLETE', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'REACHABLE']);
  });

  it('goes PROBE -> FAILED after 3 unanswered unicast probes', () => {
    const f = reachable(fixture());
    const rt = f.table.reachableTime();
    f.scheduler.runUntil(rt + seconds(1));
    f.table.output(PEER, 'x');
    f.scheduler.runUntil(rt + seconds(20));
    const probes = f.solicits.filter((s) => s.to === MAC).map((s) => s.t - rt);
    expect(probes).toEqual([seconds(6), seconds(7), seconds(8)]);
    expect(f.table.lookup(PEER)).toMatchObject({ state: 'FAILED', updatedAt: rt + seconds(9) });
    expect(f.table.stats.unicastProbes).toBe(3);
  });

  it('returns from DELAY to REACHABLE when traffic confirms the neighbour', () => {
    const f = reachable(fixture());
    const rt = f.table.reachableTime();
    f.scheduler.runUntil(rt + seconds(1));
    f.table.output(PEER, 'x');
    f.scheduler.runUntil(rt + seconds(3));
    f.table.confirm(PEER);
    f.scheduler.runUntil(rt + seconds(6));
    expect(f.table.lookup(PEER)!.state).toBe('REACHABLE');
    expect(f.table.stats.unicastProbes).toBe(0);
  });

  it('learns a new MAC from a gratuitous announcement only for an existing entry', () => {
    const f = reachable(fixture());
    f.table.update(PEER, NEW_MAC, 'STALE', false);
    expect(f.table.lookup(PEER)).toMatchObject({ state: 'STALE', mac: NEW_MAC });
    expect(f.table.output(PEER, 'x')).toBe(NEW_MAC);
    f.table.update(0x0a00_0009, NEW_MAC, 'STALE', false);
    expect(f.table.lookup(0x0a00_0009)).toBeUndefined();
    // Same MAC, weaker news: state kept.
    f.table.update(PEER, NEW_MAC, 'REACHABLE', false);
    f.table.update(PEER, NEW_MAC, 'STALE', false);
    expect(f.table.lookup(PEER)!.state).toBe('REACHABLE');
  });

  it('keeps the newest packets when the hold queue overflows', () => {
    const f = fixture();
    for (let i = 0; i < 105; i++) f.table.output(PEER, `p${i}`);
    expect(f.dropped()).toBe(4);
    f.table.update(PEER, MAC, 'REACHABLE', false);
    expect(f.sent).toHaveLength(101);
    expect(f.sent[0]!.packet).toBe('p4');
    expect(f.sent.at(-1)!.packet).toBe('p104');
  });

  it('reports deletions as FAILED with no address', () => {
    const f = reachable(fixture());
    const seen: [string, number][] = [];
    f.table.onChange((e) => seen.push([e.state, e.mac]));
    f.table.clear();
    expect(seen).toEqual([['FAILED', 0]]);
    expect(f.table.lookup(PEER)).toBeUndefined();
  });

  it('resolve() starts ARP with no packet to send (neigh_event_send(neigh, NULL))', () => {
    const f = fixture();
    f.table.resolve(PEER);
    expect(f.solicits).toEqual([{ t: 0, to: BROADCAST_MAC }]);
    expect(f.table.lookup(PEER)).toMatchObject({ state: 'INCOMPLETE', queued: 0 });
    f.table.resolve(PEER); // already resolving: no second request
    expect(f.solicits).toHaveLength(1);
  });

  describe('resolved externally (a TOE card’s shadow table)', () => {
    it('holds packets without ARP or a deadline until the owner pins the entry', () => {
      const f = fixture();
      f.table.resolveExternally();
      expect(f.table.output(PEER, 'a')).toBe(NO_MAC);
      f.scheduler.runUntil(seconds(60));
      expect(f.solicits).toEqual([]);
      expect(f.table.lookup(PEER)).toMatchObject({ state: 'INCOMPLETE', queued: 1 });
      f.table.pin(PEER, MAC);
      expect(f.sent).toEqual([{ packet: 'a', mac: MAC }]);
      expect(f.states).toEqual(['INCOMPLETE', 'PERMANENT']);
    });

    it('never ages a pinned entry and learns nothing from the wire', () => {
      const f = fixture();
      f.table.resolveExternally();
      f.table.pin(PEER, MAC);
      f.table.update(PEER, NEW_MAC, 'REACHABLE', true);
      f.table.markStale(PEER);
      f.scheduler.runUntil(seconds(600));
      expect(f.table.output(PEER, 'b')).toBe(MAC);
      expect(f.table.lookup(PEER)).toMatchObject({ state: 'PERMANENT', mac: MAC });
      expect(f.solicits).toEqual([]);
      f.table.pin(PEER, NEW_MAC);
      expect(f.table.output(PEER, 'c')).toBe(NEW_MAC);
    });
  });

  it('a PERMANENT entry is not overridden by ARP even in an ARP-resolving table', () => {
    const f = fixture();
    f.table.pin(PEER, MAC);
    f.table.update(PEER, NEW_MAC, 'STALE', false);
    expect(f.table.lookup(PEER)).toMatchObject({ state: 'PERMANENT', mac: MAC });
  });
});
