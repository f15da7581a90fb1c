/**
 * `npm run bench`: how fast the simulator runs, in Node. A benchmark, not a test: it
 * prints figures and checks nothing. Target (issues 2 and 3): the 4 × 1 GbE bulk-send
 * preset runs at ≥ 1.0 simulated second per wall second for every architecture, with
 * the cost model on. `npm run bench:ui` measures the browser.
 */
import { performance } from 'node:perf_hooks';
import { runScenario } from '../src/sim/run.ts';
import { getPreset } from '../src/sim/scenario/presets.ts';
import { ARCHITECTURES, parseScenario, type ScenarioInput } from '../src/sim/scenario/schema.ts';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

function presetInput(id: string): ScenarioInput {
  const preset = getPreset(id);
  if (!preset) throw new Error(`no preset ${id}`);
  return preset.scenario;
}

const CASES: [string, ScenarioInput][] = [
  ...ARCHITECTURES.map((a): [string, ScenarioInput] => [
    `4x1g-bulk-send ${a}`,
    { ...presetInput('4x1g-bulk-send'), architecture: a },
  ]),
  ['1x1g-bulk-send', presetInput('1x1g-bulk-send')],
  ['1x1g-bidirectional', presetInput('1x1g-bidirectional')],
  ['4x1g-bulk-receive', presetInput('4x1g-bulk-receive')],
  ['1x10g-full-toe', presetInput('1x10g-full-toe')],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

console.log(`Offload Lab simulator benchmark (Node ${process.version}, median of ${REPEATS})`);
console.log(
  'scenario                                sim s   wall s  sim s/wall s  events/s  goodput Mbit/s  bottleneck',
);
for (const [name, input] of CASES) {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(`${name} is invalid`);
  const walls: number[] = [];
  let events = 0;
  let goodput = 0;
  let bottleneck = '';
  for (let i = 0; i < REPEATS; i++) {
    const r = runScenario(parsed.scenario, { clock: () => performance.now() });
    walls.push(r.wallMs / 1000);
    events = r.events;
    goodput = r.ports.reduce((n, p) => n + p.txGoodputMbps + p.rxGoodputMbps, 0);
    bottleneck = r.bottleneck ?? '';
  }
  const wall = median(walls);
  const sim = parsed.scenario.durationMs / 1000;
  console.log(
    [
      name.padEnd(38),
      sim.toFixed(2).padStart(6),
      wall.toFixed(3).padStart(8),
      (sim / wall).toFixed(2).padStart(13),
      `${(events / wall / 1e6).toFixed(2)} M`.padStart(9),
      goodput.toFixed(1).padStart(15),
      ` ${bottleneck}`,
    ].join(' '),
  );
}
