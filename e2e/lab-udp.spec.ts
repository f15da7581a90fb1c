import type { Page } from '@playwright/test';
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

/**
 * Applies a text field of the parameters panel, as a person does: type, then Enter; waits
 * for the notice that names this change (`applied`, e.g. "nic.ports = 1").
 */
async function setNumber(page: Page, label: string, value: string, applied: string): Promise<void> {
  const field = page.getByRole('textbox', { name: label, exact: true });
  await field.fill(value);
  await field.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `Applied ${applied}` })).toContainText(
    'restarted',
  );
}

/** The latest value a chart's legend shows for one series ("12,300 datagrams/s" → 12300). */
async function legendValue(page: Page, series: string): Promise<number> {
  const text = (await page.getByRole('status', { name: `${series} latest` }).textContent()) ?? '';
  const match = /^([\d,.]+)/.exec(text.trim());
  return match ? Number(match[1]!.replace(/,/g, '')) : NaN;
}

test('a UDP stream in the lab: its own parameters, the wire limit for datagrams, drops by where', async ({
  page,
}, info) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  await openLab(page);
  // The UDP parameters appear only with a UDP workload.
  await expect(page.getByRole('combobox', { name: 'UDP direction' })).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Workload' }).selectOption('udp-stream');
  await expect(
    page.getByRole('status').filter({ hasText: 'Applied workload.kind = udp-stream' }),
  ).toContainText('restarted');
  await expect(page.getByRole('combobox', { name: 'UDP direction' })).toHaveValue('send');
  await expect(page.getByRole('textbox', { name: 'UDP rate per flow' })).toHaveValue('');
  await expect(page.getByRole('textbox', { name: 'UDP rate per flow' })).toHaveAttribute(
    'placeholder',
    'as fast as possible',
  );
  await expect(page.getByRole('combobox', { name: 'UDP checksum' })).toHaveValue('true');
  // A UDP workload leaves messageBytes to its own default: one datagram per 1500-byte frame.
  await expect(page.getByRole('textbox', { name: 'Message size' })).toHaveValue('1472');

  await setNumber(page, 'Ports', '1', 'nic.ports = 1');
  await page.getByRole('button', { name: 'Play' }).click();
  // UDP's wire limit: 1472 B of payload per 1538 B on the wire, 957.1 Mbit/s.
  await poll(async () => (await readouts(page))['port 0 TX'] ?? 0, {
    timeout: 15_000,
  }).toBeGreaterThan(940);
  expect((await readouts(page))['port 0 TX']).toBeLessThanOrEqual(957.2);
  const drops = page.getByRole('figure', { name: /UDP datagrams lost, by where/ });
  await expect(drops).toBeVisible();
  await expect(drops.getByRole('button', { name: 'socket buffer full' })).toBeVisible();
  await shot(page, info, 'udp-send');

  // A rate too large for the schema is refused at the field, naming what is allowed.
  const rate = page.getByRole('textbox', { name: 'UDP rate per flow' });
  await rate.fill('0');
  await rate.press('Enter');
  await expect(
    page.getByText(
      'workload.rateMbps: must be null (as fast as possible) or a number from 0.001 to 100000 (got 0)',
    ),
  ).toBeVisible();
  // A change restarts the simulation, still playing.
  await setNumber(page, 'UDP rate per flow', '250', 'workload.rateMbps = 250 Mbit/s');
  // The readout still shows the last run's 957 until the restarted run has a sample.
  await poll(
    async () => {
      const tx = (await readouts(page))['port 0 TX'] ?? 0;
      return tx > 200 && tx < 300 ? 'paced' : `${tx} Mbit/s`;
    },
    { timeout: 15_000 },
  ).toBe('paced');

  // A slow host receiving small datagrams cannot keep up: the card's ring runs empty.
  await setNumber(page, 'UDP rate per flow', '', 'workload.rateMbps = null');
  await page.getByRole('combobox', { name: 'UDP direction' }).selectOption('receive');
  await expect(
    page.getByRole('status').filter({ hasText: 'Applied workload.direction = receive' }),
  ).toContainText('restarted');
  await setNumber(page, 'CPU clock', '1', 'host.cpuGhz = 1 GHz');
  await setNumber(page, 'Message size', '64', 'workload.messageBytes = 64 bytes');
  await poll(() => simSeconds(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
  await poll(() => legendValue(page, 'receive ring empty'), { timeout: 15_000 }).toBeGreaterThan(0);
  await shot(page, info, 'udp-receive-drops');
  expect(problems).toEqual([]);
});
