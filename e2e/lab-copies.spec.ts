import {
  chooseArchitecture,
  expect,
  ledgerValue,
  openLab,
  poll,
  shot,
  test,
  watchConsole,
} from './lab-helpers.ts';

test('switching host-stack → full-toe takes CPU copies per byte from 1 to 0', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await chooseArchitecture(page, 'host-stack');
  await page.getByRole('button', { name: 'Play' }).click();
  await poll(() => ledgerValue(page, 'CPU copies'), { timeout: 10_000 }).toBeCloseTo(1, 1);
  // The host-stack reference marker comes from the model once its headless run is done.
  await expect(
    page.getByRole('row', { name: /^CPU copies/ }).getByText(/^host-stack [\d.]+ copies\/B$/),
  ).toBeVisible({ timeout: 15_000 });
  await shot(page, info, 'host-stack-ledger');

  await chooseArchitecture(page, 'full-toe');
  await poll(() => ledgerValue(page, 'CPU copies'), { timeout: 10_000 }).toBe(0);
  await expect(
    page.getByRole('row', { name: /^CPU copies/ }).getByText('host-stack 1.00 copies/B'),
  ).toBeVisible({ timeout: 15_000 });
  await shot(page, info, 'full-toe-ledger');
  expect(problems).toEqual([]);
});
