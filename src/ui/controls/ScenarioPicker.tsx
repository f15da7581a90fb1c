import { useId } from 'react';
import { PRESETS } from '../../protocol/scenario.ts';
import { useLab } from '../state/store.ts';

/** The built-in scenarios; "custom" once a parameter is edited. */
export function ScenarioPicker() {
  const id = useId();
  const presetId = useLab((s) => s.presetId);
  const choosePreset = useLab((s) => s.choosePreset);
  const description = PRESETS.find((p) => p.id === presetId)?.description;
  return (
    <div className="picker">
      <label htmlFor={id}>Scenario</label>
      <select
        id={id}
        value={presetId ?? 'custom'}
        onChange={(e) => choosePreset(e.target.value)}
        title={description}
      >
        {presetId === null ? <option value="custom">custom (edited)</option> : null}
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
    </div>
  );
}
