import type { StateCreator } from 'zustand';
import type {
  FireableEvent,
  FromWorker,
  RunState,
  SeriesInfo,
  Speed,
} from '../../protocol/messages.ts';
import type { Scenario } from '../../protocol/scenario.ts';
import type { LabDeps, LabState } from './store-types.ts';

/** One press of "step": 1 ms of simulated time. */
export const STEP_NS = 1_000_000;

type Status = Extract<FromWorker, { type: 'status' }>;

/** The running session as the worker reports it, and the transport controls. */
export interface RunSlice {
  session: number;
  /** The validated scenario of the running session (defaults filled in). */
  scenario: Scenario | null;
  series: readonly SeriesInfo[];
  runState: RunState;
  /** What the user asked for; the worker's own state follows on its next status. */
  wantPlaying: boolean;
  nowNs: number;
  speed: Speed;
  achievedSpeed: number | null;
  behind: boolean;
  eventsPerSecond: number;
  play(): void;
  pause(): void;
  togglePlay(): void;
  step(): void;
  reset(): void;
  setSpeed(speed: Speed): void;
  fire(event: FireableEvent): void;
  sessionBegan(msg: Extract<FromWorker, { type: 'session' }>): void;
  statusReceived(msg: Status): void;
}

export function createRunSlice(deps: LabDeps): StateCreator<LabState, [], [], RunSlice> {
  return (set, get) => ({
    session: 0,
    scenario: null,
    series: [],
    runState: 'paused',
    wantPlaying: false,
    nowNs: 0,
    speed: 1,
    achievedSpeed: null,
    behind: false,
    eventsPerSecond: 0,
    play() {
      set({ wantPlaying: true });
      deps.send({ type: 'play' });
    },
    pause() {
      set({ wantPlaying: false });
      deps.send({ type: 'pause' });
    },
    togglePlay() {
      if (get().wantPlaying) get().pause();
      else get().play();
    },
    step() {
      set({ wantPlaying: false });
      deps.send({ type: 'step', ns: STEP_NS });
    },
    reset() {
      set({ wantPlaying: false });
      deps.send({ type: 'reset' });
    },
    setSpeed(speed) {
      set({ speed });
      deps.send({ type: 'speed', speed });
    },
    fire(event) {
      deps.send({ type: 'fire', event });
    },
    sessionBegan(msg) {
      set({ session: msg.session, scenario: msg.scenario, series: msg.series, nowNs: 0 });
    },
    statusReceived(msg) {
      if (msg.session !== get().session) return;
      const s = get();
      // Only what changed, so components that read one field re-render only for it.
      const next: Partial<RunSlice> = {};
      if (s.runState !== msg.state) next.runState = msg.state;
      if (s.nowNs !== msg.nowNs) next.nowNs = msg.nowNs;
      if (s.achievedSpeed !== msg.achievedSpeed) next.achievedSpeed = msg.achievedSpeed;
      if (s.behind !== msg.behind) next.behind = msg.behind;
      if (s.eventsPerSecond !== msg.eventsPerSecond) next.eventsPerSecond = msg.eventsPerSecond;
      if (Object.keys(next).length > 0) set(next);
    },
  });
}
