/**
 * `npm run model-card`: runs every calibration and validation (src/sim/model-card/checks.ts)
 * and writes what the model gives — src/sim/model-card/measured.ts, which the app's Model
 * view and the tests read — then docs/MODEL.md from the cost table, the NIC profiles and
 * those values. src/sim/model-card/model-card.test.ts fails when either is out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHECKS, type Measurement } from '../sim/model-card/checks.ts';
import { renderModelCard } from '../sim/model-card/markdown.ts';
import { renderMeasured } from '../sim/model-card/measured-file.ts';
import { runCheck } from '../sim/model-card/run-check.ts';
import { formatLike } from './format-file.ts';

const measured: Record<string, Measurement> = {};
for (const check of CHECKS) {
  process.stderr.write(`${check.id} … `);
  measured[check.id] = runCheck(check);
  process.stderr.write(`${measured[check.id]!.text}\n`);
}
const root = new URL('../../', import.meta.url);
const files: [string, string][] = [
  ['src/sim/model-card/measured.ts', renderMeasured(measured)],
  ['docs/MODEL.md', renderModelCard(measured)],
];
for (const [path, text] of files) {
  const file = fileURLToPath(new URL(path, root));
  writeFileSync(file, await formatLike(file, text));
  process.stderr.write(`wrote ${path}\n`);
}
