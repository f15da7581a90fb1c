/**
 * `npm run bench`: how fast the simulator runs, in Node. A benchmark, not a test: it
 * prints figures and checks nothing. For each case (every architecture on the 4 × 1 GbE
 * bulk-send preset, 10 GbE full-toe and csum-tso, and the other presets the lab opens on)
 * it prints, as the median of BENCH_REPEATS runs:
 *
 * - simulated seconds per wall second and per CPU second of this process (the CPU figure
 *   moves less when other work shares the machine);
 * - events per wall second;
 * - heap bytes allocated per delivered data segment (v8.GCProfiler: the heap used before
 *   each collection minus after the previous one, plus the growth since the last);
 * - the issue-15 target for the case, where it has one: ≥ 3 simulated s per wall s for
 *   4 × 1 GbE, ≥ 1.5 for 10 GbE full-toe and csum-tso, and ≤ 100 B allocated per segment.
 *
 * `npm run bench:ui` measures the browser, `npm run bench:scheduler` the event queue.
 */
import { performance } from 'node:perf_hooks';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { runScenario } from '../src/sim/run.ts';
import type { Results } from '../src/sim/metrics/results.ts';
import { getPreset } from '../src/sim/scenario/presets.ts';
import { parseScenario, type Scenario, type ScenarioInput } from '../src/sim/scenario/schema.ts';
import { BENCH_CASES, type BenchCase } from './cases.ts';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
/** Issue 15's allocation target, bytes per delivered segment. */
const ALLOC_TARGET = 100;

function inputOf(c: BenchCase): ScenarioInput {
  const preset = getPreset(c.preset);
  if (!preset) throw new Error(`no preset ${c.preset}`);
  return c.architecture ? { ...preset.scenario, architecture: c.architecture } : preset.scenario;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Heap bytes allocated while `run` ran (collected or not). */
function allocatedDuring<T>(run: () => T): { value: T; bytes: number } {
  const profiler = new GCProfiler();
  const before = getHeapStatistics().used_heap_size;
  profiler.start();
  const value = run();
  const after = getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop();
  let bytes = 0;
  let from = before;
  for (const gc of statistics) {
    bytes += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - from);
    from = gc.afterGC.heapStatistics.usedHeapSize;
  }
  bytes += Math.max(0, after - from);
  return { value, bytes };
}

/** Data segments the receivers got: delivered bytes over the MSS the MTU allows. */
function deliveredSegments(scenario: Scenario, r: Results): number {
  // IPv4 20 + TCP 20 + timestamps 12 (both profiles negotiate them on these presets).
  const mss = scenario.link.mtu - 52;
  const bytes = r.connections.reduce((n, c) => n + c.bytesDelivered, 0);
  return bytes / mss;
}

console.log(`Offload Lab simulator benchmark (Node ${process.version}, median of ${REPEATS})`);
console.log(
  [
    'scenario'.padEnd(34),
    'sim s'.padStart(5),
    'sim/wall'.padStart(9),
    'sim/CPU'.padStart(8),
    'target'.padStart(7),
    'events/s'.padStart(9),
    'B/segment'.padStart(10),
    'goodput Mbit/s'.padStart(15),
    ' bottleneck',
  ].join(' '),
);
for (const c of BENCH_CASES) {
  const parsed = parseScenario(inputOf(c));
  if (!parsed.ok) throw new Error(`${c.name} is invalid`);
  const scenario = parsed.scenario;
  const walls: number[] = [];
  const cpus: number[] = [];
  const allocs: number[] = [];
  let last: Results | null = null;
  for (let i = 0; i < REPEATS; i++) {
    const cpu0 = process.cpuUsage();
    const { value, bytes } = allocatedDuring(() =>
      runScenario(scenario, { clock: () => performance.now() }),
    );
    const cpu = process.cpuUsage(cpu0);
    walls.push(value.wallMs / 1000);
    cpus.push((cpu.user + cpu.system) / 1e6);
    allocs.push(bytes / Math.max(1, deliveredSegments(scenario, value)));
    last = value;
  }
  const r = last!;
  const sim = scenario.durationMs / 1000;
  const wall = median(walls);
  const speed = sim / wall;
  const alloc = median(allocs);
  const goodput = r.ports.reduce((n, p) => n + p.txGoodputMbps + p.rxGoodputMbps, 0);
  const target =
    c.target === null ? '' : `${speed >= c.target ? '✓' : '✗'} ≥${c.target}`.padStart(7);
  console.log(
    [
      c.name.padEnd(34),
      sim.toFixed(2).padStart(5),
      speed.toFixed(2).padStart(9),
      (sim / median(cpus)).toFixed(2).padStart(8),
      target.padStart(7),
      `${(r.events / wall / 1e6).toFixed(2)} M`.padStart(9),
      `${alloc.toFixed(0)} ${alloc <= ALLOC_TARGET ? '✓' : '✗'}`.padStart(10),
      goodput.toFixed(1).padStart(15),
      ` ${r.bottleneck ?? ''}`,
    ].join(' '),
  );
}
console.log(
  `targets (issue 15): ≥ 3 sim s per wall s for 4 × 1 GbE, ≥ 1.5 for 10 GbE; ≤ ${ALLOC_TARGET} B allocated per delivered segment`,
);
