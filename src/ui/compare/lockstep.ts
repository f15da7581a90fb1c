import type { Speed } from '../../protocol/messages.ts';

/**
 * The compare view's clock: drives every lane (one simulation worker each) through the
 * same simulated times in rounds. A round picks a target time, asks every lane to `step`
 * there, and ends when every lane has reported reaching it; only then does the next round
 * start, so no lane is ever ahead of the slowest. Rounds are paced against the wall clock
 * at the chosen speed and sized so the slowest lane finishes one in about ROUND_TARGET_MS.
 *
 * Pure decisions: the wall clock is an argument and the caller carries the orders out
 * (src/ui/compare/compare-session.ts), so tests drive it with explicit times.
 */

/** What the clock needs to know of a lane. */
export interface LaneProgress {
  /** The simulated time the lane last reported (its status `nowNs`). */
  nowNs: number;
  /** The time it was last asked to reach; above `nowNs` while a step is in flight. */
  requestedNs: number;
  /** Running a session (not loading, failed or refused): the clock waits for it. */
  live: boolean;
}

/** Advance lane `lane` (an index into the lanes passed to `next`) by `ns`. */
export interface StepOrder {
  lane: number;
  ns: number;
}

export type Decision =
  /**
   * Send these steps now, then call `next` again when a lane reports. `round`: they start
   * a new round (every lane was at the common time, the place to change anything that
   * must change for all lanes at once); otherwise they bring lanes up to the target.
   */
  | { kind: 'step'; steps: StepOrder[]; round: boolean }
  /** A step is in flight: call `next` again when a lane reports. */
  | { kind: 'wait-lanes' }
  /** Too early for the chosen speed: call `next` again after `ms`. */
  | { kind: 'wait-time'; ms: number }
  /** Paused with every live lane at the common time, or no live lane: nothing to do. */
  | { kind: 'idle' };

/** A round aims to take about this long for the slowest lane (steps block a worker). */
export const ROUND_TARGET_MS = 60;
/** At a chosen speed, rounds start at most this often (each costs every lane messages). */
export const MIN_ROUND_MS = 30;
export const MIN_CHUNK_NS = 10_000;
export const MAX_CHUNK_NS = 200_000_000;
export const INITIAL_CHUNK_NS = 1_000_000;
/** Targets are whole microseconds, so `t` reads cleanly. */
export const QUANTUM_NS = 1_000;
/** How far the lanes may fall behind the wall clock before the clock stops trying to catch up. */
const MAX_DEBT_WALL_MS = 100;
/** The achieved speed is measured over about this much wall time. */
const SPEED_WINDOW_MS = 1_000;
/** Below this fraction of the chosen speed the clock is "behind". */
const BEHIND_FRACTION = 0.97;
const NS_PER_WALL_MS = 1e6;

export class LockstepClock {
  private targetNs = 0;
  private commonNs = 0;
  private playing = false;
  private speedValue: Speed;
  private anchorWall = 0;
  private anchorSim = 0;
  private chunk = INITIAL_CHUNK_NS;
  /** When the current round's steps went out (null between rounds). */
  private roundStartWall: number | null = null;
  private roundFromNs = 0;
  private lastRoundWall = -Infinity;
  /** (wall ms, common ns) at each round's end, over the last SPEED_WINDOW_MS. */
  private marks: [number, number][] = [];

  constructor(speed: Speed = 'max') {
    this.speedValue = speed;
  }

  /** The last time every live lane reached: what the charts and the table may show. */
  get common(): number {
    return this.commonNs;
  }

