import { describe, expect, it } from 'vitest';
import { scenarioOf } from '../testing.ts';
import { ReferenceRun } from './reference-run.ts';

function measured(input: Parameters<typeof scenarioOf>[0]) {
  const run = new ReferenceRun(scenarioOf(input));
  while (!run.done) run.advance(20e6);
  return run.result!;
}

describe('the reference run', () => {
  it('gives a UDP stream its TCP twin: cycles per segment, ACKs included, on the same card', () => {
    const r = measured({
      architecture: 'csum-tso',
      nic: { ports: 1 },
      workload: { kind: 'udp-stream' },
    });
    expect(r.tcpTwin?.architecture).toBe('csum-tso');
    // TSO: one TCP/IP pass per super-segment, spread over its frames.
    expect(r.tcpTwin!.cyclesPerSegment).toBeGreaterThan(1000);
    expect(r.tcpTwin!.cyclesPerSegment).toBeLessThan(12_000);
    // The copy ledger's reference is still the host stack's.
    expect(r.cpuCopiesPerByte).toBeCloseTo(1, 1);
  });

  it('has no twin for a TCP workload', () => {
    expect(measured({ nic: { ports: 1 } }).tcpTwin).toBeUndefined();
  });
});
