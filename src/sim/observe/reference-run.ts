import { ms, type Nanoseconds } from '../core/time.ts';
import type { Scenario } from '../scenario/schema.ts';
import { World } from '../world/world.ts';
import { intervalMetrics, snapshotCounters, type CounterSnapshot } from './interval.ts';

/** The reference is measured from here (after slow start)… */
export const REFERENCE_FROM_NS: Nanoseconds = ms(100);
/** …to here: 300 ms of simulated time in all. */
export const REFERENCE_TO_NS: Nanoseconds = ms(300);

export interface ReferenceCopies {
  architecture: 'host-stack';
  fromNs: Nanoseconds;
  toNs: Nanoseconds;
  cpuCopiesPerByte: number | null;
  memoryBusBytesPerByte: number | null;
  pciBytesPerByte: number | null;
  /**
   * In a UDP workload, its TCP twin: the same scenario and architecture with a TCP bulk
   * stream the same way, and the host's busy cycles per data frame there (its ACKs'
   * work included), measured over the same interval. Absent for TCP workloads.
   */
  tcpTwin?: { architecture: string; cyclesPerSegment: number | null };
}

/** A world's busy host cycles (memory stalls included) and data frames, at one time. */
interface TwinMark {
  cycles: number;
  frames: number;
}

/**
 * The copy ledger's reference marker, from the model rather than a constant: the same
 * scenario on the `host-stack` architecture (without its scheduled events), run headless
 * in small pieces by whoever has idle time, measured like the live ledger.
 */
export class ReferenceRun {
  private readonly world: World | null;
  private from: CounterSnapshot | null = null;
  private resultValue: ReferenceCopies | null = null;
  /** A UDP scenario's TCP twin (see ReferenceCopies.tcpTwin), run alongside. */
  private readonly twin: World | null;
  private twinFrom: TwinMark | null = null;

  constructor(scenario: Scenario) {
    let world: World | null = null;
    try {
      world = new World({ ...scenario, architecture: 'host-stack', events: [] });
      world.start();
    } catch {
      // A workload the host stack cannot run gives no reference: the marker stays absent.
      world = null;
    }
    this.world = world;
    this.twin = world === null ? null : tcpTwin(scenario);
  }

  /** True once the reference is measured (or cannot be). */
  get done(): boolean {
    return this.world === null || this.resultValue !== null;
  }

  get result(): ReferenceCopies | null {
    return this.resultValue;
  }

  /** Runs at most `ns` more of simulated time; returns events run. */
  advance(ns: Nanoseconds): number {
    const world = this.world;
    if (world === null || this.resultValue !== null) return 0;
    const scheduler = world.scheduler;
    const milestone = this.from === null ? REFERENCE_FROM_NS : REFERENCE_TO_NS;
    const until = Math.min(milestone, scheduler.now + ns);
    let events = scheduler.runUntil(until);
    if (this.twin !== null) events += this.twin.scheduler.runUntil(until);
    if (scheduler.now >= milestone) {
      const snap = snapshotCounters(world);
      const twinMark = this.twin === null ? null : markOf(this.twin);
      if (this.from === null) {
        this.from = snap;
        this.twinFrom = twinMark;
      } else {
        const m = intervalMetrics(world, this.from, snap);
        const orNull = (v: number) => (Number.isFinite(v) ? v : null);
        this.resultValue = {
          architecture: 'host-stack',
          fromNs: m.fromNs,
          toNs: m.toNs,
          cpuCopiesPerByte: orNull(m.cpuCopiesPerByte),
          memoryBusBytesPerByte: orNull(m.memoryBusBytesPerByte),
          pciBytesPerByte: orNull(m.pciBytesPerByte),
        };
        if (this.twin !== null && twinMark !== null && this.twinFrom !== null) {
          const frames = twinMark.frames - this.twinFrom.frames;
          this.resultValue.tcpTwin = {
            architecture: this.twin.scenario.architecture,
            cyclesPerSegment: frames > 0 ? (twinMark.cycles - this.twinFrom.cycles) / frames : null,
          };
        }
      }
    }
    return events;
  }
}

/** A UDP stream's TCP twin world, started; null for any other workload. */
function tcpTwin(scenario: Scenario): World | null {
  const w = scenario.workload;
  if (w.kind !== 'udp-stream') return null;
  const world = new World({
    ...scenario,
    events: [],
    workload: {
      ...w,
      kind: w.direction === 'send' ? 'bulk-send' : 'bulk-receive',
      // TCP's own default write size: the twin is a netperf TCP_STREAM.
      messageBytes: 65_536,
    },
  });
  world.start();
  return world;
}

/** Busy host cycles and data frames so far: frames the host sends, or receives. */
function markOf(world: World): TwinMark {
  const now = world.scheduler.now;
  const send = world.scenario.workload.kind === 'bulk-send';
  let frames = 0;
  for (const link of world.links)
    frames += send ? link.tx.counters.frames : link.rx.counters.delivered;
  return { cycles: world.cpu.busyNsUntil(now) * world.cpu.ghz, frames };
}
