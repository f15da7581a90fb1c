import type { FromWorker, SeriesInfo, Speed, Verdict } from '../../protocol/messages.ts';
import {
  formatScenarioErrors,
  type Architecture,
  type ScenarioInput,
} from '../../protocol/scenario.ts';
import { createSeriesStore, type SeriesStore } from '../state/series-store.ts';
import { laneScenario, type LaneSpec } from './lane-spec.ts';
import {
  connectWorker,
  type WorkerClient,
  type WorkerClientHandlers,
} from '../state/worker-client.ts';

/** Opens a worker connection (the real one, or a fake in tests). */
export type Connect = (handlers: WorkerClientHandlers) => WorkerClient;

/** Where a lane is in its life. Only a `running` lane takes part in the clock's rounds. */
export type LaneState =
  | { kind: 'loading' }
  | { kind: 'running' }
  | { kind: 'failed'; message: string; detail: string }
  | { kind: 'refused'; message: string };

/** Verdicts kept per lane: a lane is at most one round ahead of the others. */
const KEPT_VERDICTS = 4;

/** The series id whose peak the summary table reports as card memory. */
export const CARD_MEMORY_SERIES = 'card.memory.used';

/**
 * One architecture of a comparison: its own simulation worker (the core has no global
 * state, so lanes are independent) and its own series store. The lane never plays: the
 * compare clock moves it with `step`, so every lane passes through the same times.
 */
export class Lane {
  readonly store: SeriesStore = createSeriesStore();
  state: LaneState = { kind: 'loading' };
  session = 0;
  /** Simulated time the worker last reported. */
  nowNs = 0;
  /** The time the lane was last asked to reach. */
  requestedNs = 0;
  /** The worker's latest verdicts (each over 100 ms of simulated time), oldest first. */
  private verdicts: Verdict[] = [];
  /** The most card memory in use at any sample since t = 0 (bytes); null before a sample. */
  cardMemoryPeak: number | null = null;
  private client: WorkerClient | null = null;
  private cardMemoryColumn = -1;

  readonly architecture: Architecture;

  constructor(
    readonly spec: LaneSpec,
    private readonly scenario: ScenarioInput,
    private samplingSpeed: Speed,
    /** Called after every message that changed the lane (and on failure). */
    private readonly changed: (lane: Lane, msg: FromWorker['type'] | 'failure') => void,
    private readonly connect: Connect = connectWorker,
  ) {
    this.architecture = spec.architecture;
  }

  get live(): boolean {
    return this.state.kind === 'running';
  }

  /** A new worker, loading the scenario under this lane's architecture at t = 0. */
  start(): void {
    this.client?.close();
    this.clear();
    this.client = this.connect({
      message: (msg) => this.receive(msg),
      failure: (failure) => {
        this.client = null;
        this.state = { kind: 'failed', message: failure.message, detail: failure.detail };
        this.changed(this, 'failure');
      },
    });
    this.client.send({
      type: 'load',
      scenario: laneScenario(this.scenario, this.spec),
      speed: this.samplingSpeed,
      play: false,
      reference: false,
    });
  }

  /** Back to t = 0 (a failed or refused lane gets a new worker). */
  reset(): void {
    if (!this.client || this.state.kind === 'refused') {
      this.start();
      return;
    }
    this.clear();
    this.client.send({ type: 'reset' });
  }

  step(ns: number): void {
    if (!this.client || ns <= 0) return;
    this.requestedNs = this.nowNs + ns;
    this.client.send({ type: 'step', ns });
  }

  /** The playback speed only sets the worker's sample interval: lanes never play. */
  setSamplingSpeed(speed: Speed): void {
    this.samplingSpeed = speed;
    this.client?.send({ type: 'speed', speed });
  }

  close(): void {
    this.client?.close();
    this.client = null;
  }

  /**
   * The latest verdict up to `ns`: a lane may already have reported the round the others
   * are still in, and the table compares every lane at the same time. Null before any.
   */
  verdictAt(ns: number): Verdict | null {
    for (let i = this.verdicts.length - 1; i >= 0; i--) {
      const v = this.verdicts[i]!;
      if (v.toNs <= ns) return v;
    }
    return null;
  }

  /** The series of the running session (empty before the first). */
  get series(): readonly SeriesInfo[] {
    return this.store.series;
  }

  private clear(): void {
    this.state = { kind: 'loading' };
    this.nowNs = 0;
    this.requestedNs = 0;
    this.verdicts = [];
    this.cardMemoryPeak = null;
  }

  private receive(msg: FromWorker): void {
    switch (msg.type) {
      case 'session':
        this.session = msg.session;
        this.store.begin(msg.session, msg.series);
        this.cardMemoryColumn = 1 + msg.series.findIndex((s) => s.id === CARD_MEMORY_SERIES);
        this.state = { kind: 'running' };
        this.nowNs = 0;
        this.requestedNs = 0;
        break;
      case 'refused':
        this.state = { kind: 'refused', message: formatScenarioErrors(msg.errors) };
        break;
      case 'batch':
        if (msg.session !== this.session || this.state.kind !== 'running') return;
        this.store.append(msg.session, msg.columns, msg.rows);
        this.notePeak(msg.columns, msg.rows);
        break;
      case 'status':
        // After a reset, statuses of the old session may still be on their way.
        if (msg.session !== this.session || this.state.kind !== 'running') return;
        this.nowNs = msg.nowNs;
        break;
      case 'verdict':
        if (msg.session !== this.session || this.state.kind !== 'running') return;
        this.verdicts.push(msg.verdict);
        if (this.verdicts.length > KEPT_VERDICTS) this.verdicts.shift();
        break;
      default:
        return;
    }
    this.changed(this, msg.type);
  }

  private notePeak(columns: number, rows: Float64Array): void {
    const c = this.cardMemoryColumn;
    if (c < 1) return;
    for (let r = c; r < rows.length; r += columns) {
      const v = rows[r]!;
      if (Number.isFinite(v) && (this.cardMemoryPeak === null || v > this.cardMemoryPeak)) {
        this.cardMemoryPeak = v;
      }
    }
  }
}
