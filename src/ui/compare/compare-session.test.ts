import { describe, expect, it } from 'vitest';
import type { FromWorker, SeriesInfo, ToWorker, Verdict } from '../../protocol/messages.ts';
import type { Architecture } from '../../protocol/scenario.ts';
import type { WorkerClient, WorkerClientHandlers } from '../state/worker-client.ts';
import { CompareSession, type SessionHost } from './compare-session.ts';

const SERIES: SeriesInfo[] = [
  { id: 'port0.tx.goodput', label: 'tx', unit: 'Mbit/s', group: 'port-throughput', port: 0 },
  { id: 'cpu.utilisation', label: 'host CPU', unit: '%', group: 'host-cpu' },
  { id: 'card.memory.used', label: 'card memory used', unit: 'bytes', group: 'card-memory' },
];
const SAMPLE_NS = 1e6;

/**
 * A stand-in for a simulation worker that answers like the run loop: `step` advances,
 * then a batch (one row per 1 ms crossed), a status and a verdict. Answers wait in a
 * queue the test delivers, so the order of events is the test's to choose.
 */
class FakeWorker implements WorkerClient {
  now = 0;
  session = 0;
  closed = false;
  readonly sent: ToWorker[] = [];
  constructor(
    readonly architecture: Architecture,
    private readonly handlers: WorkerClientHandlers,
    private readonly outbox: (() => void)[],
  ) {}

  send(msg: ToWorker): void {
    if (this.closed) return;
    this.sent.push(msg);
    if (msg.type === 'load') {
      if (msg.scenario.architecture !== this.architecture) throw new Error('wrong architecture');
      this.begin();
    } else if (msg.type === 'reset') this.begin();
    else if (msg.type === 'step') this.step(msg.ns);
  }

  close(): void {
    this.closed = true;
  }

  fail(): void {
    this.closed = true;
    this.handlers.failure({ kind: 'threw', message: 'boom', detail: '' });
  }

  private post(msg: FromWorker): void {
    this.outbox.push(() => {
      if (!this.closed) this.handlers.message(msg);
    });
  }

  private begin(): void {
    this.session++;
    this.now = 0;
    const session = this.session;
    this.post({
      type: 'session',
      session,
      scenario: {} as never,
      series: SERIES,
      sampleIntervalNs: SAMPLE_NS,
    });
    this.status();
  }

  private step(ns: number): void {
    const from = this.now;
    this.now += ns;
    const rows: number[] = [];
    for (let t = Math.floor(from / SAMPLE_NS + 1) * SAMPLE_NS; t <= this.now; t += SAMPLE_NS) {
      // Full TOE sends faster and uses card memory; the host stack burns the CPU.
      const toe = this.architecture === 'full-toe';
      rows.push(t, toe ? 3765 : 2019, toe ? 0.08 : 1, toe ? 979_600 : 0);
    }
    if (rows.length) {
      this.post({
        type: 'batch',
        session: this.session,
        columns: 4,
        rows: Float64Array.from(rows),
      });
    }
    this.status();
    const verdict: Verdict = {
      fromNs: Math.max(0, this.now - 100e6),
      toNs: this.now,
      utilisation: {
        wire: 0.5,
        'host-cpu': 1,
        'memory-bus': 0.5,
        'pci-bus': 0.3,
        'nic-dma': 0.1,
        'nic-engine': 0,
        'card-memory': 0,
      },
      portWire: [0.5],
      bottleneck: 'host-cpu',
      windowLimitedShare: 0,
      pciEfficiency: 0.8,
      copies: { cpuCopiesPerByte: 1, memoryBusBytesPerByte: 4, pciBytesPerByte: 1.1 },
      cardMemoryUsedBytes: 0,
      cardMemoryCapacityBytes: 64e6,
      queues: [],
    };
    this.post({ type: 'verdict', session: this.session, verdict });
  }

  private status(): void {
    this.post({
      type: 'status',
      session: this.session,
      state: 'paused',
      nowNs: this.now,
      speed: 1,
      achievedSpeed: null,
      behind: false,
      eventsPerSecond: 0,
      sampleIntervalNs: SAMPLE_NS,
    });
  }
}

