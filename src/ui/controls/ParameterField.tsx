import { useId, useState, type KeyboardEvent } from 'react';
import { useLab } from '../state/store.ts';
import { valueAt } from '../state/scenario-paths.ts';
import { choiceValue, numberFromText, type FieldSpec } from './fields.ts';

/**
 * One scenario parameter. Numbers apply on Enter or when focus leaves the field; choices
 * apply on change. A refused value stays in the field with the schema's message under
 * it (aria-invalid + aria-describedby); the running simulation is not touched.
 */
export function ParameterField({ field }: { field: FieldSpec }) {
  const id = useId();
  const errorId = `${id}-error`;
  // The worker's validated scenario has the defaults filled in; the preset may leave them out.
  const applied = useLab((s) => valueAt(s.scenario ?? s.input, field.path));
  const draft = useLab((s) => s.drafts[field.path]);
  const error = useLab((s) => s.fieldErrors[field.path]);
  const setField = useLab((s) => s.setField);
  const revertField = useLab((s) => s.revertField);
  const shown = draft ?? (applied === undefined || applied === null ? '' : String(applied));
  const nullMeans = field.kind === 'number' ? field.nullMeans : undefined;
  const describe = (text: string) =>
    `${field.path} = ${text}${field.kind === 'number' && text !== 'null' ? ` ${field.unit}` : ''}`;

  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
  } as const;

  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor={id}>{field.label}</label>
      {field.kind === 'number' ? (
        <NumberInput
          key={shown}
          initial={shown}
          common={nullMeans === undefined ? common : { ...common, placeholder: nullMeans }}
          commit={(text) => {
            if (text === shown && !error) return;
            const value = numberFromText(text, nullMeans !== undefined);
            setField(field.path, value, text, describe(value === null ? 'null' : text));
          }}
          revert={() => revertField(field.path)}
        />
      ) : (
        <select
          {...common}
          value={shown}
          onChange={(e) =>
            setField(
              field.path,
              choiceValue(field, e.target.value),
              e.target.value,
              describe(e.target.value),
            )
          }
        >
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
      {field.unit && field.kind === 'number' ? (
        <span className="field__unit">{field.unit}</span>
      ) : null}
      {error ? (
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface NumberInputProps {
  initial: string;
  common: Record<string, unknown>;
  commit(text: string): void;
  revert(): void;
}

/** Holds the text being typed; remounted (by key) when the applied value changes. */
function NumberInput({ initial, common, commit, revert }: NumberInputProps) {
  const [text, setText] = useState(initial);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit(text);
    if (e.key === 'Escape') {
      setText(initial);
      revert();
    }
  };
  return (
    <input
      {...common}
      type="text"
      inputMode="decimal"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => commit(text)}
      onKeyDown={onKeyDown}
    />
  );
}
