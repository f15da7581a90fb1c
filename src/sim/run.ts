import { ms } from './core/time.ts';
import type { Results } from './metrics/results.ts';
import { checkBottleneck, plannedReruns } from './observe/bottleneck-check.ts';
import { snapshotHalf, summarize } from './observe/summary.ts';
import { WireFronts } from './observe/wire-front.ts';
import type { Scenario } from './scenario/schema.ts';
import type { EthernetFrame } from './wire/types.ts';
import { attachCapture, tapPorts, type CaptureOptions } from './world/capture.ts';
import { scheduleEvents } from './world/events.ts';
import { World } from './world/world.ts';

export { UnsupportedScenarioError } from './world/flows.ts';
export type { PcapSink } from './world/capture.ts';

export interface RunOptions {
  /** Capture each port to a pcap through these sinks. */
  pcap?: CaptureOptions;
  /**
   * Sees every frame where each port meets its wire, as the pcap would hold it (for tests
   * that read frames without writing and parsing a pcap).
   */
  frames?: (port: number, timeNs: number, frame: EthernetFrame) => void;
  /** Called about every 5 % of simulated time. */
  onProgress?: (simulatedMs: number, totalMs: number) => void;
  /** A wall clock in ms for `wallMs` (the simulator reads no clock of its own). */
  clock?: () => number;
  /**
   * Decide the bottleneck by what-if re-runs (observe/bottleneck-check.ts): the run is
   * repeated with each of the two busiest resources 25 % faster. Off, `bottleneck` is the
   * live badge's utilisation rule and `bottleneckCheck` is null.
   */
  bottleneckCheck?: boolean;
}

const PROGRESS_STEPS = 20;

/** Runs a validated scenario to its end and returns the results JSON. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): Results {
  if (options.bottleneckCheck !== true) return runOnce(scenario, options);
  // Progress counts every simulated run: the run itself and the check's re-runs. The
  // base run is reported as the first of three (two trials are the usual check); once it
  // is known how many re-runs there are, they share the rest.
  const report = options.onProgress;
  const total = 3 * scenario.durationMs;
  const slice = (from: number, width: number) =>
    report && ((t: number, d: number) => report(from + (width * t) / d, total));
  const results = runOnce(scenario, { ...options, onProgress: slice(0, scenario.durationMs) });
  const reruns = plannedReruns(results);
  const width = reruns > 0 ? (total - scenario.durationMs) / reruns : 0;
  let done = 0;
  const check = checkBottleneck(results, (s) => {
    const r = runOnce(s, { onProgress: slice(scenario.durationMs + done * width, width) });
    done += 1;
    return r;
  });
  report?.(total, total);
  return { ...results, bottleneck: check.verdict, bottleneckCheck: check };
}

function runOnce(scenario: Scenario, options: RunOptions): Results {
  const started = options.clock?.() ?? 0;
  const world = new World(scenario);
  scheduleEvents(world);
  const closeCapture = options.pcap ? attachCapture(world, options.pcap) : null;
  if (options.frames) tapPorts(world, options.frames);
  const fronts = new WireFronts(world.links);
  world.start();
  try {
    const end = ms(scenario.durationMs);
    const half = Math.floor(end / 2);
    const step = Math.max(1, Math.floor(end / PROGRESS_STEPS));
    let snapshot = null;
    for (let t = 0; t < end;) {
      const next = t < half && t + step >= half ? half : Math.min(end, t + step);
      world.scheduler.runUntil(next);
      t = next;
      if (t === half) snapshot = snapshotHalf(world, fronts);
      options.onProgress?.(t / 1e6, scenario.durationMs);
    }
    snapshot ??= snapshotHalf(world, fronts);
    const results = summarize(world, snapshot, (options.clock?.() ?? 0) - started);
    return results;
  } finally {
    closeCapture?.();
  }
}
