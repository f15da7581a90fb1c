import type { FromWorker, Speed, Verdict } from '../../protocol/messages.ts';
import type { Architecture, ScenarioInput } from '../../protocol/scenario.ts';
import { GOODPUT, laneRows } from './compare-metrics.ts';
import { Lane, type Connect, type LaneState } from './lane.ts';
import { architectureLane, type LaneSpec } from './lane-spec.ts';
import { LockstepClock } from './lockstep.ts';
import { meanOver } from './merge.ts';

/** What the view shows of one lane (replaced, never mutated, so React can compare). */
export interface LaneSnapshot {
  architecture: Architecture;
  /** The lane's id (architecture or card), name and colour. */
  id: string;
  label: string;
  color: string;
  state: LaneState;
  nowNs: number;
  /** Over the last 100 ms of simulated time up to the common time. */
  verdict: Verdict | null;
  /** Goodput over all ports (TX + RX) over the verdict's interval, from the series store. */
  throughputMbps: number | null;
  cardMemoryPeak: number | null;
}

export interface CompareSnapshot {
  lanes: readonly LaneSnapshot[];
  playing: boolean;
  speed: Speed;
  /** The time every running lane has reached. */
  commonNs: number;
  achievedSpeed: number | null;
  behind: boolean;
}

/** The wall clock and timers, injected so tests can drive a session by hand. */
export interface SessionHost {
  clock(): number;
  later(fn: () => void, ms: number): () => void;
  connect?: Connect;
}

const browserHost: SessionHost = {
  clock: () => performance.now(),
  later(fn, ms) {
    const id = setTimeout(fn, ms);
    return () => clearTimeout(id);
  },
};

/** Snapshots for React at most this often (the table and `t` need no more). */
const PUBLISH_MS = 150;

/**
 * A running comparison: one Lane per architecture, moved in lockstep by a LockstepClock.
 * React reads it through `subscribe` / `getSnapshot` (useSyncExternalStore) at a few
 * updates a second; charts read the lanes' series stores directly on the frame loop.
 */
export class CompareSession {
  readonly lanes: readonly Lane[];
  private readonly clock: LockstepClock;
  private readonly listeners = new Set<() => void>();
  private snapshot: CompareSnapshot;
  private cancelTimer: (() => void) | null = null;
  private cancelPublish: (() => void) | null = null;
  private lastPublish = -Infinity;
  /** A speed change waits for the end of a round, so every lane's sampling changes at one time. */
  private pendingSpeed: Speed | null = null;
  private disposed = false;
  /** Bumped whenever the time every lane reached changes (charts cut their data there). */
  private commonVersion = 0;

  constructor(
    scenario: ScenarioInput,
    /** One lane each: an architecture, or a lane spec (an architecture on a card). */
    lanes: readonly (Architecture | LaneSpec)[],
    speed: Speed,
    private readonly host: SessionHost = browserHost,
  ) {
    this.clock = new LockstepClock(speed);
    this.lanes = lanes.map(
      (a) =>
        new Lane(
          typeof a === 'string' ? architectureLane(a) : a,
          scenario,
          samplingSpeed(speed),
          (_lane, what) => this.laneChanged(what),
          host.connect,
        ),
    );
    this.snapshot = this.takeSnapshot();
    for (const lane of this.lanes) lane.start();
  }

  /** Simulated seconds every running lane has reached; charts show data up to here. */
  get commonSeconds(): number {
    return this.clock.common / 1e9;
  }

  /** Changes whenever `commonSeconds` does. */
  get commonStamp(): number {
    return this.commonVersion;
  }

  play(): void {
    this.clock.play(this.host.clock());
    this.pump();
    this.publish(true);
  }

  pause(): void {
    this.clock.pause();
    this.publish(true);
  }

  /** Every lane back to t = 0 (a failed one gets a new worker); playing carries on. */
  reset(): void {
    this.pendingSpeed = null;
    this.clock.reset(this.host.clock());
    this.commonVersion++;
    for (const lane of this.lanes) lane.reset();
    this.publish(true);
  }

