import {
  formatScenarioErrors,
  parseScenario,
  type Architecture,
  type ScenarioInput,
} from '../../protocol/scenario.ts';
import {
  checkPoint,
  expandGrid,
  parseSweepValue,
  type SweepAxis,
} from '../../protocol/sweep-messages.ts';
import { sweepParameter, type SweepParameter, type SweepParams } from './sweep-parameters.ts';

/**
 * From the form to the runs (issue 6): the lab's scenario with the simulated time per
 * point, the grid parameter × architecture expanded exactly as `offload-lab sweep`
 * expands `--set PARAMETER=… --set architecture=…` (the architecture varying fastest),
 * and every point validated with the scenario schema before anything runs.
 */

export const ARCHITECTURE_PATH = 'architecture';

export interface PlannedPoint {
  job: number;
  value: number | string;
  /** The value as the CSV and the command line write it. */
  text: string;
  architecture: Architecture;
  /** The point's scenario document, as written (defaults not filled in). */
  scenario: ScenarioInput;
}

export interface SweepPlan {
  parameter: SweepParameter;
  values: (number | string)[];
  architectures: Architecture[];
  durationMs: number;
  /** The lab's scenario with `durationMs` set: what every point starts from. */
  base: ScenarioInput;
  scenarioName: string;
  /** The CSV's swept columns, in `--set` order. */
  paths: [string, string];
  points: PlannedPoint[];
}

export type PlanResult = { ok: true; plan: SweepPlan } | { ok: false; message: string };

/** `"1, 2.4,3"` → [1, 2.4, 3]; empty items (a trailing comma while typing) are skipped. */
export function parseValuesText(text: string): (number | string)[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const value = parseSweepValue(item);
      return typeof value === 'number' || typeof value === 'string' ? value : item;
    });
}

/** How the CSV and the command line write a value: numbers as JavaScript prints them. */
export function valueText(value: number | string): string {
  return String(value);
}

/** "2 GHz", "65,536 B", "ports 4", "bus pci-66": a value of the parameter in words. */
export function valueLabel(parameter: SweepParameter, value: number | string): string {
  const shown = typeof value === 'number' ? value.toLocaleString('en-US') : value;
  return parameter.unit
    ? `${shown} ${parameter.unit}`
    : `${parameter.label.toLowerCase()} ${shown}`;
}

function duplicates(values: readonly (number | string)[]): (number | string)[] {
  const seen = new Set<string>();
  const twice: (number | string)[] = [];
  for (const value of values) {
    const key = valueText(value);
    if (seen.has(key)) twice.push(value);
    seen.add(key);
  }
  return twice;
}

/** The plan, or one message naming what to change; nothing runs unless every point is valid. */
export function planSweep(input: ScenarioInput, params: SweepParams): PlanResult {
  const parameter = sweepParameter(params.parameter);
  if (!parameter) return { ok: false, message: `Parameter: ${params.parameter} cannot be swept` };
  const what = `${parameter.label} (${parameter.path})`;
  if (params.values.length === 0) {
    return { ok: false, message: `Values: give at least one value of ${what}` };
  }
  const twice = duplicates(params.values);
  if (twice.length > 0) {
    return { ok: false, message: `Values: ${valueText(twice[0]!)} is given twice for ${what}` };
  }
  if (params.architectures.length === 0) {
    return { ok: false, message: 'Architectures: choose at least one' };
  }

  const base: ScenarioInput =
    params.durationMs === undefined ? input : { ...input, durationMs: params.durationMs };
  const parsedBase = parseScenario(base);
  if (!parsedBase.ok) {
    const time = parsedBase.errors.filter((e) => e.path === 'durationMs');
    return {
      ok: false,
      message:
        time.length > 0
          ? `Simulated time per point: ${formatScenarioErrors(time)}`
          : `The lab's scenario is invalid: ${formatScenarioErrors(parsedBase.errors)}`,
    };
  }

  const texts = params.values.map(valueText);
  const axes: SweepAxis[] = [
    { path: parameter.path, texts, values: params.values },
    { path: ARCHITECTURE_PATH, texts: [...params.architectures], values: params.architectures },
  ];
  const points: PlannedPoint[] = [];
  for (const [job, point] of expandGrid(axes).entries()) {
    const check = checkPoint(base, point);
    const [at, arch] = point;
    const value = params.values[texts.indexOf(at!.text)]!;
    if (!check.ok) {
      const bad = params.values.filter((v) => !checkPoint(base, [{ ...at!, value: v }]).ok);
      const more = bad.length > 1 ? ` (also ${bad.slice(1).map(valueText).join(', ')})` : '';
      return {
        ok: false,
        message: `${parameter.label} = ${valueText(value)}${parameter.unit ? ` ${parameter.unit}` : ''}: ${formatScenarioErrors(check.errors)}${more}`,
      };
    }
    points.push({
      job,
      value,
      text: at!.text,
      architecture: arch!.value as Architecture,
      scenario: check.document as ScenarioInput,
    });
  }
  return {
    ok: true,
    plan: {
      parameter,
      values: [...params.values],
      architectures: [...params.architectures],
      durationMs: parsedBase.scenario.durationMs,
      base,
      scenarioName: parsedBase.scenario.name,
      paths: [parameter.path, ARCHITECTURE_PATH],
      points,
    },
  };
}

/** The file name the "Download scenario" button gives the base scenario. */
export const SCENARIO_FILE = 'sweep-scenario.json';

/** The command line that writes the same CSV from the downloaded scenario file. */
export function cliCommand(plan: SweepPlan, file = SCENARIO_FILE): string {
  const set = (path: string, values: readonly string[]) => `--set ${path}=${values.join(',')}`;
  return [
    'npx offload-lab sweep',
    file,
    set(plan.parameter.path, plan.values.map(valueText)),
    set(ARCHITECTURE_PATH, plan.architectures),
    '--out sweep.csv',
  ].join(' ');
}
