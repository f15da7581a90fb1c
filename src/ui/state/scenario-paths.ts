import type { Scenario, ScenarioInput } from '../../protocol/scenario.ts';

/** A plain JSON object (scenario sections are nothing else). */
type Json = Record<string, unknown>;

/** The value at a dotted path (`nic.ports`) of a scenario as written, or undefined. */
export function valueAt(input: ScenarioInput | Scenario, path: string): unknown {
  let node: unknown = input;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** A copy of `input` with the value at `path` replaced; sections on the way are copied too. */
export function withValue(input: ScenarioInput, path: string, value: unknown): ScenarioInput {
  const keys = path.split('.');
  const copy = (node: unknown, depth: number): Json => {
    const base: Json = typeof node === 'object' && node !== null ? { ...(node as Json) } : {};
    const key = keys[depth]!;
    base[key] = depth === keys.length - 1 ? value : copy(base[key], depth + 1);
    return base;
  };
  return copy(input, 0) as ScenarioInput;
}
