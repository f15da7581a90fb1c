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
    const events = scheduler.runUntil(Math.min(milestone, scheduler.now + ns));
    if (scheduler.now >= milestone) {
      const snap = snapshotCounters(world);
      if (this.from === null) {
        this.from = snap;
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
      }
    }
    return events;
  }
}
