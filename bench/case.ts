/**
 * One benchmark case in a process of its own, for `npm run bench:compare`: runs a preset
 * (optionally as another architecture, for another duration) and prints one JSON line —
 * the CPU seconds `runScenario` took in this process, events, goodput and bottleneck.
 * It imports only what every version of the simulator has had (runScenario, getPreset,
 * parseScenario), so the comparison can copy it into an older checkout.
 *
 *   npx tsx bench/case.ts 4x1g-bulk-send full-toe 2000
 */
import { runScenario } from '../src/sim/run.ts';
import { getPreset } from '../src/sim/scenario/presets.ts';
import { parseScenario } from '../src/sim/scenario/schema.ts';

const [id, architecture, durationMs] = process.argv.slice(2);
const preset = id === undefined ? undefined : getPreset(id);
if (!preset) {
  console.error('usage: tsx bench/case.ts PRESET [ARCHITECTURE|-] [DURATION_MS]');
  process.exit(2);
}
const parsed = parseScenario({
  ...preset.scenario,
  ...(architecture && architecture !== '-' ? { architecture } : {}),
  ...(durationMs ? { durationMs: Number(durationMs) } : {}),
});
if (!parsed.ok) {
  console.error(`bench/case.ts: ${id} ${architecture ?? ''} is not a valid scenario`);
  process.exit(2);
}
const before = process.cpuUsage();
const results = runScenario(parsed.scenario, {});
const cpu = process.cpuUsage(before);
console.log(
  JSON.stringify({
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    simulatedSeconds: parsed.scenario.durationMs / 1000,
    events: results.events,
    goodputMbps: results.ports.reduce((n, p) => n + p.txGoodputMbps + p.rxGoodputMbps, 0),
    bottleneck: results.bottleneck,
  }),
);
