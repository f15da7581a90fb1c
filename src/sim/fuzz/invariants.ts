import type { Results } from '../metrics/results.ts';
import { runScenario, UnsupportedScenarioError } from '../run.ts';
import { formatScenarioErrors, parseScenario, type ScenarioInput } from '../scenario/schema.ts';
import { ETHERNET_OVERHEAD, ETHERNET_PREAMBLE_AND_IFG } from '../wire/types.ts';
import { WindowCheck } from './window-check.ts';

/**
 * What must hold for every valid scenario (issue 12), checked on one run:
 * - it runs (or is refused with a message, as `UnsupportedScenarioError`), no exception;
 * - every stream is intact (each receiver's hash equals its writer's over what it got);
 * - every number in the results is finite, utilisations and shares within 0–1;
 * - no port carries more than its line: goodput within the payload a full-MTU frame
 *   carries at the port's speed, the wire within 100 %;
 * - no TCP sender goes beyond the window its peer offered (window-check.ts);
 * - optionally, the same scenario run again gives the same results (apart from wallMs).
 * A broken invariant throws an `InvariantError` whose message says which and where.
 */

export class InvariantError extends Error {
  override name = 'InvariantError';
}

/** Rounding slack for figures that are ratios of sums (1e-9 relative). */
const SLACK = 1 + 1e-9;

/**
 * The most payload a port's line can carry at `mtu`: every frame full, less the IP and TCP
 * headers (40 B, no options) — or for UDP workloads the IP header alone (20 B: a datagram's
 * later fragments carry no UDP header).
 */
export function payloadLineRateMbps(portSpeedMbps: number, mtu: number, workload = ''): number {
  const headers = workload.startsWith('udp') ? 20 : 40;
  const wireBytes = mtu + ETHERNET_OVERHEAD + ETHERNET_PREAMBLE_AND_IFG;
  return (portSpeedMbps * (mtu - headers)) / wireBytes;
}

function fail(message: string): never {
  throw new InvariantError(message);
}

/** Every number anywhere in the results is finite. */
function checkFinite(value: unknown, path: string): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`${path} is ${value}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkFinite(v, `${path}[${i}]`));
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) checkFinite(v, path === '' ? k : `${path}.${k}`);
  }
}

function checkShare(value: number, path: string): void {
  if (!(value >= 0 && value <= SLACK)) fail(`${path} is ${value}, outside 0–1`);
}

function checkRanges(r: Results): void {
  checkFinite(r, '');
  for (const [name, u] of Object.entries(r.utilisations ?? {}))
    checkShare(u, `utilisations.${name}`);
  if (r.host) {
    checkShare(r.host.cpuUtilization, 'host.cpuUtilization');
    checkShare(r.host.memoryBusUtilization, 'host.memoryBusUtilization');
    checkShare(r.host.memoryStallShare, 'host.memoryStallShare');
    for (const [c, v] of Object.entries(r.host.cpuBreakdown))
      checkShare(v, `host.cpuBreakdown.${c}`);
  }
  if (r.bus) {
    checkShare(r.bus.utilization, 'bus.utilization');
    checkShare(r.bus.efficiency, 'bus.efficiency');
  }
  if (r.nic) {
    checkShare(r.nic.engineUtilization, 'nic.engineUtilization');
    for (const d of r.nic.dmaEngines) {
      checkShare(d.readUtilization, `nic.dmaEngines[${d.device}].readUtilization`);
      checkShare(d.writeUtilization, `nic.dmaEngines[${d.device}].writeUtilization`);
    }
    const capacity = r.scenario.nic.cardMemoryMB * 1024 * 1024;
    if (r.nic.cardMemoryPeakBytes > capacity * SLACK) {
      fail(`nic.cardMemoryPeakBytes ${r.nic.cardMemoryPeakBytes} exceeds the card's ${capacity}`);
    }
  }
  for (const c of r.connections) {
    if (c.bytesDelivered > c.bytesWritten) {
      fail(`connections[${c.id}] delivered ${c.bytesDelivered} of ${c.bytesWritten} written`);
    }
  }
}

function checkLines(r: Results): void {
  const { portSpeedMbps } = r.scenario.nic;
  const bound = payloadLineRateMbps(portSpeedMbps, r.scenario.link.mtu, r.scenario.workload.kind);
  for (const p of r.ports) {
    for (const [name, v] of [
      ['txGoodputMbps', p.txGoodputMbps],
      ['rxGoodputMbps', p.rxGoodputMbps],
    ] as const) {
      if (v < 0 || v > bound * SLACK) {
        fail(`ports[${p.port}].${name} ${v} Mbit/s beyond the line's payload rate ${bound}`);
      }
    }
    for (const [name, v] of [
      ['txWireMbps', p.txWireMbps],
      ['rxWireMbps', p.rxWireMbps],
    ] as const) {
      if (v < 0 || v > portSpeedMbps * SLACK) {
        fail(`ports[${p.port}].${name} ${v} Mbit/s beyond the port's ${portSpeedMbps}`);
      }
    }
  }
}

function checkStreams(r: Results): void {
  const broken = r.connections.filter((c) => !c.streamIntact).map((c) => c.id);
  if (broken.length > 0) fail(`stream not intact on connection(s) ${broken.join(', ')}`);
  if (r.workload !== null && !r.workload.streamIntact) fail('workload.streamIntact is false');
}

/** Results as compared between two runs: everything but the wall clock. */
function comparable(r: Results): string {
  return JSON.stringify({ ...r, wallMs: 0 });
}

export interface CheckOptions {
  /** Run the scenario twice and compare (costs a second run). */
  determinism?: boolean;
}

export interface CheckOutcome {
  /** False when the scenario was refused as unsupported (with its message). */
  ran: boolean;
  /** TCP data segments checked against the window. */
  segmentsChecked: number;
}

/** Runs `input` and throws an InvariantError (or the simulator's own error) if anything breaks. */
export function checkScenario(input: ScenarioInput, options: CheckOptions = {}): CheckOutcome {
  const parsed = parseScenario(input);
  if (!parsed.ok)
    fail(`the generator made an invalid scenario:\n${formatScenarioErrors(parsed.errors)}`);
  const window = new WindowCheck();
  let results: Results;
  try {
    results = runScenario(parsed.scenario, { frames: (p, t, f) => window.frame(p, t, f) });
  } catch (error) {
    if (error instanceof UnsupportedScenarioError) return { ran: false, segmentsChecked: 0 };
    throw error;
  }
  checkStreams(results);
  checkRanges(results);
  checkLines(results);
  const v = window.violations[0];
  if (v !== undefined) {
    fail(
      `${window.violations.length} segment(s) beyond the offered window; first on port ${v.port} ` +
        `at ${v.timeNs} ns, ${v.flow}: seq ${v.seq} + ${v.length} is ${v.beyondBytes} B past ` +
        `the right edge ${v.rightEdge}`,
    );
  }
  if (options.determinism === true) {
    const again = runScenario(parsed.scenario);
    if (comparable(again) !== comparable(results))
      fail('the same scenario and seed gave other results');
  }
  return { ran: true, segmentsChecked: window.checked };
}
