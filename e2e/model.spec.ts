import { expect, openLab, shot, test, watchConsole } from './lab-helpers.ts';

test('the Model view shows the calibrations, validations, parameters and cards with sources', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  await page.goto('/?view=model');
  const card = page.getByRole('main', { name: 'Model card' });
  await expect(card.getByRole('heading', { name: 'Model card' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Model' }),
  ).toHaveAttribute('aria-pressed', 'true');

  const calibrations = card.getByRole('table', { name: 'Calibrations' });
  await expect(calibrations.getByRole('row', { name: /^R2 / })).toContainText('within');
  await expect(calibrations.getByRole('row', { name: /^R2 / })).toContainText(
    'txPerPacketCycles 5,000',
  );

  const validations = card.getByRole('table', { name: 'Validations' });
  const v1 = validations.getByRole('row', { name: /^V1 / });
  await expect(v1).toContainText('7,600 Mbit/s sockets-level');
  await expect(v1).toContainText(/[\d,]+ Mbit\/s, PCI-X \d+ % busy/);
  await expect(v1).toContainText('Hot Interconnects 2005');
  await expect(validations.getByRole('row', { name: /^V4 / })).toContainText('not confirmed');
  await expect(validations.getByRole('row', { name: /^V5 / })).toContainText(
    /host-stack [\d.]+ B\/B, full-toe [\d.]+ B\/B/,
  );

  const parameters = card.getByRole('table', { name: 'Parameters' });
  const line = parameters.getByRole('row', { name: /^cacheLineBytes/ });
  await expect(line).toContainText('64');
  await expect(line).toContainText('estimate');
  await expect(parameters.getByRole('row', { name: /^copyTxCyclesPerByte/ })).toContainText(
    'fitted to R2',
  );

  await card.getByText('chelsio-t110', { exact: true }).click();
  const chelsio = card.getByRole('table', { name: 'chelsio-t110 values' });
  await expect(chelsio.getByRole('row', { name: /^costs\.pciOutstandingReads/ })).toContainText(
    '8 outstanding transactions',
  );
  await expect(card.getByRole('heading', { name: 'What is not modelled' })).toBeVisible();
  await shot(page, info, 'model-view');
  expect(problems).toEqual([]);
});

test('a chart’s info button links to the parameters it depends on', async ({ page }, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByLabel('Parameters behind Throughput per port (goodput)').first().click();
  const list = page.getByRole('group', { name: 'Parameters behind Throughput per port (goodput)' });
  await expect(list).toContainText('maxInterruptsPerSecond');
  await list.getByRole('button', { name: 'nicRxFifoBytes' }).click();
  const row = page
    .getByRole('table', { name: 'Parameters' })
    .getByRole('row', { name: /^nicRxFifoBytes/ });
  await expect(row).toHaveAttribute('aria-current', 'true');
  await expect(row).toContainText('E1000_PBA_48K');
  await expect(row).toBeInViewport();
  await shot(page, info, 'model-focus');
  expect(problems).toEqual([]);
});
