import type { ArpSnapshot } from '../sim/observe/arp-watch.ts';
import type { FrameSummary } from '../sim/metrics/frame-summary.ts';
import type { ReferenceCopies } from '../sim/observe/reference-run.ts';
import type { SeriesInfo } from '../sim/observe/sampler.ts';
import type { Verdict } from '../sim/session.ts';
import type { LiveResults } from '../sim/observe/replay.ts';
import type { Scenario, ScenarioError, ScenarioEvent, ScenarioInput } from './scenario.ts';

/**
 * Every message between the UI and the simulation worker (STYLE.md principle 7), with
 * the tiny codecs that stamp and check the version. Components never call postMessage:
 * the worker client (src/ui/state) and the worker entry (src/worker) go through
 * `encode` / `decode*` here.
 *
 * Data flow: once per session the worker sends `session` with the series list (ids,
 * labels, units); afterwards values travel as `batch` messages, one Float64Array per
 * batch (rows = samples; column 0 = simulated time in ns, column 1 + i = series i),
 * transferred rather than cloned, at most about once per animation frame. A few times a
 * second (at most LIVE_HZ) the worker also sends the bottleneck `verdict` over the last
 * 100 ms of simulated time and the `arp` tables; once per session, when its headless
 * host-stack run is done, the copy ledger's `reference`.
 *
 * On request the worker answers with data of the session so far: `frames` (the packet
 * list: the newest frames of a port's ring matching a filter, filtered in the worker) and
 * `export` (the results JSON or one port's pcap, built by replaying the session from
 * t = 0 in slices, reported by `export-progress` and finished by `exported`; the pcap's
 * bytes are transferred). Each request carries an `id` its answer repeats.
 *
 * Version 2 added `verdict`, `arp` and `reference`. Version 3 added `frames` (both ways),
 * `export`, `export-progress` and `exported`.
 */
export const PROTOCOL_VERSION = 3;

/** The most `verdict` and `arp` messages the worker sends per wall second. */
export const LIVE_HZ = 4;

/**
 * Bytes kept of each frame in a pcap exported through the worker: every header the model
 * sends (Ethernet 14 + IPv4 20 + TCP with options ≤ 60; ICMP with its quote 70), none of
 * the seeded payload. A live session runs for minutes at a gigabit per port and whole
 * frames would make files of gigabytes held in memory; the command line's `--pcap` writes
 * whole frames to disk.
 */
export const EXPORT_SNAPLEN = 128;

export type { SeriesInfo, SeriesGroup } from '../sim/observe/sampler.ts';
export type { CopyFigures, Verdict } from '../sim/session.ts';
export type {
  ArpCardEntry,
  ArpHostEntry,
  ArpSnapshot,
  ArpSyncStatus,
  ArpTimeline,
} from '../sim/observe/arp-watch.ts';
export type { ReferenceCopies } from '../sim/observe/reference-run.ts';
export type { FrameKind } from '../sim/metrics/frame-log.ts';
export type { FrameSummary } from '../sim/metrics/frame-summary.ts';
export type { LiveResults } from '../sim/observe/replay.ts';
export { FILTER_KEYS, FILTER_WORDS } from '../sim/metrics/frame-filter.ts';
export { FRAMES_PER_PORT } from '../sim/metrics/frame-log.ts';

/** Simulated seconds per wall second, or as fast as the worker can go. */
export type Speed = number | 'max';

/** A scenario event fired now: its time is the worker's current simulated time. */
export type FireableEvent = DistributiveOmit<ScenarioEvent, 'atMs'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** One line of the event log. `kind` is a scenario event kind, `rto` or `retransmit`. */
export interface LogEntry {
  timeNs: number;
  kind: string;
  port: number;
  text: string;
}

export type RunState = 'playing' | 'paused';

/** A file of the session so far, built in the worker. */
export type ExportRequest = { kind: 'results' } | { kind: 'pcap'; port: number };

export type ExportResult =
  /** The results JSON (DESIGN.md §6) of the session up to the request, and how it was made. */
  | { kind: 'results'; results: LiveResults }
  /** A pcap of one port from t = 0, each frame cut to `snaplen` bytes (original length kept). */
  | { kind: 'pcap'; port: number; snaplen: number; bytes: Uint8Array }
  /** No file: why (the session restarted, the capture grew too large, …). */
  | { kind: 'failed'; message: string };

// ---- UI → worker --------------------------------------------------------------------

export type ToWorker =
  /**
   * Validate and start a new session (t = 0) with this scenario. `reference: false` skips
   * the copy ledger's headless host-stack reference run (default true).
   */
  | { type: 'load'; scenario: ScenarioInput; speed: Speed; play: boolean; reference?: boolean }
  | { type: 'play' }
  | { type: 'pause' }
  /** Advance by `ns` of simulated time, then stay paused. */
  | { type: 'step'; ns: number }
  /** Back to t = 0 with the same scenario. */
  | { type: 'reset' }
  | { type: 'speed'; speed: Speed }
  | { type: 'fire'; event: FireableEvent }
  /**
   * The packet list: the newest `limit` frames kept for `port` that match `filter` (the
   * language of src/sim/metrics/frame-filter.ts). Answered by `frames` with the same id.
   */
  | { type: 'frames'; id: number; port: number; filter: string; limit: number }
  /** Build a file of the session up to now; answered by `export-progress`, then `exported`. */
  | { type: 'export'; id: number; what: ExportRequest };

