/**
 * `npm run fuzz -- --runs N --seed S`: the scenario fuzzer's long run (issue 12). Draws
 * N random valid scenarios from seed S (src/sim/fuzz/scenario-arbitrary.ts), runs each
 * and checks what must always hold (src/sim/fuzz/invariants.ts). On the first failure
 * fast-check shrinks the scenario and this prints the smallest one that still fails, as
 * a scenario file to save and replay with `npx offload-lab run`. `npm test` runs a short,
 * fixed-seed sample of the same (src/sim/fuzz/fuzz.test.ts).
 *
 * --keep-going   after a failure, go on: each scenario is drawn and shrunk on its own
 *                (seed S + i), and every distinct failure is printed once, with the
 *                number of scenarios that hit it.
 * --max-ms M     the longest scenario drawn (default 30 ms).
 * FUZZ_LAST=FILE  write each scenario to FILE before it runs (to find one that kills the
 *                 process, e.g. out of memory).
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { checkScenario } from '../src/sim/fuzz/invariants.ts';
import { scenarioArbitrary, SHORT_BUDGET } from '../src/sim/fuzz/scenario-arbitrary.ts';
import type { ScenarioInput } from '../src/sim/scenario/schema.ts';

interface Options {
  runs: number;
  seed: number;
  keepGoing: boolean;
  maxMs: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    runs: 1000,
    seed: 1,
    keepGoing: false,
    maxMs: SHORT_BUDGET.maxDurationMs,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const number = (): number => {
      const text = argv[++i];
      const value = Number(text);
      if (text === undefined || !Number.isInteger(value) || value < 0) {
        console.error(`fuzz: ${flag} needs a non-negative integer (got ${text ?? 'nothing'})`);
        process.exit(2);
      }
      return value;
    };
    if (flag === '--runs') options.runs = number();
    else if (flag === '--seed') options.seed = number();
    else if (flag === '--max-ms') options.maxMs = Math.max(1, number());
    else if (flag === '--keep-going') options.keepGoing = true;
    else {
      console.error(
        `fuzz: unknown flag ${flag} (allowed: --runs N, --seed S, --max-ms M, --keep-going)`,
      );
      process.exit(2);
    }
  }
  return options;
}

/** A scenario that takes longer than this (wall ms) is listed at the end: slow is a finding too. */
const SLOW_MS = 10_000;

/** Determinism is checked on one scenario in ten (by its own seed, so shrinking keeps it). */
const checksDeterminism = (input: ScenarioInput): boolean => (input.seed ?? 1) % 10 === 0;

/** The error's first line and the first stack frame in our sources: what tells failures apart. */
function signature(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const first = error.message.split('\n')[0]!.replace(/\d+(\.\d+)?/g, 'N');
  const frame = (error.stack ?? '')
    .split('\n')
    .find((line) => line.includes('/src/sim/') && !line.includes('/src/sim/fuzz/'));
  const where = frame?.match(/src\/sim\/[^):]+/)?.[0] ?? '';
  return `${error.name}: ${first}${where === '' ? '' : ` (at ${where})`}`;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'InvariantError') return `${error.name}: ${error.message}`;
  return (error.stack ?? `${error.name}: ${error.message}`).split('\n').slice(0, 8).join('\n');
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const arbitrary = scenarioArbitrary({ ...SHORT_BUDGET, maxDurationMs: options.maxMs });
  const started = performance.now();
  let ran = 0;
  const last = process.env.FUZZ_LAST;
  const slow: { ms: number; input: ScenarioInput }[] = [];
  const property = fc.property(arbitrary, (input) => {
    ran++;
    // A scenario that kills the process (out of memory) leaves itself behind here.
    if (last !== undefined) writeFileSync(last, JSON.stringify(input));
    const t0 = performance.now();
    try {
      checkScenario(input, { determinism: checksDeterminism(input) });
    } finally {
      const ms = performance.now() - t0;
      if (ms > SLOW_MS) slow.push({ ms, input });
    }
  });
  const progress = (done: number) => {
    if (done % 100 === 0) {
      const s = ((performance.now() - started) / 1000).toFixed(0);
      process.stderr.write(`fuzz: ${done} of ${options.runs} scenarios, ${s} s\n`);
    }
  };

  if (!options.keepGoing) {
    const details = fc.check(property, {
      seed: options.seed,
      numRuns: options.runs,
      reporter: (d) => progress(d.numRuns),
    });
    if (!details.failed) {
      console.log(`fuzz: ${options.runs} scenarios from seed ${options.seed} passed`);
      reportSlow(slow);
      return;
    }
    const [input] = details.counterexample!;
    console.log(
      `fuzz: failed after ${details.numRuns} scenarios (seed ${options.seed}, ${details.numShrinks} shrinks)`,
    );
    console.log(describe(details.errorInstance));
    console.log('smallest failing scenario:');
    console.log(JSON.stringify(input));
    process.exitCode = 1;
    return;
  }

  const failures = new Map<string, { count: number; input: ScenarioInput; error: unknown }>();
  for (let i = 0; i < options.runs; i++) {
    const details = fc.check(property, { seed: options.seed + i, numRuns: 1 });
    progress(i + 1);
    if (!details.failed) continue;
    const key = signature(details.errorInstance);
    const seen = failures.get(key);
    const [input] = details.counterexample!;
    if (seen === undefined) {
      failures.set(key, { count: 1, input, error: details.errorInstance });
      console.log(
        `\n[${failures.size}] seed ${options.seed + i}: ${describe(details.errorInstance)}`,
      );
      console.log(JSON.stringify(input));
    } else {
      seen.count++;
      // Keep the smallest scenario seen for each failure.
      if (JSON.stringify(input).length < JSON.stringify(seen.input).length) seen.input = input;
    }
  }
  console.log(
    `\nfuzz: ${options.runs} scenarios from seed ${options.seed} (each drawn from seed + i), ` +
      `${failures.size} distinct failure(s), ${ran} runs including shrinking, ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  for (const [key, f] of failures) {
    console.log(`\n${f.count} × ${key}`);
    console.log(JSON.stringify(f.input));
  }
  if (failures.size > 0) process.exitCode = 1;
  reportSlow(slow);
}

function reportSlow(slow: { ms: number; input: ScenarioInput }[]): void {
  if (slow.length === 0) return;
  console.log(`\n${slow.length} scenario(s) took over ${SLOW_MS / 1000} s of wall time:`);
  for (const s of slow) console.log(`${(s.ms / 1000).toFixed(1)} s: ${JSON.stringify(s.input)}`);
}

main();
