import type { StateCreator } from 'zustand';
import {
  formatScenarioErrors,
  getPreset,
  parseScenario,
  PRESETS,
  type ScenarioError,
  type ScenarioInput,
} from '../../protocol/scenario.ts';
import type { LabState, LabDeps } from './store-types.ts';
import { withValue } from './scenario-paths.ts';

/**
 * The scenario the user is running and editing. An edit is validated with the schema at
 * once; a valid one is sent to the worker as a new session and becomes `input` only when
 * the worker accepts it, so a refused edit leaves the running simulation untouched.
 */
export interface ScenarioSlice {
  presetId: string | null;
  /** The scenario of the running session, as written (defaults not filled in). */
  input: ScenarioInput;
  /** An edit sent to the worker and not yet answered. */
  pending: { input: ScenarioInput; path: string; presetId: string | null; what: string } | null;
  /** What a field shows while its edit is refused (the user's own text). */
  drafts: Readonly<Record<string, string>>;
  /** One message per field path, shown at the field. */
  fieldErrors: Readonly<Record<string, string>>;
  /** What the last applied change did, in words. */
  notice: string | null;
  choosePreset(id: string): void;
  /**
   * Runs a whole scenario (an imported file, a walkthrough step) as a new session; `what`
   * names it in the notice. Refused scenarios leave the running one untouched.
   */
  loadScenario(input: ScenarioInput, what: string, presetId?: string | null): void;
  /** `shown` is the user's text, kept in the field if the value is refused. */
  setField(path: string, value: unknown, shown: string, what: string): void;
  /** Forget a field's refused draft and message (Escape). */
  revertField(path: string): void;
  /** The worker started a session: a pending edit is now the running scenario. */
  sessionStarted(): void;
  /** The worker refused a scenario or an event. */
  refused(errors: readonly ScenarioError[]): void;
}

export const DEFAULT_PRESET = '4x1g-bulk-send';

/** The `pending.path` of a change that replaces the whole scenario. */
const WHOLE = 'scenario';

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

export function createScenarioSlice(deps: LabDeps): StateCreator<LabState, [], [], ScenarioSlice> {
  const initial = getPreset(DEFAULT_PRESET) ?? PRESETS[0]!;
  return (set, get) => ({
    presetId: initial.id,
    input: initial.scenario,
    pending: null,
    drafts: {},
    fieldErrors: {},
    notice: null,
    choosePreset(id) {
      const preset = getPreset(id);
      if (!preset) return;
      get().loadScenario(preset.scenario, `preset “${preset.title}”`, id);
    },
    loadScenario(input, what, presetId = null) {
      set({ pending: { input, path: WHOLE, presetId, what } });
      deps.send({
        type: 'load',
        scenario: input,
        speed: get().speed,
        play: get().wantPlaying,
      });
    },
    setField(path, value, shown, what) {
      const candidate = withValue(get().input, path, value);
      const parsed = parseScenario(candidate);
      if (!parsed.ok) {
        set((s) => ({
          drafts: { ...s.drafts, [path]: shown },
          fieldErrors: { ...s.fieldErrors, [path]: formatScenarioErrors(parsed.errors) },
        }));
        return;
      }
      set((s) => ({
        pending: { input: candidate, path, presetId: null, what },
        drafts: { ...s.drafts, [path]: shown },
      }));
      deps.send({
        type: 'load',
        scenario: candidate,
        speed: get().speed,
        play: get().wantPlaying,
      });
    },
    revertField(path) {
      set((s) => ({ drafts: without(s.drafts, path), fieldErrors: without(s.fieldErrors, path) }));
    },
    sessionStarted() {
      const pending = get().pending;
      if (!pending) return;
      const whole = pending.path === WHOLE;
      set((s) => ({
        input: pending.input,
        presetId: whole ? pending.presetId : null,
        pending: null,
        drafts: whole ? {} : without(s.drafts, pending.path),
        fieldErrors: whole ? {} : without(s.fieldErrors, pending.path),
        notice: `Applied ${pending.what}: the simulation restarted from t = 0 with the new scenario.`,
      }));
    },
    refused(errors) {
      const pending = get().pending;
      const message = formatScenarioErrors(errors);
      if (!pending || pending.path === WHOLE) {
        set({ pending: null, notice: `Not applied: ${message}` });
        return;
      }
      set((s) => ({
        pending: null,
        fieldErrors: { ...s.fieldErrors, [pending.path]: message },
        notice: null,
      }));
    },
  });
}
