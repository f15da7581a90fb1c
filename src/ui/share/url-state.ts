import type { Speed } from '../../protocol/messages.ts';
import {
  ARCHITECTURES,
  formatScenarioErrors,
  getPreset,
  parseScenario,
  PRESETS,
  type Architecture,
  type ScenarioInput,
} from '../../protocol/scenario.ts';
import { COMPARE_MAX, type CompareParams } from '../compare/compare-slice.ts';
import { NIC_PROFILE_IDS } from '../../protocol/model-card.ts';
import { SPEEDS, speedKey } from '../controls/speed.ts';
import { VIEWS, type View } from '../state/nav-slice.ts';
import { withValue } from '../state/scenario-paths.ts';
import type { StoryPlace } from '../stories/story-slice.ts';
import { STORIES } from '../stories/stories.ts';
import { sweepParameter, SWEEP_PARAMETERS, type SweepParams } from '../sweep/sweep-slice.ts';

/**
 * The page's state as a URL query, both ways. The scenario is either `preset=<id>` or
 * one parameter per field, named by its path (`nic.ports=2`, `host.cpuGhz=1.2`; lists
 * such as `events` as JSON), over that preset or `{ "version": 1 }`. The view and its
 * settings have short names of their own (VIEW_KEYS).
 *
 * Reading never fails as a whole: each field is checked on its own, with the same
 * schema as the command line, and a field that is malformed or out of range is left at
 * its default and reported — the rest of the link still applies.
 */
export const VIEW_KEYS = [
  'view',
  'preset',
  'speed',
  'conn',
  'compare',
  'cards',
  'baseline',
  'sweep',
  'values',
  'archs',
  'ms',
  'story',
  'step',
] as const;

export interface LinkState {
  /** The scenario as written, or null when the link names none (the default preset runs). */
  input: ScenarioInput | null;
  /** The preset the scenario is, or null when it is edited or the link names none. */
  presetId: string | null;
  view: View;
  speed: Speed | null;
  /** The connection whose windows the lab draws. */
  connection: number | null;
  compare: CompareParams | null;
  sweep: SweepParams | null;
  story: StoryPlace | null;
}

/** One field of a link that could not be used, and what happened instead. */
export interface LinkProblem {
  field: string;
  message: string;
}

/** What a state is encoded from: the store's fields of the same names. */
export interface LinkSource {
  input: ScenarioInput;
  presetId: string | null;
  view: View;
  speed: Speed;
  connection: number;
  compare: CompareParams;
  sweep: SweepParams;
  story: StoryPlace | null;
}

/** The preset a plain link opens; a link to it names no scenario at all. */
export interface LinkDefaults {
  presetId: string;
}

// ---- writing ------------------------------------------------------------------------

type Json = Record<string, unknown>;

/** `[path, text]` for every field of a scenario as written, lists and nulls as JSON. */
export function scenarioFields(input: ScenarioInput): [string, string][] {
  const out: [string, string][] = [];
  const walk = (node: Json, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (path === 'version') continue;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        walk(value as Json, path);
      } else if (typeof value === 'string') {
        out.push([path, value]);
      } else {
        out.push([path, JSON.stringify(value)]);
      }
    }
  };
  walk(input as unknown as Json, '');
  return out;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The query (without `?`) that reopens this state; empty for the default lab. */
export function encodeLink(s: LinkSource, defaults: LinkDefaults): string {
  const q = new URLSearchParams();
  if (s.view !== 'lab') q.set('view', s.view);
  // A walkthrough step names its own scenario.
  if (s.view !== 'stories') {
    const preset = s.presetId === null ? undefined : getPreset(s.presetId);
    if (preset && sameJson(preset.scenario, s.input)) {
      if (preset.id !== defaults.presetId) q.set('preset', preset.id);
    } else {
      for (const [path, text] of scenarioFields(s.input)) q.set(path, text);
    }
  }
  if (s.speed !== 1 && s.view !== 'compare' && s.view !== 'sweep') {
    q.set('speed', speedKey(s.speed));
  }
  if (s.connection !== 0 && (s.view === 'lab' || s.view === 'stories')) {
    q.set('conn', String(s.connection));
  }
  if (s.view === 'compare') {
    if (s.compare.by === 'card') q.set('cards', s.compare.profiles.join(','));
    else q.set('compare', s.compare.architectures.join(','));
    q.set('baseline', s.compare.baseline);
  }
  if (s.view === 'sweep') {
    q.set('sweep', s.sweep.parameter);
    q.set('values', s.sweep.values.join(','));
    q.set('archs', s.sweep.architectures.join(','));
    if (s.sweep.durationMs !== undefined) q.set('ms', String(s.sweep.durationMs));
  }
  if (s.view === 'stories' && s.story) {
    q.set('story', s.story.id);
    q.set('step', String(s.story.step + 1));
  }
  return q.toString();
}

// ---- reading ------------------------------------------------------------------------

