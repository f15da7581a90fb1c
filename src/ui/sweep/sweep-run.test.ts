import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import type { ScenarioInput } from '../../protocol/scenario.ts';
import type { SweepMetrics, ToSweepWorker } from '../../protocol/sweep-messages.ts';
import type { LabState } from '../state/store-types.ts';
import { planSweep } from './sweep-plan.ts';
import type { SweepWorkerFactory, SweepWorkerHandlers } from './sweep-pool.ts';
import {
  pointDone,
  pointFailed,
  pointProgress,
  pointStarted,
  progressText,
  runCancelled,
  runCsv,
  runProgress,
  startRun,
} from './sweep-run.ts';
import { createSweepSliceWith } from './sweep-slice.ts';

const LAB: ScenarioInput = { version: 1, name: 'lab', durationMs: 100, nic: { ports: 1 } };

const metrics = (goodputMbps: number, bottleneck: SweepMetrics['bottleneck']): SweepMetrics => ({
  goodputMbps,
  cpuUtilization: 0.5,
  cyclesPerPayloadByte: 8.25,
  cpuCopiesPerByte: 1,
  memoryBusBytesPerByte: 4.1,
  pciBytesPerByte: 1.1,
  pciUtilization: 0.15,
  memoryBusUtilization: 0.25,
  engineUtilization: 0.02,
  cardMemoryPeakBytes: 0,
  bottleneck,
  streamIntact: true,
});

function plan() {
  const planned = planSweep(LAB, {
    parameter: 'host.cpuGhz',
    values: [1, 3],
    architectures: ['host-stack', 'full-toe'],
  });
  if (!planned.ok) throw new Error(planned.message);
  return planned.plan;
}

describe('a sweep run', () => {
  it('progress is simulated time done over the total; runs count finished points', () => {
    let run = startRun(1, plan(), 2, 0);
    expect(progressText(runProgress(run))).toBe('0 of 4 runs · 0 %');
    run = pointStarted(run, 0);
    run = pointStarted(run, 1);
    run = pointProgress(run, 0, 50);
    run = pointProgress(run, 3, 70); // not running: ignored
    expect(runProgress(run).fraction).toBeCloseTo(50 / 400);
    run = pointDone(run, 1, {
      metrics: metrics(941, 'wire'),
      figures: { bottleneckUtilisation: 1 },
    });
    expect(progressText(runProgress(run))).toBe('1 of 4 runs · 37 %');
    run = pointFailed(run, 0, 'boom');
    expect(runProgress(run)).toMatchObject({ done: 1, failed: 1, total: 4, fraction: 0.5 });
  });

  it('cancelling keeps finished points and their progress; the rest are cancelled', () => {
    let run = startRun(1, plan(), 2, 0);
    run = pointStarted(run, 0);
    run = pointDone(run, 0, {
      metrics: metrics(918, 'host-cpu'),
      figures: { bottleneckUtilisation: 1 },
    });
    run = pointStarted(run, 1);
    run = pointProgress(run, 1, 30);
    run = runCancelled(run, 5);
    expect(run.status).toBe('cancelled');
    expect(run.states).toEqual(['done', 'cancelled', 'cancelled', 'cancelled']);
    expect(progressText(runProgress(run))).toBe('1 of 4 runs · 32 %');
  });

  it("the CSV is the shared sweep table's: grid order, finished points only", () => {
    let run = startRun(1, plan(), 2, 0);
    run = pointDone(run, 3, {
      metrics: metrics(941.35, 'wire'),
      figures: { bottleneckUtilisation: 1 },
    });
    run = pointDone(run, 0, {
      metrics: metrics(918.1754, 'host-cpu'),
      figures: { bottleneckUtilisation: 1 },
    });
    const lines = runCsv(run).split('\r\n');
    expect(lines[0]).toMatch(/^host\.cpuGhz,architecture,goodputMbps,cpuUtilization,/);
    expect(lines[1]).toBe(
      '1,host-stack,918.1754,0.5,8.25,1,4.1,1.1,0.15,0.25,0.02,0,host-cpu,true',
    );
    expect(lines[2]).toMatch(/^3,full-toe,941\.35,/);
    expect(lines).toHaveLength(4);
  });
});

describe('the sweep slice', () => {
  function store() {
    const workers: { handlers: SweepWorkerHandlers; sent: ToSweepWorker[]; dead: boolean }[] = [];
    const factory: SweepWorkerFactory = (handlers) => {
      const w = { handlers, sent: [] as ToSweepWorker[], dead: false };
      workers.push(w);
      return { send: (m) => w.sent.push(m), terminate: () => (w.dead = true) };
    };
    const useStore = create<LabState>()(
      (...a) =>
        ({ input: LAB, ...createSweepSliceWith(factory, () => 2)(...a) }) as unknown as LabState,
    );
    return { useStore, workers };
  }

  it('an invalid form runs nothing and says why', () => {
    const { useStore, workers } = store();
    useStore
      .getState()
      .setSweep({ parameter: 'nic.ports', values: [1, 9], architectures: ['full-toe'] });
    useStore.getState().runSweep();
    expect(useStore.getState().sweepProblem).toBe(
      'Ports = 9: nic.ports: must be an integer from 1 to 8 (got 9)',
    );
    expect(useStore.getState().sweepRun).toBeNull();
    expect(workers).toHaveLength(0);
  });

  it('runs the lab scenario on min(cores, points) workers; cancel stops them and keeps what finished', () => {
    const { useStore, workers } = store();
    useStore.getState().setSweep({
      parameter: 'host.cpuGhz',
      values: [1, 2, 3],
      architectures: ['host-stack'],
      durationMs: 40,
    });
    useStore.getState().runSweep();
    expect(workers).toHaveLength(2);
    expect(workers[0]!.sent[0]).toEqual({
      type: 'run',
      job: 0,
      scenario: { ...LAB, durationMs: 40, host: { cpuGhz: 1 }, architecture: 'host-stack' },
    });
    workers[1]!.handlers.message({
      type: 'done',
      job: 1,
      metrics: metrics(900, 'host-cpu'),
      figures: { bottleneckUtilisation: 1 },
    });
    workers[0]!.handlers.message({ type: 'progress', job: 0, simulatedMs: 20, totalMs: 40 });
    const running = useStore.getState().sweepRun!;
    expect(running.states).toEqual(['running', 'done', 'running']);
    expect(progressText(runProgress(running))).toBe('1 of 3 runs · 50 %');

    useStore.getState().cancelSweep();
    const cancelled = useStore.getState().sweepRun!;
    expect(workers.every((w) => w.dead)).toBe(true);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.states).toEqual(['cancelled', 'done', 'cancelled']);
    expect(cancelled.outcomes[1]?.metrics.goodputMbps).toBe(900);

    // Run sweep again starts afresh.
    useStore.getState().runSweep();
    const again = useStore.getState().sweepRun!;
    expect(again.id).toBe(cancelled.id + 1);
    expect(again.states).toEqual(['running', 'running', 'queued']);
    expect(workers).toHaveLength(4);
  });
});
