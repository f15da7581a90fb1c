import { test as base, expect, type Page, type TestInfo } from '@playwright/test';

export { expect };

/**
 * The `test` every spec uses: one browser tab per worker, not a new window per test. Each
 * test still opens the lab afresh (page.goto): a new document with its own simulation
 * worker; what carries over is the browser's cache, and the tab. The lab keeps nothing in
 * storage or cookies; routes and listeners a test added are removed after it, and a failed
 * test's worker process is discarded with its browser, as Playwright does. A new window
 * cost about 0.5 s of a busy 2-core machine per test, and Playwright's
 * `screenshot: 'only-on-failure'` photographs every page of a context as it closes (another
 * 0.2 s with the charts drawn in software); the tab's context closes once, at the end.
 * `E2E_FRESH_CONTEXT=1` gives every test a context of its own again.
 */
export const test = base.extend<object, { tab: Page | null }>({
  tab: [
    async ({ browser }, use, workerInfo) => {
      if (process.env.E2E_FRESH_CONTEXT) return use(null);
      const context = await browser.newContext({ baseURL: workerInfo.project.use.baseURL });
      await use(await context.newPage());
      await context.close();
    },
    { scope: 'worker' },
  ],
  page: async ({ tab, browser }, use, info) => {
    if (!tab) {
      const context = await browser.newContext({ baseURL: info.project.use.baseURL });
      await use(await context.newPage());
      return context.close();
    }
    await use(tab);
    if (info.status !== info.expectedStatus) return; // the worker and its tab are discarded
    await tab.unrouteAll({ behavior: 'ignoreErrors' });
    await tab.removeAllListeners();
    await tab.goto('about:blank');
  },
});

/**
 * `expect.poll` that checks every 250 ms. Its default backs off to once a second, so each
 * wait for the running simulation (values that need some simulated time) ended up to a
 * second after the page had them; a check is a cheap read of the page.
 */
export function poll<T>(
  actual: () => T | Promise<T>,
  options: { timeout?: number; message?: string } = {},
) {
  return expect.poll(actual, { intervals: [100, 250], ...options });
}

/** Console errors and uncaught page errors seen during a test; each test expects none. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

/** Opens the lab and waits until the worker has started a session. */
export async function openLab(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Offload Lab' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
  await expect(
    page.getByRole('table', { name: 'Throughput per port' }).getByRole('rowheader'),
  ).not.toHaveCount(0);
}

/**
 * Pauses the lab and waits until the worker has stopped. The button shows what the user
 * asked for at once; the worker runs on until its next status says paused (later on a
 * busy machine), and only then are the time shown and the session's results final.
 */
export async function pauseLab(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(page.getByLabel('Achieved speed')).toHaveText('paused');
}

/** The simulated time shown in the header, in seconds. */
export async function simSeconds(page: Page): Promise<number> {
  const text = (await page.getByRole('status', { name: 'Simulated time' }).textContent()) ?? '';
  const match = /t = ([\d.]+) s/.exec(text);
  if (!match) throw new Error(`no simulated time in ${JSON.stringify(text)}`);
  return Number(match[1]);
}

/**
 * Goodput in Mbit/s of each port and direction in the readouts table (a row per port:
 * TX goodput, TX wire, RX goodput, RX wire), keyed "port N TX"; a "—" (no samples yet)
 * is left out.
 */
export async function readouts(page: Page): Promise<Record<string, number>> {
  const rows = await page
    .getByRole('table', { name: 'Throughput per port' })
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
  const values: Record<string, number> = {};
  for (const [port, txGoodput, , rxGoodput] of rows) {
    for (const [dir, text] of [
      ['TX', txGoodput],
      ['RX', rxGoodput],
    ] as const) {
      const value = Number((text ?? '').replace(/,/g, ''));
      if (text !== undefined && /\d/.test(text) && Number.isFinite(value)) {
        values[`${port} ${dir}`] = value;
      }
    }
  }
  return values;
}

/**
 * Full-page screenshots of each step, for a person to look at: `E2E_SHOTS=1 npm run
 * test:e2e` writes them under test-results/. They assert nothing and cost about a second
 * each with the charts drawn in software, so `npm test` takes them only when a test fails.
 */
export const SHOTS = Boolean(process.env.E2E_SHOTS);

export async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  if (!SHOTS) return;
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
}

/** Picks an architecture in the header and waits for the new session to report it. */
export async function chooseArchitecture(page: Page, id: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Architecture' }).selectOption(id);
  await expect(page.getByRole('region', { name: /^Data path/ })).toContainText(id);
}

/** The visible value of a copy ledger row ("CPU copies" → 1.00), or null while it has none. */
export async function ledgerValue(page: Page, row: string): Promise<number | null> {
  const text =
    (await page
      .getByRole('table', { name: 'Copies per payload byte' })
      .getByRole('row', { name: new RegExp(`^${row}`) })
      .getByRole('cell')
      .locator('strong')
      .textContent()) ?? '';
  const match = /^([\d,.]+) /.exec(text);
  return match ? Number(match[1]!.replace(/,/g, '')) : null;
}
