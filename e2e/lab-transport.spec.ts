import {
  expect,
  openLab,
  pauseLab,
  poll,
  readouts,
  shot,
  simSeconds,
  test,
  watchConsole,
} from './lab-helpers.ts';

test('pause freezes the values, step advances 1 ms, reset returns to zero', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await poll(async () => (await readouts(page))['port 0 TX'] ?? 0, {
    timeout: 5000,
  }).toBeGreaterThan(0);
  await pauseLab(page);
  await page.waitForTimeout(400);

  const firstValues = await readouts(page);
  const firstTime = await simSeconds(page);
  await page.waitForTimeout(1000);
  expect(await readouts(page)).toEqual(firstValues);
  expect(await simSeconds(page)).toBe(firstTime);
  await shot(page, info, 'paused');

  await page.getByRole('button', { name: 'Step 1 ms' }).click();
  await poll(() => simSeconds(page)).toBeCloseTo(firstTime + 0.001, 6);
  await page.getByRole('button', { name: 'Step 1 ms' }).click();
  await poll(() => simSeconds(page)).toBeCloseTo(firstTime + 0.002, 6);
  await shot(page, info, 'stepped');

  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('status', { name: 'Simulated time' })).toHaveText('t = 0.000000 s');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await shot(page, info, 'reset');
  expect(problems).toEqual([]);
});

test('keyboard alone: space plays and pauses, controls are reachable with Tab', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.locator('body').press('Space');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await poll(() => simSeconds(page)).toBeGreaterThan(0);
  await page.locator('body').press('Space');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();

  // Tab reaches the play button and Enter presses it.
  const play = page.getByRole('button', { name: 'Play' });
  for (let i = 0; i < 10 && !(await play.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(play).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeFocused();
  await shot(page, info, 'keyboard');
  expect(problems).toEqual([]);
});
