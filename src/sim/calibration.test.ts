/**
 * DESIGN.md §7's calibrations (issue 13): what a cost was fitted to. They hold by
 * construction — a failure means a fitted parameter no longer fits — and prove nothing
 * alone; the evidence is in validation.test.ts. Each cites its source in
 * src/sim/model-card/checks.ts, where the fitted values are named.
 */
import { describe } from 'vitest';
import { checkTests } from './check-suite.ts';
import { CHECKS } from './model-card/checks.ts';

for (const check of CHECKS.filter((c) => c.kind === 'calibration')) {
  describe(`${check.id} (calibration, fitted: ${check.fitted ?? 'nothing'}): ${check.title} — ${check.source}`, () => {
    checkTests(check);
  });
}
