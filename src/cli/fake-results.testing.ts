import type { Results } from '../sim/metrics/results.ts';
import type { Scenario } from '../sim/scenario/schema.ts';

/** Results shaped like the simulator's, enough for the CLI to print and save. */
export function fakeResults(scenario: Scenario): Results {
  return {
    scenario,
    simulatedMs: scenario.durationMs,
    wallMs: 12,
    events: 34567,
    ports: Array.from({ length: scenario.nic.ports }, (_, port) => ({
      port,
      txGoodputMbps: 941.23,
      rxGoodputMbps: 0,
      txWireMbps: 999.1,
      rxWireMbps: 38,
      txFrames: 1000,
      rxFrames: 500,
      framesDropped: 0,
      framesToStaleMac: 0,
    })),
    connections: [
      {
        id: 0,
        port: 0,
        direction: 'tx',
        offloaded: false,
        hostCaptureSees: true,
        bytesWritten: 235_000_000,
        bytesDelivered: 234_567_890,
        streamIntact: true,
        retransmits: 3,
        timeouts: 1,
        state: 'ESTABLISHED',
      },
    ],
    host: null,
    bus: null,
    nic: null,
    copies: null,
    sync: null,
    syncNote: null,
    filter: {
      policy: 'bypass',
      rules: [],
      droppedByHost: 0,
      droppedByCard: 0,
      violations: 0,
      refusedOffload: 0,
      enforcedOnCard: false,
    },
    bottleneck: 'wire',
    workload: null,
    utilisations: null,
    notModelled: [],
    log: [],
  };
}
