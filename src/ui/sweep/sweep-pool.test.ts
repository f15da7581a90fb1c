import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../protocol/scenario.ts';
import type { SweepMetrics, ToSweepWorker } from '../../protocol/sweep-messages.ts';
import {
  MAX_SWEEP_WORKERS,
  poolSize,
  SweepPool,
  type SweepWorkerFactory,
  type SweepWorkerHandlers,
} from './sweep-pool.ts';

const METRICS: SweepMetrics = {
  goodputMbps: 941,
  cpuUtilization: 0.4,
  cyclesPerPayloadByte: 8,
  cpuCopiesPerByte: 1,
  memoryBusBytesPerByte: 4,
  pciBytesPerByte: 1.1,
  pciUtilization: 0.2,
  memoryBusUtilization: 0.2,
  engineUtilization: 0,
  cardMemoryPeakBytes: 0,
  bottleneck: 'wire',
  streamIntact: true,
};

/** Workers that do nothing until the test answers for them. */
class FakeWorkers {
  readonly workers: {
    handlers: SweepWorkerHandlers;
    received: ToSweepWorker[];
    terminated: boolean;
  }[] = [];
  readonly log: string[] = [];

  factory: SweepWorkerFactory = (handlers) => {
    const worker = { handlers, received: [] as ToSweepWorker[], terminated: false };
    const n = this.workers.push(worker) - 1;
    return {
      send: (msg) => {
        worker.received.push(msg);
        this.log.push(`w${n} run ${msg.job}`);
      },
      terminate: () => {
        worker.terminated = true;
        this.log.push(`w${n} terminated`);
      },
    };
  };

  /** The job worker n is running now (the last it was sent). */
  job(n: number): number {
    return this.workers[n]!.received.at(-1)!.job;
  }

  progress(n: number, simulatedMs: number): void {
    const job = this.job(n);
    this.workers[n]!.handlers.message({ type: 'progress', job, simulatedMs, totalMs: 100 });
  }

  finish(n: number): void {
    const job = this.job(n);
    this.workers[n]!.handlers.message({
      type: 'done',
      job,
      metrics: METRICS,
      figures: { bottleneckUtilisation: 0.99 },
    });
  }

  alive(): number {
    return this.workers.filter((w) => !w.terminated).length;
  }
}

function listener() {
  const events: string[] = [];
  return {
    events,
    started: (job: number) => events.push(`started ${job}`),
    progress: (job: number, ms: number) => events.push(`progress ${job} ${ms}`),
    done: (job: number) => events.push(`done ${job}`),
    failed: (job: number, message: string) => events.push(`failed ${job}: ${message}`),
    finished: () => events.push('finished'),
  };
}

const scenarios = (n: number): ScenarioInput[] =>
  Array.from({ length: n }, (_, i) => ({ version: 1, seed: i + 1 }));

describe('pool size', () => {
  it('min(cores, 4, points), at least 1', () => {
    expect(poolSize(2, 12)).toBe(2);
    expect(poolSize(16, 12)).toBe(MAX_SWEEP_WORKERS);
    expect(poolSize(8, 3)).toBe(3);
    expect(poolSize(undefined, 5)).toBe(1);
    expect(poolSize(0, 5)).toBe(1);
    expect(poolSize(4, 0)).toBe(1);
  });
});

