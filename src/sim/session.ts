import { NS_PER_MS, type Nanoseconds } from './core/time.ts';
import { ArpWatch, type ArpSnapshot } from './observe/arp-watch.ts';
import { FrameLog, FRAMES_PER_PORT } from './metrics/frame-log.ts';
import {
  intervalMetrics,
  snapshotCounters,
  type CounterSnapshot,
  type IntervalMetrics,
} from './observe/interval.ts';
import type { Bottleneck, PortQueues } from './metrics/results.ts';
import { PORT_QUEUES, portGauges } from './observe/port-queues.ts';
import {
  describeSeries,
  Sampler,
  seriesFor,
  type SeriesInfo,
  type SeriesSpec,
} from './observe/sampler.ts';
import type { Scenario, ScenarioEvent } from './scenario/schema.ts';
import { applyEvent, type LogEntry } from './world/events.ts';
import { startLiveWorld, type FiredEvent } from './observe/replay.ts';
import type { World } from './world/world.ts';

/** Samples every 1 ms of simulated time unless told otherwise. */
export const DEFAULT_SAMPLE_INTERVAL_NS: Nanoseconds = NS_PER_MS;

/** The live bottleneck verdict looks back this far in simulated time. */
export const VERDICT_WINDOW_NS: Nanoseconds = 100 * NS_PER_MS;
/** Counter snapshots for the verdict are kept at least this far apart. */
const VERDICT_STEP_NS: Nanoseconds = VERDICT_WINDOW_NS / 20;

/** Copies per payload byte as the results report them; null when nothing was delivered. */
export interface CopyFigures {
  cpuCopiesPerByte: number | null;
  memoryBusBytesPerByte: number | null;
  pciBytesPerByte: number | null;
}

/**
 * The results' utilisations and bottleneck over the last VERDICT_WINDOW_NS of simulated
 * time (src/sim/metrics/interval.ts), for the data path and the copy ledger. Fractions
 * 0–1; null where undefined (an empty window, no payload).
 */
export interface Verdict {
  fromNs: Nanoseconds;
  toNs: Nanoseconds;
  utilisation: Record<Exclude<Bottleneck, 'tcp-window' | 'none'>, number | null>;
  /** Busiest direction of each port's wire. */
  portWire: (number | null)[];
  bottleneck: Bottleneck;
  windowLimitedShare: number;
  pciEfficiency: number | null;
  copies: CopyFigures;
  cardMemoryUsedBytes: number;
  cardMemoryCapacityBytes: number;
  /** Per port, each queue's mean depth over the window and what it can hold (null: unbounded). */
  queues: PortQueueView[];
}

/** One queue on the data path: mean depth over the verdict's window and its capacity. */
export interface QueueView {
  mean: number | null;
  capacity: number | null;
}

export type PortQueueView = Record<keyof PortQueues, QueueView>;

function queuesOf(world: World, m: IntervalMetrics): PortQueueView[] {
  return m.queueMeans.map((means, port) => {
    const gauges = portGauges(world, port);
    const view = {} as PortQueueView;
    PORT_QUEUES.forEach((q, i) => {
      const capacity = gauges[q].capacity;
      view[q] = { mean: orNull(means[i]!), capacity: Number.isFinite(capacity) ? capacity : null };
    });
    return view;
  });
}

const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function copiesOf(m: IntervalMetrics): CopyFigures {
  return {
    cpuCopiesPerByte: orNull(m.cpuCopiesPerByte),
    memoryBusBytesPerByte: orNull(m.memoryBusBytesPerByte),
    pciBytesPerByte: orNull(m.pciBytesPerByte),
  };
}

function verdictOf(world: World, m: IntervalMetrics): Verdict {
  const u = m.utilisations;
  return {
    fromNs: m.fromNs,
    toNs: m.toNs,
    utilisation: {
      wire: orNull(u.wire),
      'host-cpu': orNull(u['host-cpu']),
      'memory-bus': orNull(u['memory-bus']),
      'pci-bus': orNull(u['pci-bus']),
      'nic-dma': orNull(u['nic-dma']),
      'nic-engine': orNull(u['nic-engine']),
      'card-memory': orNull(u['card-memory']),
    },
    portWire: m.portWire.map(orNull),
    bottleneck: m.bottleneck,
    windowLimitedShare: m.windowLimitedShare,
    pciEfficiency: orNull(m.pciEfficiency),
    copies: copiesOf(m),
    cardMemoryUsedBytes: world.nic.memory.used,
    cardMemoryCapacityBytes: world.nic.memory.capacity,
    queues: queuesOf(world, m),
  };
}

