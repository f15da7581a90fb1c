/**
 * `npm run bench`: how fast the simulator runs, in Node. A benchmark, not a test:
 * it prints figures and checks nothing. Targets are in the issues (≥ 1.0 simulated
 * second per wall second for the 4 × 1 GbE bulk-send preset).
 */
import { performance } from 'node:perf_hooks';
import { runScenario } from '../src/sim/run.ts';
import { getPreset } from '../src/sim/scenario/presets.ts';
import { parseScenario } from '../src/sim/scenario/schema.ts';

const CASES = ['4x1g-bulk-send', '1x1g-bulk-send', '1x1g-bidirectional', '4x1g-bulk-receive'];
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

console.log(`Offload Lab simulator benchmark (Node ${process.version}, median of ${REPEATS})`);
console.log('preset                    sim s   wall s   sim s/wall s   events/s   goodput Mbit/s');
for (const id of CASES) {
  const preset = getPreset(id);
  if (!preset) throw new Error(`no preset ${id}`);
  const parsed = parseScenario(preset.scenario);
  if (!parsed.ok) throw new Error(`preset ${id} is invalid`);
  const walls: number[] = [];
  let events = 0;
  let goodput = 0;
  for (let i = 0; i < REPEATS; i++) {
    const r = runScenario(parsed.scenario, { clock: () => performance.now() });
    walls.push(r.wallMs / 1000);
    events = r.events;
    goodput = r.ports.reduce((n, p) => n + p.txGoodputMbps + p.rxGoodputMbps, 0);
  }
  const wall = median(walls);
  const sim = parsed.scenario.durationMs / 1000;
  console.log(
    `${id.padEnd(24)} ${sim.toFixed(2).padStart(6)} ${wall.toFixed(3).padStart(8)} ${(sim / wall).toFixed(2).padStart(14)} ${(events / wall / 1e6).toFixed(2).padStart(8)} M ${goodput.toFixed(1).padStart(16)}`,
  );
}
