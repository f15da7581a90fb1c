import { useMemo } from 'react';
import { download, fileStem } from '../export/download.ts';
import { useLab } from '../state/store.ts';
import { SweepChart } from './SweepChart.tsx';
import { baselineOf, chartModel, readingGroups } from './sweep-chart-model.ts';
import { cliCommand, SCENARIO_FILE } from './sweep-plan.ts';
import { offloadReading } from './sweep-reading.ts';
import { runCsv } from './sweep-run.ts';

/** The chart, the "where offload pays" reading and the exports of the current sweep. */
export function SweepResults() {
  const plan = useLab((s) => s.sweepRun?.plan);
  const outcomes = useLab((s) => s.sweepRun?.outcomes);
  // Rebuilt when a point finishes, not on every progress message.
  const model = useMemo(
    () => (plan && outcomes ? chartModel(plan, outcomes) : null),
    [plan, outcomes],
  );
  if (!plan || !model) return null;
  const baseline = baselineOf(plan.architectures);
  const lines = offloadReading(readingGroups(model), baseline);
  const finished = model.points.length;

  return (
    <>
      <SweepChart model={model} />
      <section className="sweep-panel sweep-reading" aria-labelledby="sweep-reading-title">
        <h3 id="sweep-reading-title">
          Where offload pays <span className="sweep-muted">vs {baseline}</span>
        </h3>
        {lines.length === 0 ? (
          <p className="sweep-muted">Appears as points finish.</p>
        ) : (
          <ul aria-label="Where offload pays">
            {lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </section>
      <section className="sweep-panel sweep-export" aria-labelledby="sweep-export-title">
        <h3 id="sweep-export-title">Data</h3>
        <div className="sweep-export__buttons">
          <button
            type="button"
            disabled={finished === 0}
            onClick={() => {
              const run = useLab.getState().sweepRun;
              if (run) download(`sweep-${fileStem(plan.parameter.path)}.csv`, runCsv(run), 'csv');
            }}
          >
            Download CSV
          </button>
          <button
            type="button"
            onClick={() =>
              download(SCENARIO_FILE, `${JSON.stringify(plan.base, null, 2)}\n`, 'json')
            }
          >
            Download scenario
          </button>
        </div>
        <p className="sweep-muted">The same CSV from the command line, with the scenario file:</p>
        <code className="sweep-command" aria-label="Command line">
          {cliCommand(plan)}
        </code>
      </section>
    </>
  );
}