  setSpeed(speed: Speed): void {
    if (speed === this.clock.speed) return;
    this.clock.setSpeed(speed, this.host.clock());
    this.pendingSpeed = speed;
    this.pump();
    this.publish(true);
  }

  /** A new worker for one lane; it catches up with the others from t = 0. */
  restartLane(id: string): void {
    this.lanes.find((l) => l.spec.id === id)?.start();
    this.publish(true);
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer?.();
    this.cancelPublish?.();
    for (const lane of this.lanes) lane.close();
    this.listeners.clear();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): CompareSnapshot => this.snapshot;

  private laneChanged(what: FromWorker['type'] | 'failure'): void {
    if (this.disposed) return;
    if (what === 'status' || what === 'session' || what === 'failure') this.pump();
    this.publish(what === 'failure' || what === 'refused' || what === 'session');
  }

  /** Asks the clock what to do and does it; runs again on every lane report or timer. */
  private pump(): void {
    if (this.disposed) return;
    this.cancelTimer?.();
    this.cancelTimer = null;
    const before = this.clock.common;
    const wall = this.host.clock();
    const decision = this.clock.next(wall, this.lanes);
    if (this.clock.common !== before) this.commonVersion++;
    switch (decision.kind) {
      case 'step':
        // Between rounds every running lane is at the same time: the place to change sampling.
        if (this.pendingSpeed !== null && decision.round) {
          this.applySamplingSpeed(this.pendingSpeed);
        }
        for (const order of decision.steps) this.lanes[order.lane]!.step(order.ns);
        return;
      case 'wait-time':
        this.cancelTimer = this.host.later(() => this.pump(), decision.ms);
        return;
      case 'idle':
        if (this.pendingSpeed !== null) this.applySamplingSpeed(this.pendingSpeed);
        return;
      case 'wait-lanes':
        return;
    }
  }

  private applySamplingSpeed(speed: Speed): void {
    this.pendingSpeed = null;
    for (const lane of this.lanes) lane.setSamplingSpeed(samplingSpeed(speed));
  }

  /** A new snapshot now (`urgent`) or at most every PUBLISH_MS. */
  private publish(urgent: boolean): void {
    if (this.disposed) return;
    const wall = this.host.clock();
    if (!urgent && wall - this.lastPublish < PUBLISH_MS) {
      this.cancelPublish ??= this.host.later(
        () => {
          this.cancelPublish = null;
          this.publish(true);
        },
        PUBLISH_MS - (wall - this.lastPublish),
      );
      return;
    }
    this.cancelPublish?.();
    this.cancelPublish = null;
    this.lastPublish = wall;
    this.snapshot = this.takeSnapshot();
    for (const listener of this.listeners) listener();
  }

  private takeSnapshot(): CompareSnapshot {
    return {
      lanes: this.lanes.map((lane) => {
        const verdict = lane.verdictAt(this.clock.common);
        return {
          architecture: lane.architecture,
          id: lane.spec.id,
          label: lane.spec.label,
          color: lane.spec.color,
          state: lane.state,
          nowNs: lane.nowNs,
          verdict,
          throughputMbps: verdict ? throughputOver(lane, verdict) : null,
          cardMemoryPeak: lane.cardMemoryPeak,
        };
      }),
      playing: this.clock.isPlaying,
      speed: this.clock.speed,
      commonNs: this.clock.common,
      achievedSpeed: this.clock.achievedSpeed(),
      behind: this.clock.behind(),
    };
  }
}

/** Mean goodput over the verdict's interval (rates are sampled over (t − interval, t]). */
function throughputOver(lane: Lane, verdict: Verdict): number | null {
  const rows = laneRows(lane.store, GOODPUT);
  if (!rows) return null;
  const mean = meanOver(rows, verdict.fromNs / 1e9, verdict.toNs / 1e9);
  return Number.isFinite(mean) ? mean : null;
}

/**
 * The speed a lane is told, which only sets its sample interval (lanes never play): about
 * one sample per 10 ms of wall time at the speed the lanes will reach, so "as fast as
 * possible" (about 0.5× per lane on a 2-core machine) samples every 10 ms of simulated time.
 */
export function samplingSpeed(speed: Speed): Speed {
  return speed === 'max' ? 1 : Math.min(1, speed);
}
