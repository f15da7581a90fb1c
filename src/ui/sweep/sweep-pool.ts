import type { ScenarioInput } from '../../protocol/scenario.ts';
import type {
  FromSweepWorker,
  SweepFigures,
  SweepMetrics,
  ToSweepWorker,
} from '../../protocol/sweep-messages.ts';

/**
 * A few sweep workers sharing a queue of points (issue 6). Each worker runs one point at
 * a time and takes the next when it is done; a worker with nothing left to take is
 * terminated. Cancelling terminates every worker at once: a run in progress cannot be
 * interrupted any other way, and need not be (nothing of it is kept).
 */

export interface SweepWorkerHandlers {
  message(msg: FromSweepWorker): void;
  /** The worker threw outside a run, failed to load, or sent something unreadable. */
  error(message: string): void;
}

/** One worker as the pool sees it; a fake in tests, a Web Worker in the page. */
export interface SweepWorkerPort {
  send(msg: ToSweepWorker): void;
  terminate(): void;
}

export type SweepWorkerFactory = (handlers: SweepWorkerHandlers) => SweepWorkerPort;

export interface SweepPoolListener {
  started(job: number): void;
  progress(job: number, simulatedMs: number): void;
  done(job: number, metrics: SweepMetrics, figures: SweepFigures): void;
  failed(job: number, message: string): void;
  /** Every job is done or failed; not called after `cancel`. */
  finished(): void;
}

/** Sweeps run beside the page and the lab's own worker; more than this only thrashes. */
export const MAX_SWEEP_WORKERS = 4;

/** min(cores, MAX_SWEEP_WORKERS, points), at least 1. */
export function poolSize(hardwareConcurrency: number | undefined, points: number): number {
  const cores =
    hardwareConcurrency !== undefined && hardwareConcurrency >= 1
      ? Math.floor(hardwareConcurrency)
      : 1;
  return Math.max(1, Math.min(cores, MAX_SWEEP_WORKERS, points));
}

interface Slot {
  port: SweepWorkerPort | null;
  job: number | null;
  retired: boolean;
}

type PoolState = 'idle' | 'running' | 'finished' | 'cancelled';

export class SweepPool {
  private state: PoolState = 'idle';
  private next = 0;
  private readonly slots: Slot[] = [];
  private readonly settled = new Set<number>();

  constructor(
    /** Job n is `scenarios[n]`; jobs start in this order. */
    private readonly scenarios: readonly ScenarioInput[],
    private readonly size: number,
    private readonly factory: SweepWorkerFactory,
    private readonly listener: SweepPoolListener,
  ) {}

  /** Starts `size` workers (fewer when there are fewer jobs). */
  start(): void {
    if (this.state !== 'idle') throw new Error('a sweep pool starts once');
    this.state = 'running';
    if (this.scenarios.length === 0) {
      this.finish();
      return;
    }
    const workers = Math.max(1, Math.min(this.size, this.scenarios.length));
    for (let i = 0; i < workers && this.state === 'running'; i++) this.spawn();
  }

  /** Terminates every worker now; returns the jobs that had not finished, in order. */
  cancel(): number[] {
    if (this.state !== 'running') return [];
    this.state = 'cancelled';
    for (const slot of this.slots) this.retire(slot);
    const unfinished: number[] = [];
    for (let job = 0; job < this.scenarios.length; job++) {
      if (!this.settled.has(job)) unfinished.push(job);
    }
    return unfinished;
  }

  /** Workers alive now (running a point). */
  get busy(): number {
    return this.slots.filter((slot) => !slot.retired).length;
  }

  private spawn(): void {
    const slot: Slot = { port: null, job: null, retired: false };
    this.slots.push(slot);
    slot.port = this.factory({
      message: (msg) => this.received(slot, msg),
      error: (message) => this.crashed(slot, message),
    });
    // The factory may have reported an error already (a worker that cannot load).
    if (!slot.retired) this.feed(slot);
  }

  /** Gives the slot the next job, or retires it when none is left. */
  private feed(slot: Slot): void {
    if (this.state !== 'running' || slot.retired) return;
    if (this.next >= this.scenarios.length) {
      this.retire(slot);
      return;
    }
    const job = this.next++;
    slot.job = job;
    this.listener.started(job);
    slot.port?.send({ type: 'run', job, scenario: this.scenarios[job] as ScenarioInput });
  }

  private received(slot: Slot, msg: FromSweepWorker): void {
    if (this.state !== 'running' || slot.retired || msg.job !== slot.job) return;
    switch (msg.type) {
      case 'progress':
        this.listener.progress(msg.job, msg.simulatedMs);
        return;
      case 'done':
        slot.job = null;
        this.settle(msg.job, () => this.listener.done(msg.job, msg.metrics, msg.figures));
        this.feed(slot);
        return;
      case 'failed':
        slot.job = null;
        this.settle(msg.job, () => this.listener.failed(msg.job, msg.message));
        this.feed(slot);
        return;
    }
  }

  /** A worker that threw or could not load is replaced; its point fails once. */
  private crashed(slot: Slot, message: string): void {
    if (this.state !== 'running' || slot.retired) return;
    const job = slot.job;
    this.retire(slot);
    if (job !== null) {
      this.settle(job, () => this.listener.failed(job, message));
      if (this.state === 'running' && this.next < this.scenarios.length) this.spawn();
      return;
    }
    // It died before taking a job. If no worker is left, nothing can run the rest.
    if (this.busy > 0) return;
    while (this.state === 'running' && this.next < this.scenarios.length) {
      const rest = this.next++;
      this.settle(rest, () => this.listener.failed(rest, message));
    }
  }

  private settle(job: number, report: () => void): void {
    this.settled.add(job);
    report();
    if (this.state === 'running' && this.settled.size === this.scenarios.length) this.finish();
  }

  private finish(): void {
    this.state = 'finished';
    for (const slot of this.slots) this.retire(slot);
    this.listener.finished();
  }

  private retire(slot: Slot): void {
    if (slot.retired) return;
    slot.retired = true;
    slot.job = null;
    slot.port?.terminate();
  }
}