describe('sweep pool', () => {
  it('hands out points in order, the next to whichever worker finishes first', () => {
    const fake = new FakeWorkers();
    const l = listener();
    const pool = new SweepPool(scenarios(5), 2, fake.factory, l);
    pool.start();
    expect(fake.workers).toHaveLength(2);
    expect(fake.log).toEqual(['w0 run 0', 'w1 run 1']);
    expect(fake.workers[0]!.received[0]).toEqual({
      type: 'run',
      job: 0,
      scenario: { version: 1, seed: 1 },
    });

    fake.progress(1, 40);
    fake.finish(1); // worker 1 is faster: it takes job 2
    fake.finish(0); // worker 0 takes job 3
    fake.finish(1); // worker 1 takes job 4
    expect(fake.log.slice(2)).toEqual(['w1 run 2', 'w0 run 3', 'w1 run 4']);
    fake.finish(0); // nothing left for worker 0: it is terminated at once
    expect(fake.workers[0]!.terminated).toBe(true);
    expect(fake.workers[1]!.terminated).toBe(false);
    expect(l.events).not.toContain('finished');
    fake.finish(1);
    expect(fake.alive()).toBe(0);
    expect(l.events).toEqual([
      'started 0',
      'started 1',
      'progress 1 40',
      'done 1',
      'started 2',
      'done 0',
      'started 3',
      'done 2',
      'started 4',
      'done 3',
      'done 4',
      'finished',
    ]);
  });

  it('never starts more workers than points', () => {
    const fake = new FakeWorkers();
    new SweepPool(scenarios(1), 4, fake.factory, listener()).start();
    expect(fake.workers).toHaveLength(1);
  });

  it('cancel terminates every worker at once, keeps finished points and names the rest', () => {
    const fake = new FakeWorkers();
    const l = listener();
    const pool = new SweepPool(scenarios(6), 2, fake.factory, l);
    pool.start();
    fake.finish(0); // job 0 done; worker 0 takes job 2
    fake.progress(1, 50);
    expect(pool.cancel()).toEqual([1, 2, 3, 4, 5]);
    expect(fake.alive()).toBe(0);
    expect(pool.busy).toBe(0);
    // A message already on its way from a terminated worker changes nothing.
    fake.finish(1);
    fake.progress(0, 80);
    expect(l.events).toEqual(['started 0', 'started 1', 'done 0', 'started 2', 'progress 1 50']);
    expect(pool.cancel()).toEqual([]);
  });

  it('a point that fails is reported and its worker goes on with the next', () => {
    const fake = new FakeWorkers();
    const l = listener();
    new SweepPool(scenarios(2), 1, fake.factory, l).start();
    fake.workers[0]!.handlers.message({ type: 'failed', job: 0, message: 'boom', stack: '' });
    expect(fake.log).toEqual(['w0 run 0', 'w0 run 1']);
    fake.finish(0);
    expect(l.events).toEqual(['started 0', 'failed 0: boom', 'started 1', 'done 1', 'finished']);
  });

  it('a worker that crashes fails its point once and is replaced for the rest', () => {
    const fake = new FakeWorkers();
    const l = listener();
    new SweepPool(scenarios(3), 1, fake.factory, l).start();
    fake.workers[0]!.handlers.error('out of memory');
    expect(fake.workers[0]!.terminated).toBe(true);
    expect(fake.workers).toHaveLength(2);
    expect(fake.log).toEqual(['w0 run 0', 'w0 terminated', 'w1 run 1']);
    fake.finish(1);
    fake.finish(1);
    expect(l.events).toEqual([
      'started 0',
      'failed 0: out of memory',
      'started 1',
      'done 1',
      'started 2',
      'done 2',
      'finished',
    ]);
  });

  it('workers that cannot even start fail every point instead of hanging', () => {
    const l = listener();
    const broken: SweepWorkerFactory = (handlers) => {
      handlers.error('no worker support');
      return { send: () => {}, terminate: () => {} };
    };
    new SweepPool(scenarios(3), 2, broken, l).start();
    expect(l.events).toEqual([
      'failed 0: no worker support',
      'failed 1: no worker support',
      'failed 2: no worker support',
      'finished',
    ]);
  });

  it('ignores progress for a job the worker is not running', () => {
    const fake = new FakeWorkers();
    const l = listener();
    new SweepPool(scenarios(2), 1, fake.factory, l).start();
    fake.workers[0]!.handlers.message({ type: 'progress', job: 1, simulatedMs: 5, totalMs: 10 });
    expect(l.events).toEqual(['started 0']);
  });
});
