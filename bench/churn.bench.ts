/**
 * `npm run bench:churn`: is memory flat while connections come and go? For every
 * architecture it runs 60 simulated seconds of the connection-churn workload on 4 × 1 GbE
 * (BENCH_CHURN_SECONDS to change) and prints the heap in use after a full collection at
 * each tenth of the run, how many connections completed, and the heap's growth per
 * 1,000 connections over the second half (issue 15's target: flat, so what a closed
 * connection leaves must be nothing). A benchmark, not a test: it prints and checks
 * nothing; `src/sim/churn-memory.test.ts` checks that closed connections are collected.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { ms } from '../src/sim/core/time.ts';
import { ARCHITECTURES, parseScenario } from '../src/sim/scenario/schema.ts';
import { scheduleEvents } from '../src/sim/world/events.ts';
import { World } from '../src/sim/world/world.ts';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const SECONDS = Number(process.env.BENCH_CHURN_SECONDS ?? 60);
const SAMPLES = 10;

function heapMB(): number {
  collectGarbage();
  collectGarbage();
  return v8.getHeapStatistics().used_heap_size / 1e6;
}

console.log(`Connection churn, ${SECONDS} simulated s on 4 × 1 GbE: heap after full GC (MB)`);
for (const architecture of ARCHITECTURES) {
  const parsed = parseScenario({
    version: 1,
    architecture,
    durationMs: SECONDS * 1000,
    workload: { kind: 'connection-churn' },
  });
  if (!parsed.ok) throw new Error(`${architecture}: invalid churn scenario`);
  const world = new World(parsed.scenario);
  scheduleEvents(world);
  world.start();
  const heaps: number[] = [];
  const opened: number[] = [];
  for (let i = 1; i <= SAMPLES; i++) {
    world.scheduler.runUntil(ms((SECONDS * 1000 * i) / SAMPLES));
    heaps.push(heapMB());
    opened.push(world.transactions!.summarize(world.scheduler.now).completed ?? 0);
  }
  const mid = SAMPLES / 2 - 1;
  const perThousand =
    ((heaps[SAMPLES - 1]! - heaps[mid]!) * 1000) / Math.max(1, opened[SAMPLES - 1]! - opened[mid]!);
  console.log(
    `${architecture.padEnd(20)} ${heaps.map((h) => h.toFixed(1)).join(' ')}  ` +
      `completed ${opened[SAMPLES - 1]}  second half ${perThousand >= 0 ? '+' : ''}${perThousand.toFixed(3)} MB per 1,000 connections`,
  );
}
