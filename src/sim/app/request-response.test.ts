import { describe, expect, it } from 'vitest';
import { ms } from '../core/time.ts';
import type { ScenarioInput } from '../scenario/schema.ts';
import { scenarioOf } from '../testing.ts';
import { startRequestResponse } from './request-response.ts';
import { workloadRig, type Rig } from './workload-rig.testing.ts';

const RTT_US = 100;
/** A 1-byte request or response: 14 + 20 + 20 + 12 (timestamps) + 1 + 4 FCS, + 20 preamble/IFG. */
const SMALL_FRAME_WIRE_NS = (14 + 20 + 20 + 12 + 1 + 4 + 20) * 8;

function rig(input: Omit<ScenarioInput, 'version'>): Rig {
  const scenario = scenarioOf({
    nic: { ports: 1 },
    link: { rttUs: RTT_US },
    ...input,
    workload: { kind: 'request-response', ...input.workload },
  });
  return workloadRig(scenario, startRequestResponse);
}

describe('request-response (netperf TCP_RR)', () => {
  it('1-byte transactions take one RTT plus serialisation: ≈ 9,860 per second', () => {
    const r = rig({});
    const res = r.measure(ms(50), ms(250));
    const perTransactionUs = RTT_US + (2 * SMALL_FRAME_WIRE_NS) / 1000;
    const expected = 1e6 / perTransactionUs;
    expect(res.kind).toBe('request-response');
    expect(res.transactionsPerSecond!).toBeGreaterThan(expected * 0.97);
    expect(res.transactionsPerSecond!).toBeLessThan(expected * 1.01);
    expect(res.completed).toBeGreaterThan(1900);
    expect(res.failed).toBe(0);
    expect(res.streamIntact).toBe(true);
    const lat = res.latencyUs!;
    expect(lat.samples).toBe(res.completed);
    for (const p of [lat.p50, lat.p90, lat.p99, lat.mean]) {
      expect(p).toBeGreaterThan(perTransactionUs * 0.99);
      expect(p).toBeLessThan(perTransactionUs * 1.03);
    }
  });

  it('two connections per port run side by side: about double the transactions', () => {
    const one = rig({}).measure(ms(50), ms(250));
    const two = rig({ workload: { connectionsPerPort: 2 } }).measure(ms(50), ms(250));
    const ratio = two.transactionsPerSecond! / one.transactionsPerSecond!;
    expect(ratio).toBeGreaterThan(1.95);
    expect(ratio).toBeLessThan(2.02);
    expect(two.streamIntact).toBe(true);
  });

  it('verifies real bytes both ways and reports them per port and per connection', () => {
    const r = rig({ nic: { ports: 2 }, workload: { requestBytes: 100, responseBytes: 3000 } });
    r.scheduler.runUntil(ms(20));
    r.run.markHalf(ms(20));
    r.scheduler.runUntil(ms(60));
    const res = r.run.summarize(ms(60));
    expect(res.streamIntact).toBe(true);
    const conns = r.run.connections();
    expect(conns).toHaveLength(2);
    for (const c of conns) {
      expect(c.streamIntact).toBe(true);
      expect(c.state).toBe('ESTABLISHED');
      expect(c.requestBytesDelivered).toBe(100 * c.completed);
      expect(c.responseBytesDelivered).toBe(3000 * c.completed);
      expect(c.requestBytesWritten).toBe(100 * (c.completed + 1));
    }
    const ports = r.run.portBytes();
    expect(ports.map((p) => p.port)).toEqual([0, 1]);
    const total = ports.reduce((s, p) => s + p.rxBytes, 0);
    // Responses delivered in the measured half, give or take the one in flight at the mark.
    expect(Math.abs(total - 3000 * res.completed)).toBeLessThanOrEqual(3000 * 2);
    expect(ports[0]!.txBytes).toBeGreaterThan(0);
  });

  it('a 64 KB response is slow-start-governed first, one RTT once cwnd has grown', () => {
    // 10 ms RTT: the 1.25 MB pipe dwarfs the peer's initial window of 10 segments, so the
    // first response needs 10 + 20 + 15 segments: three round trips. Later ones find cwnd
    // open (no idle restart: the next request follows at once) and take one RTT plus the
    // response's ≈ 0.56 ms on the wire.
    const rtt = 10_000;
    const r = rig({ link: { rttUs: rtt }, workload: { responseBytes: 65_536 } });
    const firstDone = (): boolean => r.run.connections()[0]!.completed >= 1;
    while (!firstDone()) r.scheduler.runUntil(r.scheduler.now + ms(1));
    const first = r.run.summarize(r.scheduler.now).latencyUs!;
    expect(first.samples).toBe(1);
    expect(first.mean).toBeGreaterThan(2.9 * rtt);
    expect(first.mean).toBeLessThan(3.3 * rtt);

    const steady = r.measure(ms(200), ms(600));
    const wireUs = ((65_536 + 46 * 90) * 8) / 1000;
    expect(steady.latencyUs!.p50).toBeGreaterThan(rtt + wireUs * 0.9);
    expect(steady.latencyUs!.p99).toBeLessThan(rtt + wireUs * 1.2);
    expect(steady.streamIntact).toBe(true);
  });
});
