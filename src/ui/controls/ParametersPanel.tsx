import { valueAt } from '../state/scenario-paths.ts';
import { useLab } from '../state/store.ts';
import { fieldApplies, PARAMETER_FIELDS } from './fields.ts';
import { ParameterField } from './ParameterField.tsx';

/** The side panel of key parameters; each field validates itself against the schema. */
export function ParametersPanel() {
  const kind = useLab((s) => valueAt(s.scenario ?? s.input, 'workload.kind') ?? 'bulk-send');
  return (
    <section className="panel parameters" aria-labelledby="parameters-heading">
      <h2 id="parameters-heading">Parameters</h2>
      <p className="hint">
        Enter or leave a field to apply it; a valid change restarts the simulation.
      </p>
      <div className="fields">
        {PARAMETER_FIELDS.filter((field) => fieldApplies(field, kind)).map((field) => (
          <ParameterField key={field.path} field={field} />
        ))}
      </div>
    </section>
  );
}
