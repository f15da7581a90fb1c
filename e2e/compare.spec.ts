import type { Page } from '@playwright/test';
import { expect, openLab, poll, shot, test, watchConsole } from './lab-helpers.ts';

const ARCHITECTURES = ['host-stack', 'csum-tso', 'full-toe', 'card-window', 'rx-direct-placement'];

/** The summary table as text: architecture → column header → cell text. */
async function summary(page: Page): Promise<Record<string, Record<string, string>>> {
  const table = page.getByRole('table', { name: 'Summary' });
  const headers = await table.getByRole('columnheader').allTextContents();
  const result: Record<string, Record<string, string>> = {};
  for (const row of await table.getByRole('row').all()) {
    const head = row.getByRole('rowheader');
    if ((await head.count()) === 0) continue;
    const text = ((await head.textContent()) ?? '').trim();
    const name = ARCHITECTURES.find((id) => text.startsWith(id)) ?? text;
    const cells = await row.getByRole('cell').allTextContents();
    result[name] = Object.fromEntries(cells.map((text, i) => [headers[i + 1]!, text.trim()]));
  }
  return result;
}

/** The first number of a cell ("3,765.1+1.75 Gbit/s" → 3765.1), or null for "—". */
function value(text: string | undefined): number | null {
  const match = /^[\d,.]+/.exec(text ?? '');
  return match ? Number(match[0].replace(/,/g, '')) : null;
}

async function simSeconds(page: Page): Promise<number> {
  const text = (await page.getByRole('status', { name: 'Simulated time' }).textContent()) ?? '';
  return Number(/t = ([\d.]+) s/.exec(text)?.[1] ?? NaN);
}

