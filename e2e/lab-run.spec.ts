import { expect, test } from '@playwright/test';
import { openLab, readouts, shot, watchConsole } from './lab-helpers.ts';

test('play: every port carries traffic within 5 s and the bottleneck is named (host CPU)', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect
    .poll(
      async () => {
        const r = await readouts(page);
        const tx = [0, 1, 2, 3].map((p) => r[`port ${p} TX`] ?? 0);
        return tx.every((v) => v > 0);
      },
      { timeout: 5000 },
    )
    .toBe(true);
  // 4 × 1 GbE on one 2.4 GHz core with the Linux 2.4 stack: the CPU runs out first.
  await expect(page.getByText(/^BOTTLENECK: host CPU \d+ %$/)).toBeVisible({ timeout: 5000 });
  await page.waitForTimeout(1500);
  const r = await readouts(page);
  for (let p = 0; p < 4; p++) expect(r[`port ${p} TX`]).toBeGreaterThan(0);
  await shot(page, info, 'playing');
  expect(problems).toEqual([]);
});
