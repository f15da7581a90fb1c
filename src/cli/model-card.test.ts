import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderModelCard } from '../sim/model-card/markdown.ts';
import { MEASURED } from '../sim/model-card/measured.ts';
import { formatLike } from './format-file.ts';

describe('docs/MODEL.md', () => {
  it('is what `npm run model-card` writes from the cost table, the profiles and the measured values', async () => {
    const file = fileURLToPath(new URL('../../docs/MODEL.md', import.meta.url));
    const expected = await formatLike(file, renderModelCard(MEASURED));
    expect(
      readFileSync(file, 'utf8') === expected,
      'docs/MODEL.md is out of date: run `npm run model-card`',
    ).toBe(true);
  });
});
