/// <reference lib="webworker" />
import {
  decodeToSweepWorker,
  postSweep,
  type FromSweepWorker,
  type SweepFigures,
} from '../protocol/sweep-messages.ts';
import type { Results } from '../sim/metrics/results.ts';
import { sweepMetrics } from '../sim/metrics/sweep-table.ts';
import { runScenario } from '../sim/run.ts';
import { formatScenarioErrors, parseScenario } from '../sim/scenario/schema.ts';

/**
 * A sweep worker (issue 6): runs one point at a time, headless, exactly as
 * `offload-lab sweep` does, and posts its progress and its row. The pool cancels by
 * terminating the worker, so a run never needs to look for a stop flag.
 */
declare const self: DedicatedWorkerGlobalScope;

const post = (msg: FromSweepWorker) => postSweep(self, msg);

function figuresOf(results: Results): SweepFigures {
  const { bottleneck, utilisations } = results;
  const utilisation = bottleneck === null ? undefined : utilisations?.[bottleneck];
  return { bottleneckUtilisation: utilisation ?? null };
}

self.onmessage = (event: MessageEvent<unknown>) => {
  const msg = decodeToSweepWorker(event.data);
  const { job } = msg;
  const parsed = parseScenario(msg.scenario);
  if (!parsed.ok) {
    post({ type: 'failed', job, message: formatScenarioErrors(parsed.errors), stack: '' });
    return;
  }
  try {
    // The bottleneck check as `offload-lab sweep` runs it by default, so the CSVs agree.
    const results = runScenario(parsed.scenario, {
      bottleneckCheck: true,
      onProgress: (simulatedMs, totalMs) => post({ type: 'progress', job, simulatedMs, totalMs }),
    });
    post({ type: 'done', job, metrics: sweepMetrics(results), figures: figuresOf(results) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const stack = error instanceof Error ? (error.stack ?? '') : '';
    post({ type: 'failed', job, message, stack });
  }
};
