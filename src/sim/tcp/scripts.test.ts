/**
 * The TCP conformance suite: every packetdrill-style script under scripts/ is played
 * against the simulated stack under each profile it names (`// profiles: …`), and every
 * line must hold. `npx offload-lab tcp-script FILE.pkt` plays one with its transcript.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScript } from './script/parse.ts';
import { runScript } from './script/runner.ts';

const ROOT = path.join(import.meta.dirname, 'scripts');

function scripts(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? scripts(path.join(dir, e.name))
        : e.name.endsWith('.pkt')
          ? [path.join(dir, e.name)]
          : [],
    )
    .sort();
}

const files = scripts(ROOT);

describe('TCP conformance scripts', () => {
  it('has at least 40 scripts, each citing its source', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      expect(
        /RFC \d+|Linux/.test(text),
        `${path.relative(ROOT, file)} cites no RFC or Linux source`,
      ).toBe(true);
      expect(/\/\/ profiles?:/.test(text), `${path.relative(ROOT, file)} names no profile`).toBe(
        true,
      );
    }
  });

  for (const file of files) {
    const name = path.relative(ROOT, file).replace(/\.pkt$/, '');
    const script = parseScript(fs.readFileSync(file, 'utf8'));
    for (const profile of script.profiles ?? ['linux']) {
      it(`${name} [${profile}]`, () => {
        const result = runScript(script, { profile });
        const m = result.mismatch;
        const detail =
          m === null
            ? ''
            : `line ${m.line}\n  expected: ${m.expected}\n  actual:   ${m.actual}\n${result.transcript.join('\n')}`;
        expect(m, detail).toBeNull();
      });
    }
  }
});
