import { collectPcap } from './metrics/pcap.ts';
import type { Results } from './metrics/results.ts';
import { runScenario } from './run.ts';
import { parseScenario, type Scenario, type ScenarioInput } from './scenario/schema.ts';

/** A scenario from a partial document, failing loudly if it does not validate. */
export function scenarioOf(input: Omit<ScenarioInput, 'version'>): Scenario {
  const parsed = parseScenario({ version: 1, ...input });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return parsed.scenario;
}

/** Runs a scenario capturing every port's pcap in memory. */
export function runWithCapture(
  scenario: Scenario,
  snaplen?: number,
): { results: Results; pcaps: Uint8Array[] } {
  const collectors: ReturnType<typeof collectPcap>[] = [];
  const results = runScenario(scenario, {
    pcap: {
      ...(snaplen === undefined ? {} : { snaplen }),
      sinkForPort: (port) => {
        const c = collectPcap();
        collectors[port] = c;
        return { write: (chunk) => c.write(chunk), close: () => {} };
      },
    },
  });
  return { results, pcaps: collectors.map((c) => c.bytes()) };
}
