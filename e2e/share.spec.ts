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

test('the address bar holds the scenario and the view; opening it restores both', async ({
  page,
  context,
}, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  expect(new URL(page.url()).search).toBe(''); // the default lab is the bare address

  await page.getByRole('combobox', { name: 'Architecture' }).selectOption('full-toe');
  await expect(page.getByRole('region', { name: /^Data path/ })).toContainText('full-toe');
  const ports = page.getByRole('textbox', { name: 'Ports' });
  await ports.fill('2');
  await ports.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Applied nic.ports = 2' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '1/10×' });
  await poll(() => new URL(page.url()).searchParams.get('nic.ports')).toBe('2');
  expect(new URL(page.url()).searchParams.get('architecture')).toBe('full-toe');
  expect(new URL(page.url()).searchParams.get('speed')).toBe('0.1');

  // "Share" shows the same link (and copies it where the clipboard is allowed).
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByRole('textbox', { name: 'Link' }).inputValue();
  expect(link).toBe(page.url());

  const other = await context.newPage();
  const otherProblems = watchConsole(other);
  await other.goto(link);
  await expect(other.getByRole('combobox', { name: 'Architecture' })).toHaveValue('full-toe');
  await expect(other.getByRole('textbox', { name: 'Ports' })).toHaveValue('2');
  await expect(other.getByRole('combobox', { name: 'Speed' })).toHaveValue('0.1');
  await expect(other.getByRole('combobox', { name: 'Scenario' })).toHaveValue('custom');
  await other.getByRole('button', { name: 'Play' }).click();
  await poll(async () => Object.keys(await readouts(other)).length).toBe(4);
  await expect(other.getByRole('alert')).toHaveCount(0);

  // The view travels too: Compare → the link opens Compare, Back returns to the lab.
  await other.getByRole('button', { name: 'Compare' }).click();
  await poll(() => new URL(other.url()).searchParams.get('view')).toBe('compare');
  const compareLink = other.url();
  const third = await context.newPage();
  await third.goto(compareLink);
  await expect(third.getByRole('button', { name: 'Compare' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await other.goBack();
  await expect(other.getByRole('button', { name: 'Lab' })).toHaveAttribute('aria-pressed', 'true');
  await shot(other, info, 'opened-from-link');
  expect([...problems, ...otherProblems]).toEqual([]);
});

test('a malformed link names each bad field and keeps the rest', async ({ page }, info) => {
  const problems = watchConsole(page);
  await page.goto(
    '/?architecture=full-toe&nic.ports=99&host.cpuGhz=fast&link.mtu=9000&view=graphs',
  );
  const alert = page.getByRole('alert', { name: 'Problems with the link' });
  await expect(alert).toContainText('nic.ports: must be an integer from 1 to 8 (got 99)');
  await expect(alert).toContainText('host.cpuGhz: must be a number from 0.1 to 100');
  await expect(alert).toContainText('view: must be one of lab, compare, sweep, stories');
  await expect(alert.getByRole('listitem')).toHaveCount(3);
  // The good fields applied; the bad ones are at their defaults.
  await expect(page.getByRole('combobox', { name: 'Architecture' })).toHaveValue('full-toe');
  await expect(page.getByRole('textbox', { name: 'MTU' })).toHaveValue('9000');
  await expect(page.getByRole('textbox', { name: 'Ports' })).toHaveValue('4');
  await expect(page.getByRole('textbox', { name: 'CPU clock' })).toHaveValue('2.4');
  await expect(page.getByRole('button', { name: 'Lab' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Play' }).click();
  await poll(() => simSeconds(page)).toBeGreaterThan(0.01);
  await shot(page, info, 'malformed-link');
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('importing a bad scenario file says why and changes nothing; a good one runs', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await poll(() => simSeconds(page)).toBeGreaterThan(0.02);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import scenario…' }).click();
  await (
    await chooser
  ).setFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ version: 1, nic: { ports: 'four' }, colour: 'red' })),
  });
  const alert = page.getByRole('alert', { name: 'Problems with the imported file' });
  await expect(alert).toContainText('“bad.json” was not imported');
  await expect(alert).toContainText('nic.ports');
  await expect(alert).toContainText('colour');
  // The running lab is untouched: same architecture, 4 ports, time still advancing.
  await expect(page.getByRole('combobox', { name: 'Architecture' })).toHaveValue('host-stack');
  await expect(page.getByRole('textbox', { name: 'Ports' })).toHaveValue('4');
  const before = await simSeconds(page);
  await poll(() => simSeconds(page)).toBeGreaterThan(before);
  await shot(page, info, 'bad-import');

  const notJson = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import scenario…' }).click();
  await (
    await notJson
  ).setFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{ports: 2'),
  });
  await expect(alert).toContainText('“notes.json” was not imported');
  await expect(alert).toContainText('not valid JSON');

  const good = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import scenario…' }).click();
  await (
    await good
  ).setFiles({
    name: 'two-ports.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({ version: 1, architecture: 'card-window', nic: { ports: 2 } }),
    ),
  });
  await expect(alert).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'two-ports.json' })).toContainText(
    'restarted',
  );
  await expect(page.getByRole('combobox', { name: 'Architecture' })).toHaveValue('card-window');
  await expect(page.getByRole('textbox', { name: 'Ports' })).toHaveValue('2');
  expect(new URL(page.url()).searchParams.get('architecture')).toBe('card-window');
  expect(problems).toEqual([]);
});