// ---- worker → UI --------------------------------------------------------------------

export type FromWorker =
  /** A new session began: the validated scenario and the columns of every batch. */
  | {
      type: 'session';
      session: number;
      scenario: Scenario;
      series: SeriesInfo[];
      sampleIntervalNs: number;
    }
  /** The scenario was not loaded; the previous session (if any) carries on untouched. */
  | { type: 'refused'; errors: ScenarioError[] }
  /** Sampled rows; `rows.length` is a multiple of `columns` (= series + 1). */
  | { type: 'batch'; session: number; columns: number; rows: Float64Array }
  | { type: 'log'; session: number; entries: LogEntry[] }
  /** Sent on every change and as a heartbeat (a few times a second, even when paused). */
  | {
      type: 'status';
      session: number;
      state: RunState;
      nowNs: number;
      speed: Speed;
      /** Simulated seconds per wall second over the last second of play; null when paused. */
      achievedSpeed: number | null;
      /** True when the simulation cannot keep up with the chosen speed. */
      behind: boolean;
      eventsPerSecond: number;
      sampleIntervalNs: number;
    }
  /** Utilisations and the bottleneck over the last 100 ms of simulated time (≤ LIVE_HZ). */
  | { type: 'verdict'; session: number; verdict: Verdict }
  /** The host's and the card's ARP tables compared, with timelines (≤ LIVE_HZ). */
  | { type: 'arp'; session: number; tables: ArpSnapshot }
  /** The same scenario's host-stack copies per byte, for the copy ledger's marker. */
  | { type: 'reference'; session: number; reference: ReferenceCopies }
  /**
   * The answer to a `frames` request. `rows` oldest first; `matched` counts matches in the
   * whole ring, `kept` its frames, `seen` the port's frames since t = 0. A refused filter
   * gives `error` (naming the term and what is allowed) and no rows.
   */
  | {
      type: 'frames';
      id: number;
      session: number;
      port: number;
      filter: string;
      rows: FrameSummary[];
      matched: number;
      kept: number;
      seen: number;
      error: string | null;
    }
  /** How far the replay behind an `export` has come (a few times a second). */
  | { type: 'export-progress'; id: number; session: number; doneNs: number; untilNs: number }
  | { type: 'exported'; id: number; session: number; result: ExportResult }
  /** Something threw inside the worker; the worker stops running the simulation. */
  | { type: 'failed'; message: string; stack: string };

export interface Envelope<M> {
  v: typeof PROTOCOL_VERSION;
  msg: M;
}

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/** The envelope to post and the buffers to transfer with it (batches move, not copy). */
export function encode<M extends ToWorker | FromWorker>(msg: M): [Envelope<M>, Transferable[]] {
  const transfer: Transferable[] =
    msg.type === 'batch'
      ? [msg.rows.buffer]
      : msg.type === 'exported' && msg.result.kind === 'pcap'
        ? [msg.result.bytes.buffer]
        : [];
  return [{ v: PROTOCOL_VERSION, msg }, transfer];
}

const TO_WORKER_TYPES: ReadonlySet<string> = new Set<ToWorker['type']>([
  'load',
  'play',
  'pause',
  'step',
  'reset',
  'speed',
  'fire',
  'frames',
  'export',
]);
const FROM_WORKER_TYPES: ReadonlySet<string> = new Set<FromWorker['type']>([
  'session',
  'refused',
  'batch',
  'log',
  'status',
  'verdict',
  'arp',
  'reference',
  'frames',
  'export-progress',
  'exported',
  'failed',
]);

function open(data: unknown, types: ReadonlySet<string>): unknown {
  if (typeof data !== 'object' || data === null) throw new ProtocolError('not a message envelope');
  const { v, msg } = data as { v?: unknown; msg?: unknown };
  if (v !== PROTOCOL_VERSION) {
    throw new ProtocolError(`protocol version ${String(v)}, expected ${PROTOCOL_VERSION}`);
  }
  const type = (msg as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !types.has(type)) {
    throw new ProtocolError(`unknown message type ${JSON.stringify(type)}`);
  }
  return msg;
}

/** Checks the envelope and the message type; the fields are trusted (same build, same origin). */
export function decodeToWorker(data: unknown): ToWorker {
  return open(data, TO_WORKER_TYPES) as ToWorker;
}

export function decodeFromWorker(data: unknown): FromWorker {
  const msg = open(data, FROM_WORKER_TYPES) as FromWorker;
  if (msg.type === 'batch') {
    if (!(msg.rows instanceof Float64Array) || msg.columns < 1 || msg.rows.length % msg.columns) {
      throw new ProtocolError('batch rows are not a whole number of Float64 rows');
    }
  }
  if (msg.type === 'exported' && msg.result.kind === 'pcap') {
    if (!(msg.result.bytes instanceof Uint8Array)) {
      throw new ProtocolError('an exported pcap carries no bytes');
    }
  }
  return msg;
}

/** Where a message goes: a Worker (UI side) or the worker's global scope. */
export interface MessageTarget {
  postMessage(message: unknown, transfer: Transferable[]): void;
}

export function post(target: MessageTarget, msg: ToWorker | FromWorker): void {
  const [envelope, transfer] = encode(msg);
  target.postMessage(envelope, transfer);
}
