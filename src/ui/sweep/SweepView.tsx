import { useLab } from '../state/store.ts';
import { SweepForm } from './SweepForm.tsx';
import { SweepProgress } from './SweepProgress.tsx';
import { SweepResults } from './SweepResults.tsx';
import { SweepTable } from './SweepTable.tsx';
import './sweep.css';

/**
 * One parameter swept across values, every chosen architecture run headless at each
 * (DESIGN.md Q6): the picture of where offload pays and where it does not.
 */
export function SweepView() {
  const name = useLab((s) => s.input.name ?? s.scenario?.name ?? 'Untitled scenario');
  const hasRun = useLab((s) => s.sweepRun !== null);
  return (
    <main className="view sweep-view" aria-label="Sweep">
      <aside className="sweep-side">
        <h2>Sweep</h2>
        <p className="sweep-intro">
          Runs the lab’s scenario, <strong>{name}</strong>, once per value and architecture,
          headless and several at a time, then plots goodput and host CPU with each point’s
          bottleneck: where offload pays and where it stops paying (Mogul 2003; Shivam &amp; Chase
          2003). Change the scenario in the Lab view.
        </p>
        <SweepForm />
      </aside>
      <div className="sweep-main">
        <SweepProgress />
        {hasRun ? (
          <>
            <SweepResults />
            <SweepTable />
          </>
        ) : (
          <p className="sweep-panel sweep-muted sweep-empty">
            Choose a parameter, its values and the architectures, then Run sweep.
          </p>
        )}
      </div>
    </main>
  );
}
