import type { Locator, Page } from '@playwright/test';
import {
  chooseArchitecture,
  expect,
  openLab,
  poll,
  shot,
  simSeconds,
  test,
  watchConsole,
} from './lab-helpers.ts';

function packets(page: Page): Locator {
  return page.getByRole('region', { name: 'Packets' });
}

/** The frame rows in the document (the table draws those in view and a few more). */
function frameRows(table: Locator): Locator {
  return table.locator('tbody').getByRole('row');
}

/** The flags cell (column 6) of every frame row shown. */
async function flagsColumn(table: Locator): Promise<string[]> {
  return frameRows(table).locator('td:nth-child(6)').allTextContents();
}

async function applyFilter(page: Page, filter: string): Promise<void> {
  const field = packets(page).getByLabel('Filter');
  await field.fill(filter);
  await field.press('Enter');
}

test('packet list: recent frames with flags and seq; flags:S keeps SYNs; a bad filter is named and the rows stay', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  // Slowly (1 ms of simulated time takes 100 ms), so the handshake is still among the
  // frames the ring keeps however long the clicks take on a busy machine.
  const speed = page.getByRole('combobox', { name: 'Speed', exact: true });
  await speed.selectOption({ label: '1/100×' });
  await page.getByRole('button', { name: 'Play' }).click();
  await poll(() => simSeconds(page)).toBeGreaterThan(0.003);
  await page.getByRole('button', { name: 'Pause' }).click();
  // The list asks the worker only while it is on screen.
  await packets(page).scrollIntoViewIfNeeded();

  const table = packets(page).getByRole('table', { name: 'Frames on port 0' });
  await poll(() => frameRows(table).count()).toBeGreaterThan(10);
  await expect(packets(page)).toContainText(/showing [\d,]+ of [\d,]+ matching, [\d,]+ kept/);
  expect(await flagsColumn(table)).toContain('A'); // data segments and ACKs
  const seq = await frameRows(table).last().locator('td:nth-child(7)').textContent();
  expect(Number(seq)).toBeGreaterThan(0);
  await shot(page, info, 'packets-paused');

  await applyFilter(page, 'flags:S');
  await poll(() => flagsColumn(table)).toEqual(['S', 'SA']);
  await expect(packets(page)).toContainText('showing 2 of 2 matching');
  await shot(page, info, 'packets-syn');

  await applyFilter(page, 'foo:bar');
  const alert = packets(page).getByRole('alert');
  await expect(alert).toContainText('unknown filter key "foo"');
  await expect(alert).toContainText('keys: dir, flags');
  await expect(packets(page).getByLabel('Filter')).toHaveAttribute('aria-invalid', 'true');
  expect(await flagsColumn(table)).toEqual(['S', 'SA']);
  await shot(page, info, 'packets-bad-filter');

  await packets(page).getByRole('combobox', { name: 'Port', exact: true }).selectOption('1');
  const port1 = packets(page).getByRole('table', { name: 'Frames on port 1' });
  await poll(() => flagsColumn(port1)).toEqual(['S', 'SA']);
  await expect(port1).toContainText('10.0.1.2');
  expect(problems).toEqual([]);
});

// DESIGN.md §5: under snapshot the card keeps the peer's old MAC after a gratuitous ARP,
// and every frame it sends there is lost: the packet list marks them.
test('full-toe + snapshot: after a gratuitous ARP, the filter "stale" shows the frames sent to the old MAC', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await chooseArchitecture(page, 'full-toe');
  await page.getByRole('combobox', { name: 'Sync strategy' }).selectOption('snapshot');
  await expect(page.getByRole('region', { name: /ARP & routes/ })).toContainText('sync: snapshot');
  await page.getByRole('button', { name: 'Play' }).click();
  await poll(() => simSeconds(page)).toBeGreaterThan(0.02);
  await page.getByRole('button', { name: 'Gratuitous ARP' }).click();
  const fired = await simSeconds(page);
  await poll(() => simSeconds(page)).toBeGreaterThan(fired + 0.01);
  await page.getByRole('button', { name: 'Pause' }).click();

  await applyFilter(page, 'stale');
  const table = packets(page).getByRole('table', { name: 'Frames on port 0' });
  const rows = frameRows(table);
  await poll(() => rows.count()).toBeGreaterThan(0);
  await expect(rows.first()).toContainText('stale MAC');
  await expect(rows.first()).toHaveClass(/packets__row--stale/);
  await expect(rows.filter({ hasNotText: 'stale MAC' })).toHaveCount(0);
  await expect(rows.first()).toContainText('tx');
  await shot(page, info, 'packets-stale');
  expect(problems).toEqual([]);
});
