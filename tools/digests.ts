/**
 * `npm run digests` prints every preset's digests (results and pcaps, src/sim/digests);
 * `npm run digests -- --write` commits them to src/sim/digests/preset-digests.json after a
 * change that moves behaviour on purpose.
 */
import { writeFileSync } from 'node:fs';
import { allPresetDigests } from '../src/sim/digests/preset-digests.ts';

const digests = allPresetDigests();
const text = `${JSON.stringify(digests, null, 2)}\n`;
if (process.argv.includes('--write')) {
  writeFileSync(new URL('../src/sim/digests/preset-digests.json', import.meta.url), text);
  process.stderr.write('wrote src/sim/digests/preset-digests.json\n');
} else {
  process.stdout.write(text);
}
