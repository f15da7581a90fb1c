import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenario/schema.ts';
import { checkScenario } from './invariants.ts';
import { scenarioArbitrary, SHORT_BUDGET } from './scenario-arbitrary.ts';

/**
 * The scenario fuzzer's bounded run (issue 12): 200 random valid scenarios of at most
 * 30 ms from a fixed seed, each checked for what must always hold (invariants.ts), one in
 * twenty run twice for determinism. `npm run fuzz -- --runs N --seed S` runs as many as
 * you like and shrinks a failure to the smallest scenario that still fails.
 */
const SEED = 12;
const RUNS = 200;

/**
 * Defects inside TCP (src/sim/tcp) that the TCP work (issue 11's branch) is fixing, each
 * with a small scenario that shows it. A sampled scenario that fails this way is let
 * through; any other failure fails the test; and each example must still fail, so the
 * entry is removed with the fix (the second test).
 */
const KNOWN_TCP_DEFECTS: { name: string; matches: (error: Error) => boolean; example: string }[] = [
  {
    name: 'a PMTU drop makes Sender.transmit slice past the send buffer (SendBuffer.slice)',
    // (Node names SendBuffer.slice at the top of the stack; vitest's transform shows
    // its caller, Sender.transmit in tcp/sender.ts.)
    matches: (e) =>
      e instanceof TypeError && /src\/sim\/tcp\/(send-buffer|sender)\.ts/.test(e.stack ?? ''),
    example:
      '{"version":1,"durationMs":1,"nic":{"ports":1},"workload":{"kind":"bulk-receive","connectionsPerPort":7},"events":[{"atMs":0,"port":0,"kind":"pmtu","mtu":576}]}',
  },
  {
    // Duplicate ACKs trigger a fast retransmit that resends a full MSS (1024 B) from
    // snd_una, past what the receiver's 1 KB buffer offers (here 536 B: 488 B beyond;
    // Linux collapses what it resends only up to the window's end, tcp_retrans_try_collapse).
    name: 'a fast retransmit resends a full MSS beyond the offered window',
    matches: (e) => e.name === 'InvariantError' && /beyond the offered window/.test(e.message),
    example:
      '{"version":1,"durationMs":20,"architecture":"card-window","link":{"rttUs":1},"tcp":{"nagle":false,"sendBufferKB":1,"recvBufferKB":1},"workload":{"kind":"bidirectional","connectionsPerPort":3,"messageBytes":1},"nic":{"ports":3}}',
  },
];

describe('the scenario fuzzer (issue 12)', () => {
  it(`${RUNS} random scenarios from seed ${SEED} run clean`, () => {
    const inputs = fc.sample(scenarioArbitrary(SHORT_BUDGET), { seed: SEED, numRuns: RUNS });
    const unexpected: string[] = [];
    const known = new Set<string>();
    let ran = 0;
    inputs.forEach((input: ScenarioInput, i) => {
      try {
        if (checkScenario(input, { determinism: i % 20 === 0 }).ran) ran++;
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        const defect = KNOWN_TCP_DEFECTS.find((d) => d.matches(e));
        if (defect) known.add(defect.name);
        else unexpected.push(`${e.name}: ${e.message}\n${JSON.stringify(input)}`);
      }
    });
    expect(unexpected).toEqual([]);
    if (known.size > 0) console.warn(`known TCP defects met: ${[...known].join('; ')}`);
    // Nearly every scenario runs; the rest are refused with a message (a route moved
    // back to its own port).
    expect(ran).toBeGreaterThan(RUNS * 0.8);
  });

  it('each listed TCP defect still shows in its example (remove the entry once fixed)', () => {
    for (const d of KNOWN_TCP_DEFECTS) {
      const input = JSON.parse(d.example) as ScenarioInput;
      let error: unknown = null;
      try {
        checkScenario(input);
      } catch (e) {
        error = e;
      }
      expect(error instanceof Error && d.matches(error), d.name).toBe(true);
    }
  });
});
