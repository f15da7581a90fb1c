import {
  expect,
  openLab,
  poll,
  readouts,
  shot,
  simSeconds,
  test,
  watchConsole,
} from './lab-helpers.ts';

test('an invalid value is refused at the field and the simulation keeps running', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await poll(() => simSeconds(page)).toBeGreaterThan(0.05);

  const ports = page.getByRole('textbox', { name: 'Ports' });
  await ports.fill('12');
  await ports.press('Enter');
  const message = 'nic.ports: must be an integer from 1 to 8 (got 12)';
  await expect(page.getByText(message)).toBeVisible();
  await expect(ports).toHaveAttribute('aria-invalid', 'true');
  await expect(ports).toHaveAccessibleDescription(message);

  const before = await simSeconds(page);
  await poll(() => simSeconds(page)).toBeGreaterThan(before);
  expect(Object.keys(await readouts(page))).toHaveLength(8); // still 4 ports, TX and RX
  await shot(page, info, 'invalid-ports');

  // A valid value applies: the simulation restarts with two ports and says so.
  await ports.fill('2');
  await ports.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Applied nic.ports = 2' })).toContainText(
    'restarted',
  );
  await expect(ports).not.toHaveAttribute('aria-invalid', 'true');
  await poll(async () => Object.keys(await readouts(page)).length).toBe(4);
  await poll(async () => (await readouts(page))['port 1 TX'] ?? 0, {
    timeout: 5000,
  }).toBeGreaterThan(0);

  await shot(page, info, 'applied-two-ports');
  expect(problems).toEqual([]);
});

test('a boolean parameter applies as true/false and travels in the link', async ({ page }) => {
  const problems = watchConsole(page);
  await openLab(page);
  const posted = page.getByRole('combobox', { name: 'Read posted' });
  await expect(posted).toHaveValue('true');
  await posted.selectOption('false');
  await expect(
    page.getByRole('status').filter({ hasText: 'Applied workload.receiveBufferPosted = false' }),
  ).toContainText('restarted');
  await expect(posted).toHaveValue('false');
  await poll(() => new URL(page.url()).searchParams.get('workload.receiveBufferPosted')).toBe(
    'false',
  );
  expect(problems).toEqual([]);
});