test('compare runs three architectures in lockstep and the summary says what the model says', async ({
  page,
}, info) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openLab(page);
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'Compare' })
    .click();
  await expect(page.getByRole('main', { name: 'Compare architectures' })).toContainText(
    'Same scenario and seed',
  );

  const choose = page.getByRole('group', { name: 'Architectures' });
  for (const id of ARCHITECTURES) {
    const box = choose.getByRole('checkbox', { name: id });
    if (['host-stack', 'csum-tso', 'full-toe'].includes(id)) await box.check();
    else await box.uncheck();
  }
  await page
    .getByRole('combobox', { name: 'Speed' })
    .selectOption({ label: 'as fast as possible' });
  const table = page.getByRole('table', { name: 'Summary' });
  await expect(table.getByRole('row')).toHaveCount(4);
  // Nothing measured yet: dashes, not zeros.
  await expect(
    table
      .getByRole('row', { name: /^full-toe/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('—');

  await page.getByRole('button', { name: 'Play' }).click();
  // The pace is the slowest lane's, said honestly (about 0.5× for three lanes on two cores).
  await expect(page.getByLabel('Achieved speed')).toHaveText(
    /^running at [\d.]+×, paced by the slowest of 3 lanes \(as fast as possible\)$/,
    { timeout: 60_000 },
  );
  await shot(page, info, 'compare-running');
  await poll(() => simSeconds(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(0.3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByLabel('Achieved speed')).toHaveText('paused');

  // The lanes settle on the same simulated time; the table reads their last 100 ms.
  await poll(async () =>
    Object.values(await summary(page)).every((r) => value(r['CPU copies/B']) !== null),
  ).toBe(true);
  const s = await summary(page);
  info.annotations.push({ type: 'summary', description: JSON.stringify(s) });
  const hs = s['host-stack']!;
  const tso = s['csum-tso']!;
  const toe = s['full-toe']!;
  // One copy per byte; over 100 ms, copies (at write) and delivery (later) may differ by 1 %.
  expect(value(hs['CPU copies/B'])).toBeCloseTo(1, 1);
  expect(value(toe['CPU copies/B'])).toBe(0);
  expect(value(hs['CPU utilisation (%)'])!).toBeGreaterThan(value(tso['CPU utilisation (%)'])!);
  expect(value(tso['CPU utilisation (%)'])!).toBeGreaterThan(value(toe['CPU utilisation (%)'])!);
  expect(value(toe['Throughput (Mbit/s)'])!).toBeGreaterThanOrEqual(
    value(hs['Throughput (Mbit/s)'])!,
  );
  expect(hs['Bottleneck']).toMatch(/^host CPU/);
  expect(toe['Bottleneck']).toMatch(/^wire/);
  expect(value(toe['Card memory (peak)'])!).toBeGreaterThan(0);
  expect(hs['Card memory (peak)']).toBe('0 B');

  // Every chart has one line per architecture, all ending at the same simulated time.
  const goodput = page.getByRole('figure', { name: /^Goodput, all ports/ });
  await expect(goodput.getByRole('img')).toHaveAttribute(
    'aria-label',
    /host-stack [\d,.]+ Mbit\/s/,
  );
  for (const id of ['host-stack', 'csum-tso', 'full-toe']) {
    await expect(goodput.getByLabel(`${id} latest`)).toHaveText(/Mbit\/s/);
  }
  await shot(page, info, 'compare-three');

  // The difference view: each other lane minus the baseline, in the charts and the table.
  await page.getByRole('checkbox', { name: 'Difference vs baseline' }).check();
  await expect(page.getByRole('combobox', { name: 'Baseline' })).toHaveValue('host-stack');
  const cpuDiff = page.getByRole('figure', {
    name: 'Host CPU: Δ vs host-stack',
  });
  await expect(cpuDiff.getByLabel('full-toe − host-stack latest')).toHaveText(/^−[\d.]+ pp$/);
  // csum-tso averages ≈ 96 % against host-stack's 100 %, but a single sample can reach 100 %
  // too: never above the baseline, sometimes level with it.
  await expect(cpuDiff.getByLabel('csum-tso − host-stack latest')).toHaveText(
    /^(−[\d.]+|±0\.0) pp$/,
  );
  await expect(
    page
      .getByRole('figure', { name: 'Goodput: Δ vs host-stack' })
      .getByLabel('full-toe − host-stack latest'),
  ).toHaveText(/^\+[\d.,]+ (Gbit|Mbit)\/s$/);
  const diffTable = await summary(page);
  expect(diffTable['full-toe']!['CPU copies/B']).toMatch(/−(0\.99|1\.00|1\.01)$/);
  expect(diffTable['full-toe']!['Throughput (Mbit/s)']).toMatch(/\+[\d.,]+ (Gbit|Mbit)\/s$/);
  expect(diffTable['host-stack']!['CPU copies/B']).toMatch(/^(0\.99|1\.00|1\.01)$/);
  await shot(page, info, 'compare-difference');

  // A different baseline moves the zero line.
  await page.getByRole('combobox', { name: 'Baseline' }).selectOption('full-toe');
  await expect(
    page
      .getByRole('figure', { name: 'Host CPU: Δ vs full-toe' })
      .getByLabel('host-stack − full-toe latest'),
  ).toHaveText(/^\+[\d.]+ pp$/);

  // Reset takes every lane back to t = 0: nothing measured again.
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('status', { name: 'Simulated time' })).toHaveText('t = 0.000 s');
  await expect(
    table
      .getByRole('row', { name: /^full-toe/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('—');

  // One architecture is not a comparison.
  await choose.getByRole('checkbox', { name: 'csum-tso' }).uncheck();
  await choose.getByRole('checkbox', { name: 'full-toe' }).uncheck();
  await expect(page.getByText(/Choose at least 2 architectures/)).toBeVisible();
  await expect(table).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Play' })).toBeDisabled();

  expect(problems).toEqual([]);
});

test('a lane whose worker fails is named and can be restarted; the others carry on', async ({
  page,
}, info) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openLab(page);
  // The second simulation worker the compare view starts is broken on purpose.
  let loads = 0;
  await page.route('**/assets/sim.worker-*.js', async (route) => {
    loads++;
    if (loads === 2) {
      await route.fulfill({
        contentType: 'text/javascript',
        body: "throw new Error('deliberately broken worker (compare e2e)');",
      });
    } else {
      await route.continue();
    }
  });
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'Compare' })
    .click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(/failed:/);
  const failed = /(\S+) failed:/.exec((await alert.textContent()) ?? '')![1]!;
  expect(['host-stack', 'csum-tso', 'full-toe']).toContain(failed);
  const table = page.getByRole('table', { name: 'Summary' });
  await expect(table.getByRole('row', { name: new RegExp(`^${failed}`) })).toContainText('failed');

  await page.getByRole('button', { name: 'Play' }).click();
  await poll(() => simSeconds(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(0.05);
  const others = ['host-stack', 'csum-tso', 'full-toe'].filter((a) => a !== failed);
  await poll(async () => {
    const s = await summary(page);
    return others.map((a) => value(s[a]!['CPU copies/B']) !== null);
  }).toEqual([true, true]);
  await shot(page, info, 'compare-lane-failed');

  await page.getByRole('button', { name: `Restart ${failed}` }).click();
  await expect(alert).toHaveCount(0);
  await page.getByRole('button', { name: 'Pause' }).click();
  // The restarted lane catches up with the others, then has figures of its own.
  await poll(async () => value((await summary(page))[failed]!['CPU copies/B']), {
    timeout: 120_000,
  }).not.toBeNull();
  await expect(table.getByRole('row', { name: new RegExp(`^${failed}`) })).not.toContainText(
    /failed|catching up|loading/,
  );
  expect(problems.filter((p) => !p.includes('deliberately broken'))).toEqual([]);
});
