import type { SweepMetrics } from '../sim/metrics/sweep-table.ts';
import type { ScenarioInput } from './scenario.ts';

/**
 * Every message between the sweep view's worker pool and a sweep worker (STYLE.md
 * principle 7), with the codecs that stamp and check the version. A sweep worker runs
 * one point at a time, headless (`runScenario`), from `run` to `done` (or `failed`),
 * with `progress` about every 5 % of simulated time; cancelling terminates the worker,
 * so there is no message for it. Separate from messages.ts: the live lab's worker and a
 * sweep worker share nothing but the scenario vocabulary.
 *
 * The sweep's grid and CSV come from the same modules the command line uses, re-exported
 * here because src/ui reaches src/sim only through src/protocol.
 */
export const SWEEP_PROTOCOL_VERSION = 1;

export {
  checkPoint,
  expandGrid,
  parseSweepValue,
  type PointCheck,
  type SweepAxis,
  type SweepPoint,
  type SweepValue,
} from '../sim/metrics/sweep-grid.ts';
export {
  METRIC_COLUMNS,
  sweepCsv,
  type SweepMetrics,
  type SweepTableRow,
} from '../sim/metrics/sweep-table.ts';
export type { Bottleneck } from '../sim/metrics/results.ts';

/** Figures of a finished point besides its CSV row, for the chart's tooltips. */
export interface SweepFigures {
  /** Utilisation (0–1) of the bottleneck resource over the measured half; null for none. */
  bottleneckUtilisation: number | null;
}

// ---- pool → worker ------------------------------------------------------------------

export type ToSweepWorker =
  /** Validate and run this scenario to its end; `job` names the point in the replies. */
  { type: 'run'; job: number; scenario: ScenarioInput };

// ---- worker → pool ------------------------------------------------------------------

export type FromSweepWorker =
  | { type: 'progress'; job: number; simulatedMs: number; totalMs: number }
  | { type: 'done'; job: number; metrics: SweepMetrics; figures: SweepFigures }
  /** The point did not run to its end (invalid scenario, a model error); the worker carries on. */
  | { type: 'failed'; job: number; message: string; stack: string };

export interface SweepEnvelope<M> {
  v: typeof SWEEP_PROTOCOL_VERSION;
  sweep: M;
}

export class SweepProtocolError extends Error {
  override name = 'SweepProtocolError';
}

const TO_WORKER_TYPES: ReadonlySet<string> = new Set<ToSweepWorker['type']>(['run']);
const FROM_WORKER_TYPES: ReadonlySet<string> = new Set<FromSweepWorker['type']>([
  'progress',
  'done',
  'failed',
]);

export function encodeSweep<M extends ToSweepWorker | FromSweepWorker>(msg: M): SweepEnvelope<M> {
  return { v: SWEEP_PROTOCOL_VERSION, sweep: msg };
}

function open(data: unknown, types: ReadonlySet<string>): unknown {
  if (typeof data !== 'object' || data === null) {
    throw new SweepProtocolError('not a sweep message envelope');
  }
  const { v, sweep } = data as { v?: unknown; sweep?: unknown };
  if (v !== SWEEP_PROTOCOL_VERSION) {
    throw new SweepProtocolError(
      `sweep protocol version ${String(v)}, expected ${SWEEP_PROTOCOL_VERSION}`,
    );
  }
  const type = (sweep as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !types.has(type)) {
    throw new SweepProtocolError(`unknown sweep message type ${JSON.stringify(type)}`);
  }
  const job = (sweep as { job?: unknown }).job;
  if (typeof job !== 'number' || !Number.isInteger(job) || job < 0) {
    throw new SweepProtocolError(`sweep message without a job number`);
  }
  return sweep;
}

/** Checks the envelope, the type and the job; the fields are trusted (same build, same origin). */
export function decodeToSweepWorker(data: unknown): ToSweepWorker {
  return open(data, TO_WORKER_TYPES) as ToSweepWorker;
}

export function decodeFromSweepWorker(data: unknown): FromSweepWorker {
  return open(data, FROM_WORKER_TYPES) as FromSweepWorker;
}

/** Where a message goes: a Worker (pool side) or the worker's global scope. */
export interface SweepMessageTarget {
  postMessage(message: unknown): void;
}

export function postSweep(target: SweepMessageTarget, msg: ToSweepWorker | FromSweepWorker): void {
  target.postMessage(encodeSweep(msg));
}
