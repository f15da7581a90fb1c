import { describe, expect, it } from 'vitest';
import { ms } from '../core/time.ts';
import type { ScenarioInput } from '../scenario/schema.ts';
import { EPHEMERAL_FIRST, EPHEMERAL_LAST } from '../tcp/config.ts';
import { scenarioOf } from '../testing.ts';
import { startChurn } from './churn.ts';
import { workloadRig, type Rig } from './workload-rig.testing.ts';

const RTT_US = 100;

function rig(input: Omit<ScenarioInput, 'version'>): Rig {
  const scenario = scenarioOf({
    nic: { ports: 1 },
    link: { rttUs: RTT_US },
    ...input,
    workload: { kind: 'connection-churn', messageBytes: 1, ...input.workload },
  });
  return workloadRig(scenario, startChurn);
}

describe('connection churn (netperf TCP_CRR)', () => {
  it('each connection costs three RTTs: handshake, request/response, close', () => {
    // SYN → SYN-ACK (1 RTT); ACK + request → response (1 RTT); FIN → FIN (1 RTT), each
    // frame also ≈ 0.7 µs on the wire: about 3,290 connections per second per slot.
    const res = rig({}).measure(ms(20), ms(220));
    const perConnectionUs = 3 * RTT_US + 6 * 0.73;
    const expected = 1e6 / perConnectionUs;
    expect(res.kind).toBe('connection-churn');
    expect(res.connectionsPerSecond!).toBeGreaterThan(expected * 0.98);
    expect(res.connectionsPerSecond!).toBeLessThan(expected * 1.01);
    expect(res.failed).toBe(0);
    expect(res.streamIntact).toBe(true);
    const connect = res.connectLatencyUs!;
    expect(connect.p50).toBeGreaterThan(RTT_US);
    expect(connect.p99).toBeLessThan(RTT_US * 1.03);
    expect(res.latencyUs!.p50).toBeGreaterThan(perConnectionUs * 0.99);
    expect(res.latencyUs!.p99).toBeLessThan(perConnectionUs * 1.02);
  });

  it('a 64 KB request adds its slow-start rounds and wire time to every connection', () => {
    // Each connection starts at the local host's initial window (2 segments, linux-2.4)
    // and the peer ACKs every segment (quick-ACK), so cwnd doubles per round: 2, 4 and 8
    // segments take three round trips; by then cwnd exceeds the 8.6-segment pipe and the
    // other 32 segments go at wire speed. On top: handshake, response and close, 3 RTTs.
    const res = rig({ workload: { messageBytes: 65_536 } }).measure(ms(20), ms(220));
    const segmentWireUs = ((1448 + 90) * 8) / 1000;
    const expectedUs = 6 * RTT_US + 32 * segmentWireUs;
    const perConnectionUs = 1e6 / res.connectionsPerSecond!;
    expect(perConnectionUs).toBeGreaterThan(expectedUs * 0.97);
    expect(perConnectionUs).toBeLessThan(expectedUs * 1.07);
    expect(res.streamIntact).toBe(true);
    expect(res.failed).toBe(0);
  });

  it('opens 2,000+ connections with no port collision while the old ones sit in TIME_WAIT', () => {
    const r = rig({ nic: { ports: 2 }, workload: { connectionsPerPort: 2 } });
    r.scheduler.runUntil(ms(200));
    const res = r.run.summarize(ms(200));
    const conns = r.run.connections();
    const completed = conns.reduce((s, c) => s + c.completed, 0);
    expect(completed).toBeGreaterThan(2_000);
    expect(res.failed).toBe(0);
    expect(res.streamIntact).toBe(true);
    // TIME_WAIT lasts 60 s: every finished connection still holds its 4-tuple, as a
    // TIME_WAIT record (the connection itself is let go, as Linux's tcp_time_wait does).
    const timeWait = [...r.localTcp.timeWait.records()];
    expect(timeWait.length).toBe(completed);
    expect(r.localTcp.connections.every((c) => c.state !== 'TIME_WAIT')).toBe(true);
    const held = [...r.localTcp.connections, ...timeWait];
    const tuples = new Set(held.map((c) => `${c.remoteIp}:${c.localPort}:${c.remotePort}`));
    expect(tuples.size).toBe(held.length);
    for (const c of held) {
      expect(c.localPort).toBeGreaterThanOrEqual(EPHEMERAL_FIRST);
      expect(c.localPort).toBeLessThanOrEqual(EPHEMERAL_LAST);
    }
    // The four slots kept the same pace throughout: TIME_WAIT never held a new one back.
    for (const c of conns) {
      expect(c.completed).toBeGreaterThan(completed / 4 - 2);
      // 1-byte requests and responses: one of each per finished connection, and perhaps
      // one more in the connection still open.
      expect(c.requestBytesDelivered - c.completed).toBeGreaterThanOrEqual(0);
      expect(c.requestBytesDelivered - c.completed).toBeLessThanOrEqual(1);
      expect(c.responseBytesDelivered - c.completed).toBeGreaterThanOrEqual(0);
      expect(c.responseBytesDelivered - c.completed).toBeLessThanOrEqual(1);
    }
    const perPort = r.run.portBytes();
    expect(perPort.map((p) => p.port)).toEqual([0, 1]);
    expect(perPort[0]!.txBytes).toBeGreaterThan(1_000);
  });

  it('waits for TIME_WAIT to free ports when the ephemeral range runs out', () => {
    // 32 slots toward one peer finish ≈ 105,000 connections/s, so the 28,232 ephemeral
    // ports are all in TIME_WAIT after ≈ 0.27 s: connect() finds none free and the
    // slots wait and retry instead of the run crashing.
    const r = rig({ workload: { connectionsPerPort: 32 } });
    r.scheduler.runUntil(ms(350));
    const res = r.run.summarize(ms(350));
    const range = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1;
    const completed = r.run.connections().reduce((s, c) => s + c.completed, 0);
    expect(completed).toBeGreaterThan(range - 64);
    expect(completed).toBeLessThanOrEqual(range);
    // One refused connect() per port per retry interval, not one per slot.
    expect(res.failed).toBeGreaterThan(0);
    expect(res.failed).toBeLessThan(20);
    expect(res.streamIntact).toBe(true);
  }, 60_000);
});
