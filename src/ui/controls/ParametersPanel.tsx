import { useMemo } from 'react';
import { profileUse } from '../../protocol/model-card.ts';
import { parseScenario } from '../../protocol/scenario.ts';
import { valueAt } from '../state/scenario-paths.ts';
import { useLab } from '../state/store.ts';
import { fieldApplies, PARAMETER_FIELDS } from './fields.ts';
import { ParameterField } from './ParameterField.tsx';

/** Which card the scenario runs, what overrides it, and the bus grade it holds (issue 13). */
function CardLine() {
  const input = useLab((s) => s.input);
  const setView = useLab((s) => s.setView);
  const use = useMemo(() => {
    const parsed = parseScenario(input);
    return parsed.ok ? { use: profileUse(parsed.scenario), slot: parsed.scenario.bus.kind } : null;
  }, [input]);
  if (use === null) return null;
  const { use: card, slot } = use;
  return (
    <p className="hint card-line" aria-label="NIC profile in use">
      Card: <strong>{card.name}</strong> ({card.confidence} confidence); overrides:{' '}
      {card.overrides.length > 0 ? card.overrides.join(', ') : 'none'}
      {card.busKind !== slot ? `; holds the ${slot} slot at ${card.busKind}` : ''}.{' '}
      <button type="button" className="link-button" onClick={() => setView('model')}>
        Sources
      </button>
    </p>
  );
}

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
      <CardLine />
    </section>
  );
}