function harness(architectures: Architecture[]) {
  const outbox: (() => void)[] = [];
  let restarting: Architecture | null = null;
  const workers: FakeWorker[] = [];
  let wall = 0;
  const timers: { at: number; fn: () => void; live: boolean }[] = [];
  const host: SessionHost = {
    clock: () => wall,
    later(fn, ms) {
      const timer = { at: wall + ms, fn, live: true };
      timers.push(timer);
      return () => {
        timer.live = false;
      };
    },
    connect(handlers) {
      // Lanes connect in order; a restarted lane's architecture is set by `restart` below.
      const architecture = restarting ?? architectures[workers.length]!;
      const worker = new FakeWorker(architecture, handlers, outbox);
      workers.push(worker);
      return worker;
    },
  };
  const session = new CompareSession({ version: 1 }, architectures, 'max', host);
  const fireTimers = () => {
    for (const t of timers) {
      if (t.live && t.at <= wall) {
        t.live = false;
        t.fn();
      }
    }
  };
  /**
   * Delivers up to `limit` answers, each a millisecond of wall time apart, then lets a
   * second pass so throttled snapshots are published.
   */
  const deliver = (limit = 10_000) => {
    for (let i = 0; i < limit && outbox.length > 0; i++) {
      wall += 1;
      outbox.shift()!();
      fireTimers();
    }
    wall += 1000;
    fireTimers();
  };
  const restart = (architecture: Architecture) => {
    restarting = architecture;
    session.restartLane(architecture);
    restarting = null;
  };
  const latest = (arch: Architecture) =>
    [...workers].reverse().find((w) => w.architecture === arch)!;
  return { session, workers, deliver, latest, restart };
}

describe('a comparison session', () => {
  it('loads each architecture in its own worker without the reference run, and steps them in lockstep', () => {
    const { session, workers, deliver } = harness(['host-stack', 'csum-tso', 'full-toe']);
    expect(workers.map((w) => w.sent[0])).toEqual(
      ['host-stack', 'csum-tso', 'full-toe'].map((architecture) => ({
        type: 'load',
        scenario: { version: 1, architecture },
        speed: 1,
        play: false,
        reference: false,
      })),
    );
    deliver();
    session.play();
    deliver(300);
    session.pause();
    deliver();
    const targets = workers.map((w) =>
      w.sent.filter((m) => m.type === 'step').map((m) => (m.type === 'step' ? m.ns : 0)),
    );
    expect(targets[1]).toEqual(targets[0]);
    expect(targets[2]).toEqual(targets[0]);
    const snap = session.getSnapshot();
    expect(snap.commonNs).toBeGreaterThan(0);
    expect(workers.map((w) => w.now)).toEqual([snap.commonNs, snap.commonNs, snap.commonNs]);
    expect(snap.lanes.map((l) => l.verdict?.toNs)).toEqual([
      snap.commonNs,
      snap.commonNs,
      snap.commonNs,
    ]);
    expect(snap.lanes.map((l) => l.throughputMbps)).toEqual([2019, 2019, 3765]);
    expect(snap.lanes.map((l) => l.cardMemoryPeak)).toEqual([0, 0, 979_600]);
  });

  it('carries on without a failed lane; a restarted lane catches up from t = 0', () => {
    const { session, deliver, latest, restart } = harness(['host-stack', 'full-toe']);
    deliver();
    session.play();
    deliver(60);
    latest('full-toe').fail();
    expect(session.getSnapshot().lanes[1]!.state.kind).toBe('failed');
    const before = session.getSnapshot().commonNs;
    deliver(200);
    expect(session.getSnapshot().commonNs).toBeGreaterThan(before);
    expect(session.getSnapshot().lanes[1]!.state.kind).toBe('failed');

    session.pause();
    deliver();
    const common = session.getSnapshot().commonNs;
    restart('full-toe');
    deliver();
    expect(latest('full-toe').now).toBe(common);
    expect(latest('host-stack').now).toBe(common);
    expect(session.getSnapshot().lanes.map((l) => l.state.kind)).toEqual(['running', 'running']);
  });

  it('resets every lane to t = 0 and terminates every worker when disposed', () => {
    const { session, workers, deliver } = harness(['host-stack', 'csum-tso']);
    deliver();
    session.play();
    deliver(100);
    session.pause();
    deliver();
    expect(session.getSnapshot().commonNs).toBeGreaterThan(0);
    session.reset();
    deliver();
    expect(session.getSnapshot().commonNs).toBe(0);
    expect(workers.map((w) => w.now)).toEqual([0, 0]);
    expect(session.getSnapshot().lanes.map((l) => l.verdict)).toEqual([null, null]);
    session.dispose();
    expect(workers.every((w) => w.closed)).toBe(true);
  });
});