/** Counts of a port's TCP trouble, summed over its connections' sending ends. */
interface TroubleCounts {
  timeouts: number;
  retransmits: number;
}

function troubleOf(world: World, port: number): TroubleCounts {
  const counts = { timeouts: 0, retransmits: 0 };
  for (const flow of world.flows) {
    if (flow.port !== port) continue;
    const stats = flow.sender?.stats;
    if (!stats) continue;
    counts.timeouts += stats.timeouts;
    counts.retransmits += stats.retransmits;
  }
  return counts;
}

/**
 * A steppable simulation for the live view: the same World as `runScenario`, advanced
 * in pieces by whoever owns the wall clock (the worker), sampled on simulated time.
 *
 * Unlike a headless run it does not stop at `durationMs`: a live lab runs until it is
 * paused. Scenario events still fire at their `atMs`. Time is always an argument.
 */
export class Simulation {
  private worldValue!: World;
  private sampler!: Sampler;
  private specs: SeriesSpec[] = [];
  /** Entries the session adds (fired events, RTOs, retransmits); the world logs the rest. */
  private ownLog: LogEntry[] = [];
  /** How much of `world.log` has been taken. */
  private worldLogTaken = 0;
  private trouble: TroubleCounts[] = [];
  private nextSampleAt: Nanoseconds = 0;
  private sampleIntervalNs: Nanoseconds = DEFAULT_SAMPLE_INTERVAL_NS;
  /** Counter snapshots over the last VERDICT_WINDOW_NS (and one before), oldest first. */
  private recent: CounterSnapshot[] = [];
  private arp!: ArpWatch;
  private lastArp: ArpSnapshot | null = null;
  private frameLog!: FrameLog;
  private firedEvents: FiredEvent[] = [];
  private readonly framesPerPort: number;

  /**
   * Throws UnsupportedScenarioError when the scenario asks for something not modelled yet.
   * `framesPerPort`: how many recent frames the packet list keeps per port.
   */
  constructor(
    readonly scenario: Scenario,
    options: { framesPerPort?: number } = {},
  ) {
    this.framesPerPort = options.framesPerPort ?? FRAMES_PER_PORT;
    this.reset();
  }

  get world(): World {
    return this.worldValue;
  }

  /** Simulated time in ns. */
  get now(): Nanoseconds {
    return this.worldValue.scheduler.now;
  }

  get eventsRun(): number {
    return this.worldValue.scheduler.eventsRun;
  }

  /** The series this session samples, in column order (column 0 of a batch is time). */
  get series(): SeriesInfo[] {
    return describeSeries(this.specs);
  }

  /** Columns of a batch: time, then one per series. */
  get columns(): number {
    return this.specs.length + 1;
  }

  get sampleInterval(): Nanoseconds {
    return this.sampleIntervalNs;
  }

  /** The most recent frames of each port, as the packet list shows them. */
  get frames(): FrameLog {
    return this.frameLog;
  }

  /** Every event fired since t = 0, in order, with where it happened (for a replay). */
  get fired(): readonly FiredEvent[] {
    return this.firedEvents;
  }

  /** Builds a fresh world at t = 0 with the same scenario; pending samples and log go. */
  reset(): void {
    const world = startLiveWorld(this.scenario, (w) => {
      this.frameLog = new FrameLog(w.links, (p, mac) => w.peerAnswers(p, mac), this.framesPerPort);
    });
    this.ownLog = [];
    this.worldLogTaken = 0;
    this.firedEvents = [];
    this.worldValue = world;
    this.specs = seriesFor(world);
    this.sampler = new Sampler(this.specs, world);
    this.trouble = world.links.map(() => ({ timeouts: 0, retransmits: 0 }));
    this.nextSampleAt = this.sampleIntervalNs;
    this.recent = [snapshotCounters(world)];
    this.arp = new ArpWatch(world);
    this.lastArp = null;
  }

