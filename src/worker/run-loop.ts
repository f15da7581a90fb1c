import {
  LIVE_HZ,
  type ExportRequest,
  type FireableEvent,
  type FromWorker,
  type RunState,
  type Speed,
  type ToWorker,
} from '../protocol/messages.ts';
import { parseScenario, type Scenario, type ScenarioInput } from '../protocol/scenario.ts';
import { queryFrames } from '../sim/metrics/frame-query.ts';
import { ReferenceRun } from '../sim/observe/reference-run.ts';
import { Simulation } from '../sim/session.ts';
import { UnsupportedScenarioError } from '../sim/world/flows.ts';
import { ExportQueue } from './export-jobs.ts';

/**
 * The worker's run loop: paces simulated time against the wall clock at the chosen
 * speed, in slices of at most SLICE_MS of wall time so messages are never kept waiting,
 * and posts what the UI needs (batches at most once per FLUSH_MS, a heartbeat status a
 * few times a second). The clock and the timers are injected, so the loop knows nothing
 * of `self`.
 */
export interface RunLoopHost {
  post(msg: FromWorker): void;
  /** Wall-clock milliseconds (performance.now in the worker). */
  clock(): number;
  /** Run `fn` as soon as the event loop is free (after pending messages). */
  soon(fn: () => void): void;
  /** Run `fn` after `ms` of wall time. */
  later(fn: () => void, ms: number): void;
}

const SLICE_MS = 8;
const FLUSH_MS = 16;
/** Between `verdict` / `arp` messages. */
const LIVE_MS = 1000 / LIVE_HZ;
/** The host-stack reference runs in slices of at most this much wall time… */
const REFERENCE_SLICE_MS = 4;
/** …this far apart, so the live session keeps most of the worker. */
const REFERENCE_EVERY_MS = 12;
/** Simulated time per reference step between clock checks. */
const REFERENCE_STEP_NS = 200_000;
/** How far behind the wall clock the simulation may fall before it stops trying to catch up. */
const MAX_DEBT_WALL_MS = 100;
/** Achieved speed is measured over about this much wall time. */
const SPEED_WINDOW_MS = 1000;
const NS_PER_WALL_MS = 1e6;
/** Below this fraction of the chosen speed the UI says the simulation cannot keep up. */
const BEHIND_FRACTION = 0.97;
/** The packet list never asks for more rows than this. */
const MAX_FRAME_ROWS = 1000;

/**
 * About one sample per 10 ms of wall time at the given speed (in simulated ns, rounded to
 * 1-2-5): rates over shorter intervals are dominated by segment granularity.
 */
export function sampleIntervalFor(speed: Speed): number {
  const simNsPerWallMs = speed === 'max' ? 2 * NS_PER_WALL_MS : speed * NS_PER_WALL_MS;
  const wanted = Math.min(20e6, Math.max(10e3, 10 * simNsPerWallMs));
  const decade = 10 ** Math.floor(Math.log10(wanted));
  const step = [1, 2, 5, 10].find((m) => m * decade >= wanted * 0.999) ?? 10;
  return step * decade;
}

function messageOf(error: unknown): [string, string] {
  if (error instanceof Error) return [`${error.name}: ${error.message}`, error.stack ?? ''];
  return [String(error), ''];
}

export class RunLoop {
  private sim: Simulation | null = null;
  private scenario: Scenario | null = null;
  private session = 0;
  private state: RunState = 'paused';
  private speed: Speed = 1;
  private anchorWall = 0;
  private anchorSim = 0;
  private chunkNs = 100_000;
  private behind = false;
  private lastFlush = 0;
  private scheduled = false;
  private failed = false;
  /** (wall ms, sim ns, events) marks for the achieved speed. */
  private marks: [number, number, number][] = [];
  private lastLive = -Infinity;
  /** Simulated time of the last `verdict` / `arp`, so a paused session sends them once. */
  private liveAt = -1;
  private reference: ReferenceRun | null = null;
  private referenceScheduled = false;
  /** Whether sessions measure the host-stack reference (a compare lane does not). */
  private wantReference = true;
  private readonly exports: ExportQueue;

  constructor(private readonly host: RunLoopHost) {
    this.exports = new ExportQueue(host, (error) => this.fail(error));
  }

  handle(msg: ToWorker): void {
    if (this.failed) return;
    try {
      this.dispatch(msg);
    } catch (error) {
      this.fail(error);
    }
  }

  /** The heartbeat: status even when paused, so the UI can tell a live worker from a dead one. */
  heartbeat(): void {
    if (this.failed) return;
    this.postStatus();
    this.postLive(false);
  }

