import type { Bound } from './bindings.ts';
import type { Paragraph, Template, When } from './story-types.ts';

/** A template cut into literal text and `{name}` placeholders. */
export type Token = { kind: 'text'; text: string } | { kind: 'value'; name: string };

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

export function parseTemplate(template: Template): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match.index > at) tokens.push({ kind: 'text', text: template.slice(at, match.index) });
    tokens.push({ kind: 'value', name: match[1]! });
    at = match.index + match[0].length;
  }
  if (at < template.length) tokens.push({ kind: 'text', text: template.slice(at) });
  return tokens;
}

export function isWhen(part: Template | When): part is When {
  return typeof part !== 'string';
}

/** The parts of a paragraph in order (a lone template is one part). */
export function partsOf(paragraph: Paragraph): readonly (Template | When)[] {
  return typeof paragraph === 'string' ? [paragraph] : paragraph;
}

/** Every binding name a paragraph mentions: placeholders and conditions. */
export function namesIn(paragraph: Paragraph): string[] {
  const names: string[] = [];
  const fromTemplate = (t: Template) => {
    for (const token of parseTemplate(t)) if (token.kind === 'value') names.push(token.name);
  };
  for (const part of partsOf(paragraph)) {
    if (!isWhen(part)) {
      fromTemplate(part);
      continue;
    }
    names.push(part.when);
    fromTemplate(part.then);
    if (part.else !== undefined) fromTemplate(part.else);
  }
  return names;
}

/** Whether a condition holds for a live value. */
export function holds(when: When, bound: Bound): boolean {
  if (when.is !== undefined && !(bound.key !== null && when.is.includes(bound.key))) return false;
  if (when.above !== undefined && !(bound.value !== null && bound.value > when.above)) return false;
  return true;
}
