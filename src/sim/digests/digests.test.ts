import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../scenario/presets.ts';
import { presetDigest, type PresetDigest } from './preset-digests.ts';

/**
 * Issue 15: every preset's results and pcaps are what they were (committed in
 * preset-digests.json). Speed work must not move them; a model change that does is
 * committed with the new digests (`npm run digests -- --write`) and says why they moved.
 */
const COMMITTED = JSON.parse(
  readFileSync(new URL('./preset-digests.json', import.meta.url), 'utf8'),
) as Record<string, PresetDigest>;

describe('preset digests (results and pcaps) are the committed ones', () => {
  it('every preset has a committed digest', () => {
    expect(Object.keys(COMMITTED).sort()).toEqual(PRESETS.map((p) => p.id).sort());
  });

  it.each(PRESETS.map((p) => p.id))('%s', (id) => {
    const message = `${id}: its behaviour changed. If a model change moved it on purpose, run \`npm run digests -- --write\` and say in the commit which mechanism moved it and how.`;
    expect(presetDigest(id), message).toEqual(COMMITTED[id]);
  });
});
