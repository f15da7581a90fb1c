import { useLab } from '../state/store.ts';
import { describeAchieved, formatSimTime } from './speed.ts';
import { SpeedSelect } from './SpeedSelect.tsx';

/** Play/pause, step, reset, speed, simulated time and the speed actually achieved. */
export function Transport() {
  // The button shows what the user asked for at once (the worker's state follows it); a
  // failed worker plays nothing until it is restarted.
  const failed = useLab((s) => s.health !== 'running');
  const playing = useLab((s) => s.wantPlaying) && !failed;
  const speed = useLab((s) => s.speed);
  const togglePlay = useLab((s) => s.togglePlay);
  const step = useLab((s) => s.step);
  const reset = useLab((s) => s.reset);
  const setSpeed = useLab((s) => s.setSpeed);

  return (
    <div className="transport" role="group" aria-label="Simulation controls">
      <button type="button" onClick={togglePlay} disabled={failed} aria-keyshortcuts="Space">
        <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span> {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" onClick={step} disabled={failed} title="Advance 1 ms of simulated time">
        Step 1 ms
      </button>
      <button
        type="button"
        onClick={reset}
        disabled={failed}
        title="Back to t = 0 with the same scenario"
      >
        Reset
      </button>
      <SpeedSelect speed={speed} onChange={setSpeed} />
      <SimTime />
      <AchievedSpeed />
    </div>
  );
}

function SimTime() {
  const nowNs = useLab((s) => s.nowNs);
  const playing = useLab((s) => s.runState === 'playing');
  return (
    <output className="sim-time" aria-label="Simulated time">
      {formatSimTime(nowNs, playing)}
    </output>
  );
}

function AchievedSpeed() {
  const playing = useLab((s) => s.runState === 'playing');
  const speed = useLab((s) => s.speed);
  const achieved = useLab((s) => s.achievedSpeed);
  const behind = useLab((s) => s.behind);
  const text = describeAchieved(playing, speed, achieved, behind);
  return (
    <span
      className={behind && playing ? 'achieved achieved--behind' : 'achieved'}
      aria-label="Achieved speed"
    >
      {text}
    </span>
  );
}
