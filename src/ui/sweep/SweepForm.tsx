import { useId, useState } from 'react';
import { ARCHITECTURES, type Architecture } from '../../protocol/scenario.ts';
import { useLab } from '../state/store.ts';
import { ARCHITECTURE_COLORS } from '../theme.ts';
import { sweepParameter, SWEEP_PARAMETERS, type SweepParams } from './sweep-parameters.ts';
import { parseValuesText, valueText } from './sweep-plan.ts';

/**
 * What to sweep: the parameter, its values, the architectures, the simulated time per
 * point. Every change goes to the store's `sweep` (so the link carries it); the runs
 * start only on "Run sweep", after every point has been validated.
 */
export function SweepForm() {
  const sweep = useLab((s) => s.sweep);
  const setSweep = useLab((s) => s.setSweep);
  const labMs = useLab((s) => s.input.durationMs ?? 2000);
  const running = useLab((s) => s.sweepRun?.status === 'running');
  const problem = useLab((s) => s.sweepProblem);
  const runSweep = useLab((s) => s.runSweep);
  const cancelSweep = useLab((s) => s.cancelSweep);
  const problemId = useId();
  const parameter = sweepParameter(sweep.parameter) ?? SWEEP_PARAMETERS[0]!;

  const update = (change: Partial<SweepParams>) => setSweep({ ...sweep, ...change });

  return (
    <form
      className="sweep-form"
      aria-label="Sweep settings"
      onSubmit={(e) => {
        e.preventDefault();
        runSweep();
      }}
    >
      <ParameterSelect
        value={parameter.path}
        onChange={(path) => {
          const next = sweepParameter(path);
          if (next) update({ parameter: path, values: [...next.suggested] });
        }}
      />
      {parameter.choices ? (
        <ChoiceValues
          choices={parameter.choices}
          values={sweep.values.map(valueText)}
          onChange={(values) => update({ values })}
        />
      ) : (
        <TextValues
          key={parameter.path}
          values={sweep.values}
          unit={parameter.unit}
          onChange={(values) => update({ values })}
        />
      )}
      <ArchitectureChoices
        chosen={sweep.architectures}
        onChange={(architectures) => update({ architectures })}
      />
      <DurationField
        durationMs={sweep.durationMs}
        labMs={labMs}
        onChange={(durationMs) => {
          const next: SweepParams = { ...sweep };
          if (durationMs === undefined) delete next.durationMs;
          else next.durationMs = durationMs;
          setSweep(next);
        }}
      />
      <p className="sweep-form__hint">
        Goodput is measured over the second half of each run, as in the command line.
      </p>
      <div className="sweep-form__actions">
        <button type="submit" className="sweep-form__run" disabled={running}>
          Run sweep
        </button>
        <button type="button" disabled={!running} onClick={cancelSweep}>
          Cancel
        </button>
      </div>
      {problem ? (
        <p id={problemId} className="sweep-form__problem" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

function ParameterSelect({ value, onChange }: { value: string; onChange(path: string): void }) {
  const id = useId();
  return (
    <div className="sweep-field">
      <label htmlFor={id}>Parameter</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {SWEEP_PARAMETERS.map((p) => (
          <option key={p.path} value={p.path}>
            {p.label}
            {p.unit ? ` (${p.unit})` : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Comma-separated numbers; the text stays as typed while it is being edited. */
function TextValues({
  values,
  unit,
  onChange,
}: {
  values: readonly (number | string)[];
  unit: string;
  onChange(values: (number | string)[]): void;
}) {
  const id = useId();
  const shown = values.map(valueText).join(', ');
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <div className="sweep-field">
      <label htmlFor={id}>Values</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        spellCheck={false}
        value={draft ?? shown}
        onChange={(e) => {
          setDraft(e.target.value);
          onChange(parseValuesText(e.target.value));
        }}
        onBlur={() => setDraft(null)}
      />
      {unit ? <span className="sweep-field__unit">{unit}</span> : null}
    </div>
  );
}

function ChoiceValues({
  choices,
  values,
  onChange,
}: {
  choices: readonly string[];
  values: readonly string[];
  onChange(values: string[]): void;
}) {
  return (
    <fieldset className="sweep-choices">
      <legend>Values</legend>
      {choices.map((choice) => (
        <label key={choice}>
          <input
            type="checkbox"
            checked={values.includes(choice)}
            onChange={(e) => {
              const on = new Set(values);
              if (e.target.checked) on.add(choice);
              else on.delete(choice);
              onChange(choices.filter((c) => on.has(c)));
            }}
          />
          {choice}
        </label>
      ))}
    </fieldset>
  );
}

function ArchitectureChoices({
  chosen,
  onChange,
}: {
  chosen: readonly Architecture[];
  onChange(architectures: Architecture[]): void;
}) {
  return (
    <fieldset className="sweep-choices">
      <legend>Architectures</legend>
      {ARCHITECTURES.map((a) => (
        <label key={a}>
          <input
            type="checkbox"
            checked={chosen.includes(a)}
            onChange={(e) => {
              const on = new Set(chosen);
              if (e.target.checked) on.add(a);
              else on.delete(a);
              onChange(ARCHITECTURES.filter((x) => on.has(x)));
            }}
          />
          <span
            className="sweep-swatch"
            style={{ background: ARCHITECTURE_COLORS[a] }}
            aria-hidden="true"
          />
          {a}
        </label>
      ))}
    </fieldset>
  );
}

/** Empty: the lab scenario's duration. Text that is not a number is kept and refused on run. */
function DurationField({
  durationMs,
  labMs,
  onChange,
}: {
  durationMs: number | undefined;
  labMs: number;
  onChange(durationMs: number | undefined): void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <div className="sweep-field">
      <label htmlFor={id}>Simulated time per point</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        placeholder={String(labMs)}
        value={draft ?? (durationMs === undefined ? '' : String(durationMs))}
        onChange={(e) => {
          const text = e.target.value.trim();
          setDraft(e.target.value);
          // NaN is kept so "Run sweep" names the field instead of silently using the lab's time.
          onChange(text === '' ? undefined : Number(text));
        }}
        onBlur={() => setDraft(null)}
      />
      <span className="sweep-field__unit">ms</span>
    </div>
  );
}
