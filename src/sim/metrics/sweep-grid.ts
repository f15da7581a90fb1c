import { parseScenario, type ScenarioError, type Scenario } from '../scenario/schema.ts';

/**
 * A sweep's grid (issue 6): axes of values at dotted scenario paths, their cross product,
 * and each point as a scenario document. The command line builds axes from `--set`, the
 * browser from its form; both expand and validate them here, so a grid means the same
 * runs in the same order everywhere.
 */

export type SweepValue = number | string | boolean | null;

/** One swept path and its values in the order given. */
export interface SweepAxis {
  path: string;
  /** The values as typed, for the CSV and progress lines. */
  texts: string[];
  values: SweepValue[];
}

/** One point of the grid: a value for every axis, in axis order. */
export type SweepPoint = { path: string; text: string; value: SweepValue }[];

/** A path that cannot be set on the document (it runs into a number, a list without an index). */
export class SweepPathError extends Error {
  override readonly name = 'SweepPathError';
}

/** `"2.4"` → 2.4, `"true"` → true, `"null"` → null, anything else stays a string. */
export function parseSweepValue(text: string): SweepValue {
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed === 'null') return null;
  if (trimmed !== '' && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed)) {
    const value = Number(trimmed);
    if (Number.isFinite(value)) return value;
  }
  return trimmed;
}

/** The cross product; the last axis varies fastest (like nested loops in axis order). */
export function expandGrid(axes: readonly SweepAxis[]): SweepPoint[] {
  let points: SweepPoint[] = [[]];
  for (const axis of axes) {
    const next: SweepPoint[] = [];
    for (const point of points) {
      axis.values.forEach((value, i) => {
        next.push([...point, { path: axis.path, text: axis.texts[i] as string, value }]);
      });
    }
    points = next;
  }
  return points;
}

/** `host.cpuGhz=2.4 architecture=full-toe` */
export function describePoint(point: SweepPoint): string {
  return point.map(({ path, text }) => `${path}=${text}`).join(' ');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of `document` with `path` set to `value`; objects on the way that the
 * document omits are created (`costs.x` on `{ version: 1 }`). The input is not changed.
 * Throws `SweepPathError` (message starting with the path) when the path runs into
 * something that is not an object.
 */
export function setPath(document: unknown, path: string, value: SweepValue): unknown {
  const segments = path.split('.');
  const root: unknown = structuredClone(document);
  if (!isPlainObject(root)) throw new SweepPathError(`${path}: the scenario is not an object`);
  let node: Record<string, unknown> | unknown[] = root;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    const where = segments.slice(0, i).join('.') || 'the scenario';
    let key: string | number = segment;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(segment)) {
        throw new SweepPathError(`${path}: ${where} is a list; expected an index, got ${segment}`);
      }
      key = Number(segment);
    }
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    const child = container[key];
    if (child === undefined) {
      const created: Record<string, unknown> = {};
      container[key] = created;
      node = created;
    } else if (isPlainObject(child) || Array.isArray(child)) {
      node = child;
    } else {
      const at = segments.slice(0, i + 1).join('.');
      throw new SweepPathError(`${path}: ${at} is not an object (got ${JSON.stringify(child)})`);
    }
  });
  return root;
}

/** The point's scenario document: `input` with every axis's value set. */
export function pointDocument(input: unknown, point: SweepPoint): unknown {
  let document = input;
  for (const { path, value } of point) document = setPath(document, path, value);
  return document;
}

export type PointCheck =
  | { ok: true; document: unknown; scenario: Scenario }
  | { ok: false; document: unknown; errors: ScenarioError[] };

/** The point's document, validated with the scenario schema (nothing runs on an invalid one). */
export function checkPoint(input: unknown, point: SweepPoint): PointCheck {
  const document = pointDocument(input, point);
  const parsed = parseScenario(document);
  return parsed.ok
    ? { ok: true, document, scenario: parsed.scenario }
    : { ok: false, document, errors: parsed.errors };
}

/** The axis an error at `errorPath` comes from (the path itself or an object on its way). */
export function axisOfError<A extends { path: string }>(
  axes: readonly A[],
  errorPath: string,
): A | undefined {
  return axes.find((axis) => axis.path === errorPath || axis.path.startsWith(`${errorPath}.`));
}
