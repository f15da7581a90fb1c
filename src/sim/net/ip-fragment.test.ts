import { describe, expect, it } from 'vitest';
import { Scheduler } from '../core/scheduler.ts';
import { ms, seconds } from '../core/time.ts';
import { IP_PROTO_UDP, type Ipv4Fragment, type UdpPacket } from '../wire/types.ts';
import { planFragments, Reassembly, type ReassemblyLoss } from './ip-fragment.ts';

describe('planFragments (Linux 2.4 ip_build_xmit_slow)', () => {
  it('cuts an 8192-byte datagram at MTU 1500 into 6 fragments, the last one sent first', () => {
    const plan = planFragments(8 + 8192, 1500, 'last-first')!;
    expect(plan.map((f) => [f.offset, f.length, f.more])).toEqual([
      [7400, 800, false],
      [5920, 1480, true],
      [4440, 1480, true],
      [2960, 1480, true],
      [1480, 1480, true],
      [0, 1480, true],
    ]);
  });

  it('sends in offset order for later kernels, and not at all when the datagram fits', () => {
    expect(planFragments(8 + 8192, 1500, 'in-order')!.map((f) => f.offset)).toEqual([
      0, 1480, 2960, 4440, 5920, 7400,
    ]);
    expect(planFragments(8 + 1472, 1500, 'last-first')).toBeNull();
    expect(planFragments(8 + 1473, 1500, 'last-first')!.map((f) => f.length)).toEqual([1, 1480]);
  });

  it('keeps every fragment but the last a multiple of 8 bytes (RFC 791)', () => {
    const plan = planFragments(8 + 3000, 576, 'in-order')!;
    expect(plan.every((f) => !f.more || f.length % 8 === 0)).toBe(true);
    expect(plan[0]!.length).toBe(552); // (576 − 20) & ~7
    expect(plan.reduce((n, f) => n + f.length, 0)).toBe(3008);
  });
});

function fragment(id: number, f: Ipv4Fragment): UdpPacket {
  return {
    src: 1,
    dst: 2,
    ttl: 64,
    id,
    dontFragment: false,
    protocol: IP_PROTO_UDP,
    udp: { srcPort: 1, dstPort: 2, checksummed: true, payload: new Uint8Array(8192) },
    fragment: f,
  };
}

const LIMITS = { highThreshBytes: 262_144, lowThreshBytes: 196_608, timeNs: seconds(30) };

function rig(limits = LIMITS) {
  const scheduler = new Scheduler();
  const r = new Reassembly(scheduler, 'host', limits);
  const lost: [number, ReassemblyLoss][] = [];
  r.onLost = (p, why) => lost.push([p.id, why]);
  return { scheduler, r, lost };
}

describe('Reassembly (Linux ip_fragment.c)', () => {
  const plan = planFragments(8200, 1500, 'last-first')!;

  it('gives the datagram back when its last missing fragment arrives, in any order', () => {
    const { r } = rig();
    const order = [3, 0, 5, 1, 4, 2];
    const results = order.map((i) => r.add(fragment(7, plan[i]!), 2340));
    expect(results.slice(0, 5)).toEqual([null, null, null, null, null]);
    const whole = results[5]!;
    expect(whole.packet.fragment).toBeNull();
    expect(whole.packet.id).toBe(7);
    expect([whole.fragments, whole.truesize]).toEqual([6, 6 * 2340]);
    expect(r.stats).toMatchObject({
      requests: 6,
      oks: 1,
      memoryBytes: 0,
      peakMemoryBytes: 6 * 2340,
    });
  });

  it('keeps datagrams with the same id from different senders apart', () => {
    const { r } = rig();
    const other = (f: Ipv4Fragment) => ({ ...fragment(7, f), src: 9 });
    for (const f of plan.slice(0, 5)) {
      r.add(fragment(7, f), 100);
      r.add(other(f), 100);
    }
    expect(r.pending).toBe(2);
    expect(r.add(other(plan[5]!), 100)?.packet.src).toBe(9);
    expect(r.pending).toBe(1);
  });

  it('ignores a repeated fragment’s bytes (a duplicate cannot complete a datagram)', () => {
    const { r } = rig();
    for (const f of plan.slice(0, 5)) r.add(fragment(1, f), 100);
    expect(r.add(fragment(1, plan[4]!), 100)).toBeNull();
    expect(r.stats.duplicates).toBe(1);
    expect(r.add(fragment(1, plan[5]!), 100)).not.toBeNull();
  });

  it('drops a datagram that lost a fragment ipfrag_time after its first fragment, not before', () => {
    const { scheduler, r, lost } = rig();
    r.add(fragment(1, plan[0]!), 2340);
    scheduler.runUntil(seconds(10));
    r.add(fragment(1, plan[1]!), 2340); // a later fragment does not extend the timer
    r.add(fragment(2, plan[0]!), 2340);
    scheduler.runUntil(seconds(30) - 1);
    expect(lost).toEqual([]);
    scheduler.runUntil(seconds(30));
    expect(lost).toEqual([[1, 'timeout']]);
    expect(r.stats.memoryBytes).toBe(2340);
    scheduler.runUntil(seconds(40));
    expect(lost).toEqual([
      [1, 'timeout'],
      [2, 'timeout'],
    ]);
    expect([r.pending, r.stats.timeouts, r.stats.memoryBytes]).toEqual([0, 2, 0]);
  });

  it('evicts the least recently updated queues once memory passes the high mark', () => {
    // 2340-byte buffers: 113 of them pass 256 KB; eviction goes down to 192 KB.
    const { scheduler, r, lost } = rig();
    for (let id = 0; id < 120; id++) {
      scheduler.runUntil(ms(id));
      r.add(fragment(id, plan[0]!), 2340);
      // Queue 0 gets a second fragment early on: queue 1 becomes the least recently used.
      if (id === 50) r.add(fragment(0, plan[1]!), 2340);
    }
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every(([, why]) => why === 'evicted')).toBe(true);
    expect(lost[0]![0]).toBe(1);
    expect(lost.map(([id]) => id)).not.toContain(0);
    // Memory never runs more than one buffer past the high mark: the evictor runs first.
    expect(r.stats.peakMemoryBytes).toBeLessThanOrEqual(262_144 + 2340);
    expect(r.stats.evicted).toBe(lost.length);
    // 113 buffers passed 256 KB; evicting stopped once 84 (≤ 192 KB) were left.
    expect(lost.length).toBe(113 - 84);
  });
});
