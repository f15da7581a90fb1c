import { describe, expect, it } from 'vitest';
import { runScenario } from '../run.ts';
import { scenarioOf } from '../testing.ts';
import { Scheduler } from '../core/scheduler.ts';
import { Link } from '../link/link.ts';
import { ETHERNET_OVERHEAD, ETHERNET_PREAMBLE_AND_IFG } from '../wire/types.ts';
import { wireBitsSent } from './wire-front.ts';
import { arpRequest } from '../wire/fixtures.ts';

/** The most payload a port's direction can carry: every frame a full MSS (TCP + IP + timestamps). */
function payloadLineRateMbps(mbps: number, mtu: number): number {
  const payload = mtu - 52;
  return (mbps * payload) / (mtu + ETHERNET_OVERHEAD + ETHERNET_PREAMBLE_AND_IFG);
}

describe('the measured half sees what the wire saw inside it (issue 12)', () => {
  it('a frame half out when the window closes counts half', () => {
    const scheduler = new Scheduler();
    const link = new Link({ scheduler, name: 'l', mbps: 1000, rttUs: 10 });
    link.tx.transmit(arpRequest());
    // A 64-byte frame + 20 of preamble and gap: 672 ns at 1 Gbit/s.
    expect(link.tx.counters.wireBits).toBe(672);
    scheduler.runUntil(336);
    expect(wireBitsSent(link, 'tx', 336)).toBeCloseTo(336, 6);
    scheduler.runUntil(1000);
    expect(wireBitsSent(link, 'tx', 1000)).toBe(672);
  });

  // The two short runs: goodput above the line rate and the wire above 100 %.
  const cases = [
    {
      name: 'csum-tso, 191 Mbit/s, MTU 7839, 9 ms',
      input: {
        durationMs: 9,
        architecture: 'csum-tso',
        nic: { ports: 1, portSpeedMbps: 191 },
        link: { mtu: 7839 },
      },
    },
    {
      name: 'full-toe, 1 GbE, 3 ms',
      input: { durationMs: 3, architecture: 'full-toe', nic: { ports: 1 } },
    },
  ] as const;
  for (const c of cases) {
    it(`${c.name}: goodput within the line's payload rate, the wire within 100 %`, () => {
      const scenario = scenarioOf(c.input);
      const results = runScenario(scenario);
      const { portSpeedMbps } = scenario.nic;
      const bound = payloadLineRateMbps(portSpeedMbps, scenario.link.mtu);
      for (const port of results.ports) {
        expect(port.txWireMbps).toBeLessThanOrEqual(portSpeedMbps * (1 + 1e-9));
        expect(port.txGoodputMbps).toBeLessThanOrEqual(bound * (1 + 1e-9));
        // Still the stream's rate, not an undercount: within one frame of the bound.
        expect(port.txGoodputMbps).toBeGreaterThan(bound * 0.9);
      }
      expect(results.utilisations?.wire).toBeLessThanOrEqual(1 + 1e-9);
    });
  }
});
