import { expect, test } from '@playwright/test';
import { openLab, shot, simSeconds, watchConsole } from './lab-helpers.ts';

test('firing an event logs it at the current time; route change says why it is disabled', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => simSeconds(page)).toBeGreaterThan(0.05);
  await page.getByRole('button', { name: 'Link down' }).click();
  const log = page.getByRole('region', { name: /Event log/ });
  await expect(log).toContainText('port 0 link down for 200 ms');
  await expect(page.getByRole('button', { name: 'Route change' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Route change' })).toHaveAccessibleDescription(
    /not modelled yet/,
  );
  await shot(page, info, 'event-fired');
  expect(problems).toEqual([]);
});
