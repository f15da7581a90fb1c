/**
 * `npm run bench:churn`: is memory flat while connections come and go? For every
 * architecture it runs 60 simulated seconds of the connection-churn workload on 4 × 1 GbE
 * (BENCH_CHURN_SECONDS to change) and prints the heap in use after a full collection at
 * each tenth of the run, how many connections completed and how many wait in TIME_WAIT,
 * and the heap's growth over the run per TIME_WAIT record (issue 15's target: flat, so a
 * closed connection leaves nothing, and one in TIME_WAIT only its small record). A benchmark, not a test: it prints and checks
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
  const completed: number[] = [];
  for (let i = 1; i <= SAMPLES; i++) {
    world.scheduler.runUntil(ms((SECONDS * 1000 * i) / SAMPLES));
    heaps.push(heapMB());
    completed.push(world.transactions!.summarize(world.scheduler.now).completed ?? 0);
  }
  // What stays is TIME_WAIT: every local end waits 60 s, as a record (tcp/time-wait.ts),
  // and the ephemeral ports bound how many there can be.
  const waiting = world.hostTcp.timeWait.size + (world.architecture.cardTcp?.timeWait.size ?? 0);
  const perRecord = ((heaps[SAMPLES - 1]! - heaps[0]!) * 1e6) / Math.max(1, waiting);
  console.log(
    `${architecture.padEnd(20)} ${heaps.map((h) => h.toFixed(1)).join(' ')}  ` +
      `completed ${completed[SAMPLES - 1]}, in TIME_WAIT ${waiting} ` +
      `(growth over the run ${perRecord.toFixed(0)} B per TIME_WAIT record)`,
  );
}