  /** Where the lanes are being driven (equal to `common` between rounds). */
  get target(): number {
    return this.targetNs;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  get speed(): Speed {
    return this.speedValue;
  }

  /** The largest step a round may take now (adapted to the slowest lane). */
  get chunkNs(): number {
    return this.chunk;
  }

  play(wallMs: number): void {
    if (this.playing) return;
    this.playing = true;
    this.reanchor(wallMs, this.targetNs);
    this.marks = [];
  }

  pause(): void {
    this.playing = false;
    this.marks = [];
  }

  setSpeed(speed: Speed, wallMs: number): void {
    this.speedValue = speed;
    this.reanchor(wallMs, this.targetNs);
    this.marks = [];
  }

  /** Every lane went back to t = 0. */
  reset(wallMs: number): void {
    this.targetNs = 0;
    this.commonNs = 0;
    this.roundStartWall = null;
    this.roundFromNs = 0;
    this.marks = [];
    this.reanchor(wallMs, 0);
  }

  /** Simulated seconds per wall second over the last second of rounds; null when paused. */
  achievedSpeed(): number | null {
    const first = this.marks[0];
    const last = this.marks[this.marks.length - 1];
    if (!this.playing || !first || !last || last[0] - first[0] < 200) return null;
    return (last[1] - first[1]) / NS_PER_WALL_MS / (last[0] - first[0]);
  }

  /** True when the lanes cannot keep up with the chosen speed. */
  behind(): boolean {
    const achieved = this.achievedSpeed();
    return (
      this.speedValue !== 'max' && achieved !== null && achieved < BEHIND_FRACTION * this.speedValue
    );
  }

  /** What to do now, given every lane's progress. */
  next(wallMs: number, lanes: readonly LaneProgress[]): Decision {
    const live = lanes.flatMap((lane, index) => (lane.live ? [{ lane, index }] : []));
    if (live.length === 0) return { kind: 'idle' };

    // Lanes short of the target: drive them there. A lane restarted at t = 0 catches up
    // in chunk-sized steps, so its worker never blocks long enough to look hung.
    const short = live.filter(({ lane }) => lane.nowNs < this.targetNs);
    if (short.length > 0) {
      const steps = short
        .filter(({ lane }) => lane.requestedNs <= lane.nowNs)
        .map(({ lane, index }) => ({ lane: index, ns: this.stepFor(lane) }));
      return steps.length > 0 ? { kind: 'step', steps, round: false } : { kind: 'wait-lanes' };
    }

    if (this.roundStartWall !== null) this.endRound(wallMs);
    this.commonNs = this.targetNs;
    if (!this.playing) return { kind: 'idle' };

    const next = this.nextTarget(wallMs);
    if (typeof next !== 'number') return next;
    this.targetNs = next;
    this.roundStartWall = wallMs;
    this.roundFromNs = this.commonNs;
    this.lastRoundWall = wallMs;
    return {
      kind: 'step',
      steps: live.map(({ lane, index }) => ({ lane: index, ns: this.stepFor(lane) })),
      round: true,
    };
  }

  /** A lane in the current round steps to the target; one behind the common time, a chunk. */
  private stepFor(lane: LaneProgress): number {
    if (lane.nowNs >= this.commonNs) return this.targetNs - lane.nowNs;
    return Math.min(this.commonNs - lane.nowNs, this.chunk);
  }

  /** The next round's target, or why there is none yet. */
  private nextTarget(wallMs: number): number | Decision {
    const from = this.targetNs;
    if (this.speedValue === 'max') return from + this.chunk;
    const sinceLast = wallMs - this.lastRoundWall;
    if (sinceLast < MIN_ROUND_MS) return { kind: 'wait-time', ms: MIN_ROUND_MS - sinceLast };
    const nsPerMs = NS_PER_WALL_MS * this.speedValue;
    let allowed = this.anchorSim + (wallMs - this.anchorWall) * nsPerMs;
    if (allowed - (from + this.chunk) > MAX_DEBT_WALL_MS * nsPerMs) {
      // The lanes cannot keep up: give the debt up and pace from here.
      this.reanchor(wallMs, from + this.chunk);
      allowed = from + this.chunk;
    }
    const step = quantise(Math.min(allowed, from + this.chunk) - from);
    if (step < QUANTUM_NS) {
      return {
        kind: 'wait-time',
        ms: Math.max(1, Math.ceil((from + QUANTUM_NS - allowed) / nsPerMs)),
      };
    }
    return from + step;
  }

  /** Sizes the next chunk from how fast the slowest lane got through this round. */
  private endRound(wallMs: number): void {
    const elapsed = Math.max(1, wallMs - (this.roundStartWall ?? wallMs));
    const advanced = this.targetNs - this.roundFromNs;
    this.roundStartWall = null;
    // Rounds cut short by the pace say little about the lanes' speed, unless they were slow.
    if (advanced >= this.chunk / 2 || elapsed > ROUND_TARGET_MS) {
      const wanted = (advanced / elapsed) * ROUND_TARGET_MS;
      const bounded = Math.min(this.chunk * 2, Math.max(this.chunk / 2, wanted));
      this.chunk = quantise(Math.min(MAX_CHUNK_NS, Math.max(MIN_CHUNK_NS, bounded)));
    }
    this.marks.push([wallMs, this.targetNs]);
    while (this.marks.length > 2 && wallMs - this.marks[1]![0] > SPEED_WINDOW_MS) {
      this.marks.shift();
    }
  }

  private reanchor(wallMs: number, simNs: number): void {
    this.anchorWall = wallMs;
    this.anchorSim = simNs;
  }
}

function quantise(ns: number): number {
  return Math.floor(ns / QUANTUM_NS) * QUANTUM_NS;
}
