import { useId } from 'react';
import type { Speed } from '../../protocol/messages.ts';
import { SPEEDS, speedFromKey, speedKey } from './speed.ts';

/** "Speed" and its choices, 1/1000× to as fast as possible (the lab's and compare's transport). */
export function SpeedSelect({ speed, onChange }: { speed: Speed; onChange(speed: Speed): void }) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>Speed</label>
      <select
        id={id}
        value={speedKey(speed)}
        onChange={(e) => onChange(speedFromKey(e.target.value))}
      >
        {SPEEDS.map((s) => (
          <option key={speedKey(s.value)} value={speedKey(s.value)}>
            {s.label}
          </option>
        ))}
      </select>
    </>
  );
}