  /**
   * Utilisations and the bottleneck over the last VERDICT_WINDOW_NS of simulated time
   * (from the sample nearest that far back to now), as the results would say them.
   */
  verdict(): Verdict {
    const world = this.worldValue;
    const now = snapshotCounters(world);
    const cutoff = now.timeNs - VERDICT_WINDOW_NS;
    let from = this.recent[0]!;
    for (const snap of this.recent) {
      if (snap.timeNs > cutoff) break;
      from = snap;
    }
    return verdictOf(world, intervalMetrics(world, from, now));
  }

  /** The host's and the card's ARP tables compared now, with each card entry's timeline. */
  arpTables(): ArpSnapshot {
    if (this.lastArp?.nowNs !== this.now) this.lastArp = this.arp.observe();
    return this.lastArp;
  }

  /**
   * Samples every `ns` of simulated time from the next multiple on. Callers choose it
   * from the playback speed so charts get a few rows per frame.
   */
  setSampleInterval(ns: Nanoseconds): void {
    const interval = Math.max(1, Math.round(ns));
    this.sampleIntervalNs = interval;
    this.nextSampleAt = (Math.floor(this.now / interval) + 1) * interval;
  }

  /** Runs every event up to `end` (ns), sampling at each sample time crossed. Returns events run. */
  advanceTo(end: Nanoseconds): number {
    const scheduler = this.worldValue.scheduler;
    let events = 0;
    while (this.nextSampleAt <= end) {
      events += scheduler.runUntil(this.nextSampleAt);
      this.sampleNow();
      this.nextSampleAt += this.sampleIntervalNs;
    }
    if (end > scheduler.now) events += scheduler.runUntil(end);
    return events;
  }

  /** Advances by `batchNs` of simulated time. */
  step(batchNs: Nanoseconds): number {
    return this.advanceTo(this.now + batchNs);
  }

  /** Carries out a scenario event now (its `atMs` is ignored) and logs it. */
  fire(event: ScenarioEvent): LogEntry {
    const { now, eventsRun } = this.worldValue.scheduler;
    this.firedEvents.push({ atNs: now, eventsRun, event });
    const entry: LogEntry = {
      timeNs: this.now,
      kind: event.kind,
      port: event.port,
      text: applyEvent(this.worldValue, event),
    };
    this.ownLog.push(entry);
    return entry;
  }

  /** Rows sampled since the last call (column 0 = time in ns), or null. */
  takeBatch(): Float64Array | null {
    return this.sampler.take();
  }

  /**
   * Log entries since the last call, in time order: what the world logged (scenario
   * events and whatever the model reports) and the session's own (fired events, RTOs,
   * retransmits).
   */
  takeLog(): LogEntry[] {
    const worldLog = this.worldValue.log;
    if (this.ownLog.length === 0 && this.worldLogTaken === worldLog.length) return [];
    const entries = worldLog.slice(this.worldLogTaken).concat(this.ownLog);
    this.worldLogTaken = worldLog.length;
    this.ownLog = [];
    // Array.prototype.sort is stable: equal times keep world-then-session order.
    return entries.sort((a, b) => a.timeNs - b.timeNs);
  }

  private sampleNow(): void {
    const world = this.worldValue;
    this.sampler.sample(world);
    this.keepForVerdict(world);
    this.lastArp = this.arp.observe();
    for (let port = 0; port < this.trouble.length; port++) {
      const before = this.trouble[port]!;
      const after = troubleOf(world, port);
      const rtos = after.timeouts - before.timeouts;
      const retransmits = after.retransmits - before.retransmits;
      if (rtos > 0) {
        this.ownLog.push({
          timeNs: world.scheduler.now,
          kind: 'rto',
          port,
          text: `${rtos} retransmission timeout${rtos > 1 ? 's' : ''} on port ${port}`,
        });
      }
      if (retransmits > 0) {
        this.ownLog.push({
          timeNs: world.scheduler.now,
          kind: 'retransmit',
          port,
          text: `${retransmits} segment${retransmits > 1 ? 's' : ''} retransmitted on port ${port}`,
        });
      }
      this.trouble[port] = after;
    }
  }

  private keepForVerdict(world: World): void {
    const now = world.scheduler.now;
    const last = this.recent[this.recent.length - 1]!;
    if (now - last.timeNs < VERDICT_STEP_NS) return;
    this.recent.push(snapshotCounters(world));
    // Keep one snapshot at or before the window's start.
    while (this.recent.length > 2 && this.recent[1]!.timeNs <= now - VERDICT_WINDOW_NS) {
      this.recent.shift();
    }
  }
}
