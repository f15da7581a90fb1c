import type { Page } from '@playwright/test';
import {
  chooseArchitecture,
  expect,
  openLab,
  poll,
  shot,
  test,
  watchConsole,
} from './lab-helpers.ts';

const CARDS = ['intel-82546', 'broadcom-bcm5701', 'alteon-tigon2'];

async function simSeconds(page: Page): Promise<number> {
  const text = (await page.getByRole('status', { name: 'Simulated time' }).textContent()) ?? '';
  return Number(/t = ([\d.]+) s/.exec(text)?.[1] ?? NaN);
}

async function openCompareByCard(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'Compare' })
    .click();
  await page.getByRole('group', { name: 'Lanes by' }).getByRole('radio', { name: 'Card' }).check();
  const cards = page.getByRole('group', { name: 'Cards' });
  await cards.getByRole('checkbox', { name: 'ne-4port' }).uncheck();
  for (const id of CARDS) await cards.getByRole('checkbox', { name: id }).check();
}

test('compare runs three cards side by side under the lab’s architecture', async ({
  page,
}, info) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openLab(page);
  await openCompareByCard(page);
  const main = page.getByRole('main', { name: 'Compare cards' });
  await expect(main).toContainText('only the card differs');
  await page
    .getByRole('combobox', { name: 'Speed' })
    .selectOption({ label: 'as fast as possible' });
  const table = page.getByRole('table', { name: 'Summary' });
  await expect(table.getByRole('row')).toHaveCount(1 + CARDS.length);
  for (const id of CARDS)
    await expect(table.getByRole('row', { name: new RegExp(`^${id}`) })).toBeVisible();

  await page.getByRole('button', { name: 'Play' }).click();
  await poll(() => simSeconds(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(0.2);
  await page.getByRole('button', { name: 'Pause' }).click();
  // Each card as it comes: the quad-port 82546 board moves more than one-port cards.
  const throughput = async (id: string) => {
    const row = table.getByRole('row', { name: new RegExp(`^${id}`) });
    await expect(row.getByRole('cell').first()).toHaveText(/^[\d,]+\.\d$/);
    return Number(((await row.getByRole('cell').first().textContent()) ?? '').replace(/,/g, ''));
  };
  const quad = await throughput('intel-82546');
  for (const id of CARDS.slice(1)) expect(await throughput(id)).toBeLessThan(quad);
  const goodput = page.getByRole('figure', { name: /^Goodput, all ports/ });
  for (const id of CARDS) await expect(goodput.getByLabel(`${id} latest`)).toHaveText(/bit\/s/);
  await expect(page).toHaveURL(/cards=intel-82546%2Cbroadcom-bcm5701%2Calteon-tigon2/);
  await shot(page, info, 'compare-cards');
  expect(problems).toEqual([]);
});

test('a card that cannot run the lab’s architecture says so in its lane', async ({ page }) => {
  test.setTimeout(120_000);
  await openLab(page);
  await chooseArchitecture(page, 'full-toe');
  await openCompareByCard(page);
  await expect(page.getByRole('alert')).toContainText(
    'intel-82546 refused the scenario: architecture: full-toe cannot run on nic.profile intel-82546',
  );
});
