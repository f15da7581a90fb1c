import { useLab } from '../state/store.ts';

/** What happened to the worker, and the way back; nothing the user set is lost. */
export function HealthBanner() {
  const health = useLab((s) => s.health);
  const failure = useLab((s) => s.failure);
  const restart = useLab((s) => s.restart);
  if (health !== 'failed' || !failure) return null;
  const headline =
    failure.kind === 'silent'
      ? 'The simulation worker stopped.'
      : failure.kind === 'threw'
        ? 'The simulation worker threw an error.'
        : 'The simulation worker sent something unreadable.';
  return (
    <div className="health-banner" role="alert">
      <p>
        <strong>{headline}</strong> {failure.message}
      </p>
      {failure.detail ? <pre className="health-banner__detail">{failure.detail}</pre> : null}
      <p>Your scenario, parameters and speed are kept.</p>
      <button type="button" onClick={restart}>
        Restart with the same scenario
      </button>
    </div>
  );
}
