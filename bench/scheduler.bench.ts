/**
 * `npm run bench:scheduler`: the event queue alone, at the sizes the simulator meets — a
 * handful of pending events (one connection per port) to 10,000 (1,000 connections per
 * port, each with its timers). Each event re-arms its own timer a pseudo-random time ahead,
 * as link, CPU and TCP timers do, so the queue stays at its size. Target (issue 15):
 * ≥ 4 M events/s with 10,000 pending. A benchmark, not a test: it prints and checks nothing.
 */
import { performance } from 'node:perf_hooks';
import { Scheduler } from '../src/sim/core/scheduler.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

function run(pending: number): number {
  const s = new Scheduler();
  // A xorshift generator: the bench must not depend on Math.random either.
  let x = 0x9e3779b9;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  let fired = 0;
  const timers = Array.from({ length: pending }, (_, i) => {
    const timer = s.timer(`t${i}`, (now) => {
      fired++;
      // 1–20 µs ahead: a frame time at 1 GbE, give or take.
      timer.arm(now + 1000 + Math.floor(next() * 19_000));
    });
    return timer;
  });
  timers.forEach((t) => t.arm(Math.floor(next() * 20_000)));
  const started = performance.now();
  while (fired < EVENTS) s.step();
  return EVENTS / ((performance.now() - started) / 1000);
}

console.log(`Offload Lab scheduler benchmark (Node ${process.version}, best of ${REPEATS})`);
console.log('pending events   events/s');
for (const pending of [16, 100, 1_000, 10_000]) {
  let best = 0;
  for (let i = 0; i < REPEATS; i++) best = Math.max(best, run(pending));
  console.log(`${String(pending).padStart(14)}   ${(best / 1e6).toFixed(2)} M`);
}