  private dispatch(msg: ToWorker): void {
    switch (msg.type) {
      case 'load':
        this.load(msg.scenario, msg.speed, msg.play, msg.reference ?? true);
        return;
      case 'play':
        this.play();
        return;
      case 'pause':
        this.pause();
        return;
      case 'step':
        this.pause();
        this.sim?.step(msg.ns);
        this.flush();
        this.postLive(true);
        return;
      case 'reset':
        this.pause();
        if (this.sim && this.scenario) this.startSession(this.scenario, false);
        return;
      case 'speed':
        this.speed = msg.speed;
        this.sim?.setSampleInterval(sampleIntervalFor(msg.speed));
        this.reanchor();
        this.marks = [];
        this.postStatus();
        return;
      case 'fire':
        this.fire(msg.event);
        return;
      case 'frames':
        this.postFrames(msg.id, msg.port, msg.filter, msg.limit);
        return;
      case 'export':
        this.export(msg.id, msg.what);
        return;
    }
  }

  private load(input: ScenarioInput, speed: Speed, play: boolean, reference: boolean): void {
    const parsed = parseScenario(input);
    if (!parsed.ok) {
      this.host.post({ type: 'refused', errors: parsed.errors });
      return;
    }
    try {
      // Build first: a scenario the model cannot run leaves the current session alone.
      new Simulation(parsed.scenario);
    } catch (error) {
      if (!(error instanceof UnsupportedScenarioError)) throw error;
      this.host.post({
        type: 'refused',
        errors: [{ path: error.path, message: error.message.slice(error.path.length + 2) }],
      });
      return;
    }
    this.speed = speed;
    this.wantReference = reference;
    this.startSession(parsed.scenario, play);
  }

  /**
   * A new session from t = 0, playing or paused from its first status on: a session that
   * is to play never reports `paused` first (the page would show a pause nobody asked for).
   */
  private startSession(scenario: Scenario, play: boolean): void {
    this.exports.cancel('the session restarted from t = 0 before the file was ready');
    this.scenario = scenario;
    this.session++;
    const sim = new Simulation(scenario);
    sim.setSampleInterval(sampleIntervalFor(this.speed));
    this.sim = sim;
    this.state = play ? 'playing' : 'paused';
    this.reanchor();
    this.marks = [];
    this.behind = false;
    this.host.post({
      type: 'session',
      session: this.session,
      scenario,
      series: sim.series,
      sampleIntervalNs: sim.sampleInterval,
    });
    this.postStatus();
    this.liveAt = -1;
    this.postLive(true);
    this.reference = this.wantReference ? new ReferenceRun(scenario) : null;
    this.scheduleReference();
    if (play) this.schedule(0);
  }

  /** The host-stack reference for the copy ledger: small slices until it is measured. */
  private scheduleReference(): void {
    if (this.referenceScheduled || !this.reference || this.reference.done) return;
    this.referenceScheduled = true;
    this.host.later(() => {
      this.referenceScheduled = false;
      try {
        this.referenceSlice();
      } catch (error) {
        this.fail(error);
      }
    }, REFERENCE_EVERY_MS);
  }

  private referenceSlice(): void {
    const run = this.reference;
    if (this.failed || !run || run !== this.reference) return;
    // Short slices between the live session's: it keeps about two thirds of the worker
    // for the second or two the reference takes.
    const start = this.host.clock();
    while (!run.done && this.host.clock() - start < REFERENCE_SLICE_MS) {
      run.advance(REFERENCE_STEP_NS);
    }
    if (run.done) {
      if (run.result) {
        this.host.post({ type: 'reference', session: this.session, reference: run.result });
      }
      return;
    }
    this.scheduleReference();
  }

  private play(): void {
    if (!this.sim || this.state === 'playing') return;
    this.state = 'playing';
    this.reanchor();
    this.marks = [];
    this.postStatus();
    this.schedule(0);
  }

  private pause(): void {
    if (this.state === 'paused') return;
    this.state = 'paused';
    this.behind = false;
    this.flush();
  }

  private fire(event: FireableEvent): void {
    const sim = this.sim;
    if (!sim || !this.scenario) return;
    // Validate the event with the scenario's own rules (ports in range and so on).
    const parsed = parseScenario({ ...this.scenario, events: [{ ...event, atMs: 0 }] });
    if (!parsed.ok) {
      this.host.post({ type: 'refused', errors: parsed.errors });
      return;
    }
    const [checked] = parsed.scenario.events;
    if (checked) sim.fire(checked);
    this.flush();
    this.postLive(true);
  }

  /** The packet list's query, answered at once from the session's ring. */
  private postFrames(id: number, port: number, filter: string, limit: number): void {
    const sim = this.sim;
    const base = { type: 'frames', id, session: this.session, port, filter } as const;
    if (!sim) {
      const error = 'no session is running';
      this.host.post({ ...base, rows: [], matched: 0, kept: 0, seen: 0, error });
      return;
    }
    const rows = Math.min(MAX_FRAME_ROWS, limit);
    this.host.post({ ...base, ...queryFrames(sim.frames, port, filter, rows) });
  }

