/**
 * DESIGN.md §7's validations (issue 13): published results the model was not fitted to —
 * the evidence. Each cites its source in src/sim/model-card/checks.ts; a figure that could
 * not be confirmed from its paper is marked so, and nothing is asserted against it.
 */
import { describe } from 'vitest';
import { checkTests } from './check-suite.ts';
import { CHECKS } from './model-card/checks.ts';

for (const check of CHECKS.filter((c) => c.kind === 'validation')) {
  describe(`${check.id} (validation): ${check.title} — ${check.source}`, () => {
    checkTests(check);
  });
}