/** The values a field's text may stand for, most specific first (`12` → 12, then "12"). */
function readings(text: string): unknown[] {
  if (/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return [Number(text), text];
  if (text === 'true' || text === 'false') return [text === 'true', text];
  if (text === 'null') return [null, text];
  if (text.startsWith('[') || text.startsWith('{')) {
    try {
      return [JSON.parse(text) as unknown];
    } catch {
      return [];
    }
  }
  return [text];
}

const FALLBACK = 'the link’s value is not used; the default applies';

function readScenario(
  params: URLSearchParams,
  problems: LinkProblem[],
): { input: ScenarioInput | null; presetId: string | null } {
  let base: ScenarioInput = { version: 1 };
  let presetId: string | null = null;
  const presetText = params.get('preset');
  if (presetText !== null) {
    const preset = getPreset(presetText);
    if (preset) {
      base = preset.scenario;
      presetId = preset.id;
    } else {
      problems.push({
        field: 'preset',
        message: `preset: must be one of ${PRESETS.map((p) => p.id).join(', ')} (got "${presetText}"); ${FALLBACK}`,
      });
    }
  }
  const fields = [...params.entries()].filter(
    ([key]) => !(VIEW_KEYS as readonly string[]).includes(key),
  );
  if (fields.length === 0) return { input: presetId ? base : null, presetId };
  // Events name ports, so they are checked after nic.ports.
  fields.sort(([a], [b]) => Number(a === 'events') - Number(b === 'events'));
  let input = base;
  for (const [path, text] of fields) {
    const candidates = readings(text).map((value) => withValue(input, path, value));
    const accepted = candidates.find((c) => parseScenario(c).ok);
    if (accepted) {
      input = accepted;
      continue;
    }
    const first = candidates[0] && parseScenario(candidates[0]);
    const why =
      first && !first.ok
        ? formatScenarioErrors(first.errors)
        : `${path}: is not valid JSON (got ${text.slice(0, 40)})`;
    problems.push({ field: path, message: `${why.replace(/\n/g, '; ')}; ${FALLBACK}` });
  }
  return { input, presetId: sameJson(input, base) ? presetId : null };
}

function readList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function readArchitectures(
  field: string,
  text: string,
  min: number,
  max: number,
  problems: LinkProblem[],
): Architecture[] | null {
  const list = readList(text);
  const unknown = list.filter((a) => !(ARCHITECTURES as readonly string[]).includes(a));
  const distinct = new Set(list).size === list.length;
  if (unknown.length > 0 || !distinct || list.length < min || list.length > max) {
    problems.push({
      field,
      message: `${field}: must be ${min} to ${max} different architectures from ${ARCHITECTURES.join(', ')}, comma-separated (got "${text}"); ${FALLBACK}`,
    });
    return null;
  }
  return list as Architecture[];
}

function readCompare(
  params: URLSearchParams,
  fallback: CompareParams,
  problems: LinkProblem[],
): CompareParams | null {
  const text = params.get('compare');
  const baselineText = params.get('baseline');
  const cardsText = params.get('cards');
  if (cardsText !== null) return readCards(cardsText, baselineText, fallback, problems);
  if (text === null && baselineText === null) return null;
  // One architecture is kept: the view shows it with its "choose at least two" message.
  const architectures =
    (text !== null && readArchitectures('compare', text, 1, COMPARE_MAX, problems)) ||
    fallback.architectures;
  let baseline = architectures[0]!;
  if (baselineText !== null) {
    if ((architectures as string[]).includes(baselineText)) baseline = baselineText as Architecture;
    else {
      problems.push({
        field: 'baseline',
        message: `baseline: must be one of the compared architectures ${architectures.join(', ')} (got "${baselineText}"); ${architectures[0]} is used`,
      });
    }
  }
  return { ...fallback, by: 'architecture', architectures, baseline };
}

/** `cards=a,b,c`: lanes by NIC profile (issue 13), under the lab's architecture. */
function readCards(
  text: string,
  baselineText: string | null,
  fallback: CompareParams,
  problems: LinkProblem[],
): CompareParams {
  const list = readList(text);
  const known = NIC_PROFILE_IDS as readonly string[];
  const ok =
    list.length >= 1 &&
    list.length <= COMPARE_MAX &&
    new Set(list).size === list.length &&
    list.every((p) => known.includes(p));
  if (!ok) {
    problems.push({
      field: 'cards',
      message: `cards: must be 1 to ${COMPARE_MAX} different NIC profiles from ${NIC_PROFILE_IDS.join(', ')}, comma-separated (got "${text}"); ${FALLBACK}`,
    });
  }
  const profiles = ok ? NIC_PROFILE_IDS.filter((p) => list.includes(p)) : fallback.profiles;
  let baseline: string = profiles[0]!;
  if (baselineText !== null) {
    if ((profiles as string[]).includes(baselineText)) baseline = baselineText;
    else {
      problems.push({
        field: 'baseline',
        message: `baseline: must be one of the compared cards ${profiles.join(', ')} (got "${baselineText}"); ${profiles[0]} is used`,
      });
    }
  }
  return { ...fallback, by: 'card', profiles, baseline };
}

function readSweep(
  params: URLSearchParams,
  fallback: SweepParams,
  problems: LinkProblem[],
): SweepParams | null {
  const path = params.get('sweep');
  const valuesText = params.get('values');
  const archsText = params.get('archs');
  if (path === null && valuesText === null && archsText === null && params.get('ms') === null) {
    return null;
  }
  let parameter = sweepParameter(path ?? fallback.parameter);
  if (!parameter) {
    problems.push({
      field: 'sweep',
      message: `sweep: must be one of ${SWEEP_PARAMETERS.map((p) => p.path).join(', ')} (got "${path}"); ${FALLBACK}`,
    });
    parameter = sweepParameter(fallback.parameter)!;
  }
  let values: (number | string)[] =
    parameter.path === fallback.parameter ? fallback.values : [...parameter.suggested];
  if (valuesText !== null) {
    const list = readList(valuesText);
    const read = parameter.choices
      ? list.filter((v) => parameter.choices!.includes(v))
      : list.map(Number).filter((v) => Number.isFinite(v));
    if (read.length === list.length && list.length > 0) values = read;
    else {
      const allowed = parameter.choices ? `values from ${parameter.choices.join(', ')}` : 'numbers';
      problems.push({
        field: 'values',
        message: `values: must be comma-separated ${allowed} for ${parameter.path} (got "${valuesText}"); ${FALLBACK}`,
      });
    }
  }
  const architectures =
    (archsText !== null &&
      readArchitectures('archs', archsText, 1, ARCHITECTURES.length, problems)) ||
    fallback.architectures;
  const msText = params.get('ms');
  let durationMs = fallback.durationMs;
  if (msText !== null) {
    const ms = Number(msText);
    // The same range as the scenario's durationMs (DESIGN §6).
    if (/^\d+(\.\d+)?$/.test(msText) && ms >= 1 && ms <= 3_600_000) durationMs = ms;
    else {
      problems.push({
        field: 'ms',
        message: `ms: simulated time per point must be a number from 1 to 3600000 (got "${msText}"); ${FALLBACK}`,
      });
    }
  }
  return {
    parameter: parameter.path,
    values,
    architectures,
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
}

function readStory(params: URLSearchParams, problems: LinkProblem[]): StoryPlace | null {
  const id = params.get('story');
  if (id === null) return null;
  const story = STORIES.find((s) => s.id === id);
  if (!story) {
    problems.push({
      field: 'story',
      message: `story: must be one of ${STORIES.map((s) => s.id).join(', ')} (got "${id}"); the list of walkthroughs is shown`,
    });
    return null;
  }
  const stepText = params.get('step');
  if (stepText === null) return { id, step: 0 };
  const step = Number(stepText);
  if (!Number.isInteger(step) || step < 1 || step > story.steps.length) {
    problems.push({
      field: 'step',
      message: `step: must be an integer from 1 to ${story.steps.length} for story ${id} (got "${stepText}"); step 1 is shown`,
    });
    return { id, step: 0 };
  }
  return { id, step: step - 1 };
}

/** Reads a query (with or without `?`); never throws. */
export function decodeLink(
  search: string,
  fallbacks: { compare: CompareParams; sweep: SweepParams },
): { state: LinkState; problems: LinkProblem[] } {
  const params = new URLSearchParams(search);
  const problems: LinkProblem[] = [];
  const viewText = params.get('view');
  let view: View = 'lab';
  if (viewText !== null) {
    if ((VIEWS as readonly string[]).includes(viewText)) view = viewText as View;
    else {
      problems.push({
        field: 'view',
        message: `view: must be one of ${VIEWS.join(', ')} (got "${viewText}"); the lab is shown`,
      });
    }
  }
  let speed: Speed | null = null;
  const speedText = params.get('speed');
  if (speedText !== null) {
    const found = SPEEDS.find((s) => speedKey(s.value) === speedText);
    if (found) speed = found.value;
    else {
      problems.push({
        field: 'speed',
        message: `speed: must be one of ${SPEEDS.map((s) => speedKey(s.value)).join(', ')} (got "${speedText}"); 1 is used`,
      });
    }
  }
  let connection: number | null = null;
  const connText = params.get('conn');
  if (connText !== null) {
    const n = Number(connText);
    if (/^\d+$/.test(connText) && n < 100_000) connection = n;
    else {
      problems.push({
        field: 'conn',
        message: `conn: must be a connection number, 0 or more (got "${connText}"); connection 0 is shown`,
      });
    }
  }
  const { input, presetId } = readScenario(params, problems);
  return {
    state: {
      input,
      presetId,
      view,
      speed,
      connection,
      compare: readCompare(params, fallbacks.compare, problems),
      sweep: readSweep(params, fallbacks.sweep, problems),
      story: readStory(params, problems),
    },
    problems,
  };
}
