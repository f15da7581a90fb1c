import { expect, it } from 'vitest';
import type { Check } from './model-card/checks.ts';
import { MEASURED } from './model-card/measured.ts';
import { roundForFile } from './model-card/measured-file.ts';
import { runCheck } from './model-card/run-check.ts';

const STALE = 'the model card is out of date: run `npm run model-card`';

/**
 * The tests of one calibration or validation: the model lands within the published
 * figure's tolerance (when the figure could be confirmed), and the model card
 * (docs/MODEL.md, the Model view) shows what the model gives now.
 */
export function checkTests(check: Check): void {
  const measurement = () => runCheck(check);
  if (check.confirmed) {
    it(`the model is within ${check.tolerance} of ${check.published}`, () => {
      const m = measurement();
      expect(m.pass, m.text).toBe(true);
      const shown = MEASURED[check.id];
      expect(shown, STALE).toBeDefined();
      expect([roundForFile(m.value), m.text], STALE).toEqual([shown!.value, shown!.text]);
    });
  } else {
    it(`not confirmed (${check.published}): nothing asserted; the card shows the model’s figures`, () => {
      const m = measurement();
      expect(m.pass).toBeNull();
      expect(m.text, STALE).toBe(MEASURED[check.id]?.text);
    });
  }
}
