import { getPreset, type ScenarioInput } from '../../../protocol/scenario.ts';

type Sections = Omit<ScenarioInput, 'version'>;

/**
 * A step's scenario: a built-in preset with some fields changed. Sections (`nic`,
 * `workload`, …) merge field by field, so a step names only what it changes; lists
 * (`events`) replace the preset's.
 */
export function fromPreset(id: string, changes: Sections = {}): ScenarioInput {
  const preset = getPreset(id);
  if (!preset) throw new Error(`walkthrough: no preset ${id}`);
  const base = preset.scenario as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    const before = base[key];
    const isSection = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    merged[key] =
      isSection(before) && isSection(value)
        ? { ...(before as object), ...(value as object) }
        : value;
  }
  return merged as ScenarioInput;
}
