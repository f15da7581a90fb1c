/**
 * Turning zod's issues into messages a NIC architect can act on: one line per problem,
 * naming the field's path (`nic.ports`, `events[2].port`), what is allowed and what was
 * given. The schema attaches its own wording to each field through the helpers below;
 * this module only formats paths, expands unknown keys and supplies a fallback.
 *
 * No node modules here: the browser uses the same messages.
 */

/** One problem in a scenario, at a dotted path (`''` for the whole document). */
export interface ScenarioError {
  path: string;
  message: string;
}

/** The parts of a zod issue we read (raw issues in error maps, final issues after a parse). */
interface IssueLike {
  readonly code?: string;
  readonly input?: unknown;
  readonly path?: readonly PropertyKey[];
  readonly message?: string;
  readonly keys?: readonly string[];
  readonly expected?: string;
}

const MAX_SHOWN_CHARS = 40;

/**
 * A value as the user wrote it, shortened: `12`, `"toe"`, `{"a":1}`. Written by hand
 * rather than with JSON.stringify, which recurses to the bottom of whatever it is given:
 * a file nested 10,000 levels deep overflows the stack there (and in String()), while
 * this stops as soon as it has enough characters, so its depth is bounded by them.
 */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const parts: string[] = [];
  let length = 0;
  const emit = (text: string): boolean => {
    parts.push(text);
    length += text.length;
    return length <= MAX_SHOWN_CHARS;
  };
  const write = (node: unknown): boolean => {
    if (Array.isArray(node)) {
      if (!emit('[')) return false;
      for (let i = 0; i < node.length; i++) {
        if (i > 0 && !emit(',')) return false;
        const item: unknown = node[i];
        if (!write(item === undefined || typeof item === 'function' ? null : item)) return false;
      }
      return emit(']');
    }
    if (typeof node === 'object' && node !== null) {
      if (!emit('{')) return false;
      let first = true;
      for (const [key, item] of Object.entries(node)) {
        if (item === undefined || typeof item === 'function') continue;
        if (!first && !emit(',')) return false;
        first = false;
        if (!emit(`${JSON.stringify(key)}:`) || !write(item)) return false;
      }
      return emit('}');
    }
    return emit(JSON.stringify(node) ?? String(node));
  };
  write(value);
  const text = parts.join('');
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS - 1)}…` : text;
}

/**
 * An error map for one field: `want` says what is allowed ("must be an integer from 1
 * to 8"); the message adds what was given, or says the field is required.
 */
export function mustBe(want: string): (issue: IssueLike) => string {
  return (issue) =>
    issue.input === undefined ? `required; ${want}` : `${want} (got ${showValue(issue.input)})`;
}

/** Numbers in messages without float noise or exponent surprises: 1000000, 0.001, 1e15. */
export function showNumber(value: number): string {
  if (Math.abs(value) >= 1e12 && Number.isInteger(value)) return value.toExponential();
  return String(value);
}

/** `['events', 2, 'port']` → `events[2].port`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text;
}

/**
 * The error map passed to every parse: reached only by issues whose schema has no
 * wording of its own (which the schema tries to avoid), so it stays generic.
 */
export function fallbackMessage(issue: IssueLike): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `required; must be ${article(issue.expected)}`;
      return `must be ${article(issue.expected)} (got ${showValue(issue.input)})`;
    case 'unrecognized_keys':
      return 'unknown field';
    default:
      return `invalid value (got ${showValue(issue.input)})`;
  }
}

function article(expected: string | undefined): string {
  switch (expected) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'int':
      return 'an integer';
    case undefined:
      return 'a value';
    default:
      return `a ${expected}`;
  }
}

/**
 * Final zod issues → scenario errors. An unknown-keys issue becomes one error per key,
 * at the key's own path, so `host.cpuMhz` is named rather than `host`.
 */
export function toScenarioErrors(issues: readonly IssueLike[]): ScenarioError[] {
  const errors: ScenarioError[] = [];
  for (const issue of issues) {
    const path = issue.path ?? [];
    const message = issue.message ?? fallbackMessage(issue);
    if (issue.code === 'unrecognized_keys' && issue.keys !== undefined) {
      for (const key of issue.keys) errors.push({ path: formatPath([...path, key]), message });
    } else {
      errors.push({ path: formatPath(path), message });
    }
  }
  return errors;
}

/** One line per error: `nic.ports: must be an integer from 1 to 8 (got 12)`. */
export function formatScenarioErrors(errors: readonly ScenarioError[]): string {
  return errors
    .map((error) => `${error.path === '' ? '(scenario)' : error.path}: ${error.message}`)
    .join('\n');
}
