import type { Page, Worker } from '@playwright/test';
import { expect, openLab, poll, shot, simSeconds, test, watchConsole } from './lab-helpers.ts';

async function simWorker(page: Page): Promise<Worker> {
  await poll(() => page.workers().length).toBeGreaterThan(0);
  return page.workers()[page.workers().length - 1]!;
}

async function setPortsToTwo(page: Page): Promise<void> {
  const ports = page.getByRole('textbox', { name: 'Ports' });
  await ports.fill('2');
  await ports.press('Enter');
  await expect(page.getByText(/Applied nic\.ports = 2/)).toBeVisible();
}

async function expectRestartWorks(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Restart with the same scenario' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'worker' })).toHaveCount(0);
  // Nothing the user set is lost: still two ports, still playing.
  await expect(page.getByRole('textbox', { name: 'Ports' })).toHaveValue('2');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  const t = await simSeconds(page);
  await poll(() => simSeconds(page)).toBeGreaterThan(t);
}

test('a worker that throws is reported and restart works', async ({ page }, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await setPortsToTwo(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await poll(() => simSeconds(page)).toBeGreaterThan(0);

  const worker = await simWorker(page);
  await worker.evaluate(() => {
    setTimeout(() => {
      throw new Error('boom');
    });
  });
  const alert = page.getByRole('alert').filter({ hasText: 'threw' });
  await expect(alert).toContainText('boom');
  await expect(page.getByRole('button', { name: 'Play' })).toBeDisabled();
  await shot(page, info, 'worker-threw');
  await expectRestartWorks(page);
  await shot(page, info, 'worker-restarted');
  expect(problems).toEqual([]);
});

test('a worker that dies silently is noticed by its missing heartbeat and restart works', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await setPortsToTwo(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await poll(() => simSeconds(page)).toBeGreaterThan(0);

  const worker = await simWorker(page);
  await worker.evaluate(() => self.close());
  await expect(page.getByRole('alert').filter({ hasText: 'stopped responding' })).toBeVisible({
    timeout: 6000,
  });
  await shot(page, info, 'worker-silent');
  await expectRestartWorks(page);
  expect(problems).toEqual([]);
});
