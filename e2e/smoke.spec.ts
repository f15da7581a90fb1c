import { expect, shot, test } from './lab-helpers.ts';

test('the page loads without console errors and shows the product name', async ({ page }, info) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Offload Lab' })).toBeVisible();
  await expect(page).toHaveTitle('Offload Lab');
  const architecture = page.getByRole('combobox', { name: 'Architecture' });
  for (const id of ['host-stack', 'csum-tso', 'full-toe', 'card-window', 'rx-direct-placement']) {
    await expect(architecture.locator(`option[value="${id}"]`)).toHaveCount(1);
  }
  await expect(page.getByText('Linux 2.4 with a plain gigabit NIC')).toBeVisible();
  await shot(page, info, 'home');
  expect(problems).toEqual([]);
});
