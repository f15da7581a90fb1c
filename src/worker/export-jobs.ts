import {
  EXPORT_SNAPLEN,
  type ExportRequest,
  type ExportResult,
  type FromWorker,
} from '../protocol/messages.ts';
import type { Scenario } from '../protocol/scenario.ts';
import { PcapExport } from '../sim/observe/pcap-export.ts';
import { SessionReplay, type FiredEvent } from '../sim/observe/replay.ts';

/** Wall time one slice of a replay may take before the worker turns to other work. */
const SLICE_MS = 12;
/** Simulated time per replay step between clock checks. */
const STEP_NS = 200_000;
/** Between `export-progress` messages. */
const PROGRESS_MS = 250;

/** Where the live session stands when an export is asked for: what the replay must reach. */
export interface SessionPoint {
  session: number;
  scenario: Scenario;
  fired: readonly FiredEvent[];
  nowNs: number;
  eventsRun: number;
}

export interface ExportHost {
  post(msg: FromWorker): void;
  clock(): number;
  soon(fn: () => void): void;
}

/** One export in progress: a replay and what to make of it when it is done. */
interface Job {
  readonly id: number;
  readonly session: number;
  readonly untilNs: number;
  readonly nowNs: number;
  readonly done: boolean;
  /** Wall ms spent replaying so far. */
  wallMs: number;
  advance(ns: number): void;
  result(): ExportResult;
}

/** What a job drives: a headless re-run of the session up to `untilNs`. */
interface Rerun {
  readonly nowNs: number;
  readonly done: boolean;
  advance(ns: number): void;
}

function rerunJob(
  id: number,
  at: SessionPoint,
  rerun: Rerun,
  result: (wallMs: number) => ExportResult,
): Job {
  return {
    id,
    session: at.session,
    untilNs: at.nowNs,
    get nowNs() {
      return rerun.nowNs;
    },
    get done() {
      return rerun.done;
    },
    wallMs: 0,
    advance: (ns) => rerun.advance(ns),
    result() {
      return result(this.wallMs);
    },
  };
}

function resultsJob(id: number, at: SessionPoint): Job {
  const replay = new SessionReplay(at.scenario, at.fired, at.nowNs, at.eventsRun);
  return rerunJob(id, at, replay, (wallMs) => ({
    kind: 'results',
    results: replay.results(Math.round(wallMs)),
  }));
}

function pcapJob(id: number, at: SessionPoint, port: number): Job {
  const pcap = new PcapExport(at.scenario, at.fired, at.nowNs, at.eventsRun, port, {
    snaplen: EXPORT_SNAPLEN,
  });
  return rerunJob(id, at, pcap, () => {
    const error = pcap.error;
    if (error !== null) return { kind: 'failed', message: error };
    return { kind: 'pcap', port, snaplen: EXPORT_SNAPLEN, bytes: pcap.bytes() };
  });
}

/**
 * Exports of the live session (results JSON, a port's pcap), each built by replaying the
 * session from t = 0 (src/sim/world/replay.ts) — one at a time, in slices of at most
 * SLICE_MS, so the live session and the heartbeat keep running meanwhile.
 */
export class ExportQueue {
  private jobs: Job[] = [];
  private scheduled = false;
  private lastProgress = -Infinity;

  constructor(
    private readonly host: ExportHost,
    private readonly fail: (error: unknown) => void,
  ) {}

  add(id: number, what: ExportRequest, at: SessionPoint): void {
    let job: Job;
    try {
      job = what.kind === 'results' ? resultsJob(id, at) : pcapJob(id, at, what.port);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      this.finish(id, at.session, { kind: 'failed', message: error.message });
      return;
    }
    this.jobs.push(job);
    this.host.post({
      type: 'export-progress',
      id,
      session: at.session,
      doneNs: 0,
      untilNs: at.nowNs,
    });
    this.schedule();
  }

  /** Drops every export, telling the UI why (a new session began). */
  cancel(message: string): void {
    const jobs = this.jobs;
    this.jobs = [];
    for (const job of jobs) this.finish(job.id, job.session, { kind: 'failed', message });
  }

  private schedule(): void {
    if (this.scheduled || this.jobs.length === 0) return;
    this.scheduled = true;
    this.host.soon(() => {
      this.scheduled = false;
      try {
        this.slice();
      } catch (error) {
        this.jobs = [];
        this.fail(error);
      }
    });
  }

  private slice(): void {
    const job = this.jobs[0];
    if (!job) return;
    const start = this.host.clock();
    let now = start;
    while (!job.done && now - start < SLICE_MS) {
      job.advance(STEP_NS);
      now = this.host.clock();
    }
    job.wallMs += now - start;
    if (job.done) {
      this.jobs.shift();
      this.finish(job.id, job.session, job.result());
    } else if (now - this.lastProgress >= PROGRESS_MS) {
      this.lastProgress = now;
      this.host.post({
        type: 'export-progress',
        id: job.id,
        session: job.session,
        doneNs: job.nowNs,
        untilNs: job.untilNs,
      });
    }
    this.schedule();
  }

  private finish(id: number, session: number, result: ExportResult): void {
    this.host.post({ type: 'exported', id, session, result });
  }
}
