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

test('fail-over: port 0 goes down (logged as fired), a route change moves its peer to port 1, traffic resumes', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await poll(() => simSeconds(page)).toBeGreaterThan(0.1);
  await page.getByRole('textbox', { name: 'for' }).fill('60000');
  await page.getByRole('button', { name: 'Link down' }).click();
  // A fired event is logged as fired, with the parameters it was given.
  const log = page.getByRole('region', { name: /Event log/ });
  await expect(log).toContainText('port 0 link down for 60000 ms');
  await shot(page, info, 'event-fired');
  await page.getByRole('combobox', { name: 'via' }).selectOption('1');
  await expect(page.getByRole('button', { name: 'Route change' })).toHaveAccessibleDescription(
    "peer 0's traffic leaves by port 1",
  );
  await page.getByRole('button', { name: 'Route change' }).click();
  await expect(log).toContainText('moves to port 1');
  const firedAt = await simSeconds(page);
  // After the retransmission timeout the connection delivers again, now through port 1.
  // The readout is the mean of the last 25 samples (250 ms at 1×), redrawn every 250 ms:
  // half a simulated second on, none of what it shows is from before the route change.
  await poll(() => simSeconds(page), { timeout: 15_000 }).toBeGreaterThan(firedAt + 0.5);
  await poll(async () => (await readouts(page))['port 0 TX'] ?? 0, {
    timeout: 10_000,
  }).toBeGreaterThan(100);
  await shot(page, info, 'fail-over');
  expect(problems).toEqual([]);
});
