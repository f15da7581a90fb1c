import { collectPcap } from './metrics/pcap.ts';
import type { Results } from './metrics/results.ts';
import { runScenario } from './run.ts';
import { parseScenario, type Scenario, type ScenarioInput } from './scenario/schema.ts';
import type { EthernetFrame } from './wire/types.ts';

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

/** A frame as a port's pcap would hold it: when it passed the port's tap, and the frame. */
export interface TappedFrame {
  timeNs: number;
  frame: EthernetFrame;
}

/**
 * Runs a scenario keeping every port's frames as the pcap would list them (same tap, same
 * order), without writing and parsing a file: for tests that reason about frames.
 */
export function runWithFrames(scenario: Scenario): { results: Results; frames: TappedFrame[][] } {
  const frames: TappedFrame[][] = Array.from({ length: scenario.nic.ports }, () => []);
  const results = runScenario(scenario, {
    frames: (port, timeNs, frame) => frames[port]!.push({ timeNs, frame }),
  });
  return { results, frames };
}
