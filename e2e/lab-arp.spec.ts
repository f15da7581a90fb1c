import type { Page } from '@playwright/test';
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

async function fullToeSnapshot(page: Page): Promise<void> {
  await openLab(page);
  await chooseArchitecture(page, 'full-toe');
  await page.getByRole('combobox', { name: 'Sync strategy' }).selectOption('snapshot');
  await expect(page.getByRole('region', { name: /ARP & routes/ })).toContainText('sync: snapshot');
  await page.getByRole('button', { name: 'Play' }).click();
  await poll(() => simSeconds(page)).toBeGreaterThan(0.05);
}

// The peer announces its new MAC with a gratuitous ARP request; the host updates its
// entry, the card's snapshot keeps the old one: stale (src/sim/session-arp.test.ts).
test('ARP tables: under full-toe with snapshot a gratuitous ARP turns the card entry stale; host-stack has no shadow state', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  await fullToeSnapshot(page);
  const card = page.getByRole('table', { name: 'Card ARP table' });
  await expect(card.getByRole('row')).toHaveCount(5); // header + one peer per port
  await page.getByRole('button', { name: 'Gratuitous ARP' }).click();
  await expect(page.getByRole('region', { name: /Event log/ })).toContainText(
    'peer on port 0 moves to 02:00:00:00:10:99',
  );
  // The card learns only from ARP replies: its entry keeps the old MAC, now stale.
  const row = card.getByRole('row', { name: /^10\.0\.0\.2 / });
  await expect(row).toContainText('stale', { timeout: 5000 });
  await expect(row).not.toContainText('02:00:00:00:10:99');
  await expect(page.getByRole('table', { name: 'Host ARP table' })).toContainText(
    '02:00:00:00:10:99',
  );
  await shot(page, info, 'full-toe-after-gratuitous-arp');

  await chooseArchitecture(page, 'host-stack');
  await expect(page.getByText(/No shadow state for this architecture/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Host ARP table' })).toContainText('REACHABLE', {
    timeout: 5000,
  });
  await shot(page, info, 'host-stack-arp');
  expect(problems).toEqual([]);
});
