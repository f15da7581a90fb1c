import type { Nanoseconds } from '../core/time.ts';
import type { Results } from '../metrics/results.ts';
import { snapshotHalf, summarize, type HalfTimeSnapshot } from './summary.ts';
import type { Scenario, ScenarioEvent } from '../scenario/schema.ts';
import { applyEvent, scheduleEvents } from '../world/events.ts';
import { World } from '../world/world.ts';
import { WireFronts } from './wire-front.ts';

/** An event a live session fired, and exactly where in the run it happened. */
export interface FiredEvent {
  atNs: Nanoseconds;
  /**
   * Events the scheduler had run when it fired: places it among events at the same ns
   * (a session fires between steps, after everything due by then — except at t = 0
   * before the first step, when nothing has run yet).
   */
  eventsRun: number;
  event: ScenarioEvent;
}

/**
 * The world a live session runs: every second path built (so any route change can be
 * fired), the scenario's events scheduled, `observe` attached before the workload starts.
 * The live session and its replays build it here, so they build the same world.
 */
export function startLiveWorld(scenario: Scenario, observe?: (world: World) => void): World {
  const world = new World(scenario, { secondPaths: 'all' });
  scheduleEvents(world);
  observe?.(world);
  world.start();
  return world;
}

/** Results of a live session, with how they were obtained. */
export type LiveResults = Results & {
  live: {
    method: string;
    /** The session's simulated time when the results were asked for. */
    untilNs: Nanoseconds;
    firedEvents: { timeNs: Nanoseconds; event: ScenarioEvent }[];
  };
};

const METHOD =
  'Re-run headless from t = 0 to the live session’s time with the same scenario and seed, ' +
  'each event fired live applied again at the same nanosecond (same scenario + seed ⇒ the ' +
  'same run, DESIGN.md §3). Rates are over the second half of that time, as the CLI measures ' +
  'them; wallMs is the re-run’s wall time, not the live session’s.';

/**
 * A live session run again headless, from t = 0 to the time it had reached (`untilNs`,
 * after `untilEvents` events), with the events fired live applied at the same point —
 * so a capture attached through `observe` sees exactly the frames the session saw, and
 * the results are the ones a CLI run of the same history would print. Advanced in
 * pieces by whoever owns the wall clock (the worker keeps its heartbeat).
 */
export class SessionReplay {
  readonly world: World;
  private readonly halfNs: Nanoseconds;
  private next = 0;
  private half: HalfTimeSnapshot | null = null;
  private fronts: WireFronts | null = null;
  private finished = false;

  constructor(
    scenario: Scenario,
    private readonly fired: readonly FiredEvent[],
    readonly untilNs: Nanoseconds,
    private readonly untilEvents: number,
    observe?: (world: World) => void,
  ) {
    this.world = startLiveWorld(scenario, (world) => {
      this.fronts = new WireFronts(world.links);
      observe?.(world);
    });
    this.halfNs = Math.floor(untilNs / 2);
  }

  get nowNs(): Nanoseconds {
    return this.world.scheduler.now;
  }

  get done(): boolean {
    return this.finished;
  }

  /** Runs at most `maxNs` more simulated time (fewer when the end comes first). */
  advance(maxNs: Nanoseconds): void {
    const s = this.world.scheduler;
    const chunkEnd = Math.min(this.untilNs, s.now + Math.max(1, maxNs));
    while (!this.finished) {
      const fire = this.fired[this.next];
      const fireAt = fire !== undefined && fire.atNs <= this.untilNs ? fire.atNs : Infinity;
      const halfAt = this.half === null ? this.halfNs : Infinity;
      const at = Math.min(fireAt, halfAt);
      if (at > chunkEnd) {
        if (chunkEnd < this.untilNs) {
          // Before the end the session had run everything due: so does the replay.
          s.runUntil(chunkEnd);
        } else {
          this.runTo(this.untilNs, this.untilEvents);
          this.finished = true;
        }
        return;
      }
      if (at === halfAt) {
        if (halfAt > s.now) s.runUntil(halfAt);
        this.half = snapshotHalf(this.world, this.fronts ?? undefined);
      } else if (fire !== undefined) {
        this.runTo(fire.atNs, fire.eventsRun);
        const text = applyEvent(this.world, fire.event);
        this.world.log.push({ timeNs: s.now, kind: fire.event.kind, port: fire.event.port, text });
        this.next++;
      }
    }
  }

  /** The results JSON of the replayed history (call when done). */
  results(wallMs: number): LiveResults {
    if (!this.finished || this.half === null) throw new Error('the replay has not finished');
    return {
      ...summarize(this.world, this.half, wallMs),
      live: {
        method: METHOD,
        untilNs: this.untilNs,
        firedEvents: this.fired
          .filter((f) => f.atNs <= this.untilNs)
          .map((f) => ({ timeNs: f.atNs, event: f.event })),
      },
    };
  }

  /**
   * Brings the world to where the session was at `atNs` after `eventsRun` events. For
   * atNs > 0 that is everything due by atNs (the session fires between steps); at 0 a
   * session that never stepped has run nothing.
   */
  private runTo(atNs: Nanoseconds, eventsRun: number): void {
    const s = this.world.scheduler;
    if (atNs > s.now) s.runUntil(atNs - 1);
    while (s.eventsRun < eventsRun) if (!s.step()) break;
    if (atNs > s.now) s.runUntil(atNs);
  }
}