  /** Replays the session so far in the background and posts the file when it is built. */
  private export(id: number, what: ExportRequest): void {
    const sim = this.sim;
    if (!sim || !this.scenario) {
      const result = { kind: 'failed', message: 'no session is running' } as const;
      this.host.post({ type: 'exported', id, session: this.session, result });
      return;
    }
    this.exports.add(id, what, {
      session: this.session,
      scenario: this.scenario,
      fired: [...sim.fired],
      nowNs: sim.now,
      eventsRun: sim.eventsRun,
    });
  }

  private reanchor(): void {
    this.anchorWall = this.host.clock();
    this.anchorSim = this.sim?.now ?? 0;
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      try {
        this.tick();
      } catch (error) {
        this.fail(error);
      }
    };
    if (delayMs <= 0) this.host.soon(run);
    else this.host.later(run, delayMs);
  }

  /** One slice: advance towards the wall-clock target for at most SLICE_MS, then yield. */
  private tick(): void {
    const sim = this.sim;
    if (!sim || this.state !== 'playing' || this.failed) return;
    const start = this.host.clock();
    const target =
      this.speed === 'max'
        ? Infinity
        : this.anchorSim + (start - this.anchorWall) * NS_PER_WALL_MS * this.speed;
    let now = this.host.clock();
    while (sim.now < target && now - start < SLICE_MS) {
      const before = now;
      sim.advanceTo(Math.min(target, sim.now + this.chunkNs));
      now = this.host.clock();
      this.adaptChunk(now - before);
    }
    const late = sim.now < target;
    if (this.speed !== 'max') {
      this.behind = late;
      if (late && target - sim.now > MAX_DEBT_WALL_MS * NS_PER_WALL_MS * this.speed) {
        // Give up the debt rather than run flat out for ever: pace from here.
        this.reanchor();
      }
    }
    this.mark(now, sim);
    if (now - this.lastFlush >= FLUSH_MS) this.flush();
    this.schedule(late || this.speed === 'max' ? 0 : 4);
  }

  /** Aim for chunks of about 1 ms of wall time, so the slice budget is checked often. */
  private adaptChunk(elapsedMs: number): void {
    const factor = elapsedMs > 0 ? Math.min(4, Math.max(0.25, 1 / elapsedMs)) : 2;
    this.chunkNs = Math.min(50e6, Math.max(1_000, Math.round(this.chunkNs * factor)));
  }

  private mark(wall: number, sim: Simulation): void {
    this.marks.push([wall, sim.now, sim.eventsRun]);
    while (this.marks.length > 2 && wall - this.marks[1]![0] > SPEED_WINDOW_MS) this.marks.shift();
  }

  private achieved(): { speed: number | null; eventsPerSecond: number } {
    const first = this.marks[0];
    const last = this.marks[this.marks.length - 1];
    if (this.state !== 'playing' || !first || !last || last[0] - first[0] < 100) {
      return { speed: null, eventsPerSecond: 0 };
    }
    const wallMs = last[0] - first[0];
    return {
      speed: (last[1] - first[1]) / NS_PER_WALL_MS / wallMs,
      eventsPerSecond: ((last[2] - first[2]) * 1000) / wallMs,
    };
  }

  private flush(): void {
    const sim = this.sim;
    if (!sim) return;
    this.lastFlush = this.host.clock();
    const rows = sim.takeBatch();
    if (rows) {
      this.host.post({ type: 'batch', session: this.session, columns: sim.columns, rows });
    }
    const entries = sim.takeLog();
    if (entries.length) this.host.post({ type: 'log', session: this.session, entries });
    this.postStatus();
    this.postLive(false);
  }

  /** The verdict and the ARP tables, at most LIVE_HZ times a second and only when time moved. */
  private postLive(force: boolean): void {
    const sim = this.sim;
    if (!sim) return;
    const wall = this.host.clock();
    if (!force && (wall - this.lastLive < LIVE_MS || sim.now === this.liveAt)) return;
    this.lastLive = wall;
    this.liveAt = sim.now;
    this.host.post({ type: 'verdict', session: this.session, verdict: sim.verdict() });
    this.host.post({ type: 'arp', session: this.session, tables: sim.arpTables() });
  }

  private postStatus(): void {
    const sim = this.sim;
    if (!sim) return;
    const { speed, eventsPerSecond } = this.achieved();
    // Behind only when the last second's average falls short, not on one slow slice.
    const behind =
      this.behind && this.speed !== 'max' && speed !== null && speed < BEHIND_FRACTION * this.speed;
    this.host.post({
      type: 'status',
      session: this.session,
      state: this.state,
      nowNs: sim.now,
      speed: this.speed,
      achievedSpeed: speed,
      behind,
      eventsPerSecond,
      sampleIntervalNs: sim.sampleInterval,
    });
  }

  private fail(error: unknown): void {
    this.failed = true;
    this.state = 'paused';
    const [message, stack] = messageOf(error);
    this.host.post({ type: 'failed', message, stack });
  }
}
