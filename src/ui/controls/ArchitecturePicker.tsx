import { useId } from 'react';
import { ARCHITECTURE_SUMMARIES } from '../architectures.ts';
import { useLab } from '../state/store.ts';

/** The five architectures (DESIGN.md §2), each with its one-line explanation. */
export function ArchitecturePicker() {
  const id = useId();
  const summaryId = `${id}-summary`;
  const architecture = useLab((s) => s.drafts.architecture ?? s.input.architecture ?? 'host-stack');
  const error = useLab((s) => s.fieldErrors.architecture);
  const setField = useLab((s) => s.setField);
  const summary = ARCHITECTURE_SUMMARIES.find((a) => a.id === architecture);
  return (
    <div className="picker picker--architecture">
      <label htmlFor={id}>Architecture</label>
      <select
        id={id}
        value={architecture}
        aria-describedby={summaryId}
        aria-invalid={error ? true : undefined}
        onChange={(e) =>
          setField(
            'architecture',
            e.target.value,
            e.target.value,
            `architecture = ${e.target.value}`,
          )
        }
      >
        {ARCHITECTURE_SUMMARIES.map((a) => (
          <option key={a.id} value={a.id}>
            {a.title} ({a.id})
          </option>
        ))}
      </select>
      <p id={summaryId} className="picker__summary">
        {error ?? summary?.summary}
      </p>
    </div>
  );
}
