import { useLab } from '../state/store.ts';
import { progressText, runProgress, type SweepRun } from './sweep-run.ts';

/**
 * Overall progress (simulated time done over the sweep's total) and what the sweep is
 * doing, in words: running on how many workers, done in how long, or cancelled.
 */
export function SweepProgress() {
  const run = useLab((s) => s.sweepRun);
  if (!run) return null;
  const progress = runProgress(run);
  const percent = Math.floor(progress.fraction * 100);
  const text = progressText(progress);
  return (
    <div className={`sweep-progress sweep-progress--${run.status}`}>
      <div
        className="sweep-progress__bar"
        role="progressbar"
        aria-label="Sweep progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text}
      >
        <div className="sweep-progress__fill" style={{ width: `${progress.fraction * 100}%` }} />
      </div>
      <span className="sweep-progress__text">{text}</span>
      <span className="sweep-progress__state" role="status" aria-label="Sweep state">
        {stateText(run)}
      </span>
    </div>
  );
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function stateText(run: SweepRun): string {
  const { done, failed, total } = runProgress(run);
  const failures = failed > 0 ? `; ${failed} failed` : '';
  const took = run.endedAt === null ? '' : ` after ${seconds(run.endedAt - run.startedAt)}`;
  switch (run.status) {
    case 'running': {
      const workers = `${run.workers} worker${run.workers === 1 ? '' : 's'}`;
      return `Running ${total} points on ${workers}${failures}…`;
    }
    case 'done':
      return `Done: ${done} of ${total} runs${took}${failures}`;
    case 'cancelled':
      return `Cancelled${took}: ${done} of ${total} runs finished, ${total - done - failed} cancelled${failures}`;
  }
}
