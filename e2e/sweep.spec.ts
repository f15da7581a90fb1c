import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect, openLab, shot, SHOTS, test, watchConsole } from './lab-helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const ARCHITECTURES = ['host-stack', 'csum-tso', 'full-toe', 'card-window', 'rx-direct-placement'];

/** The CSV's columns: the swept paths, then the metrics (no wallMs: it differs per run). */
const CSV_HEADER = [
  'host.cpuGhz',
  'architecture',
  'goodputMbps',
  'cpuUtilization',
  'cyclesPerPayloadByte',
  'cpuCopiesPerByte',
  'memoryBusBytesPerByte',
  'pciBytesPerByte',
  'pciUtilization',
  'memoryBusUtilization',
  'engineUtilization',
  'cardMemoryPeakBytes',
  'bottleneck',
  'streamIntact',
];

interface Row {
  value: string;
  architecture: string;
  goodput: number;
  cpu: number;
  copies: number;
  bottleneck: string;
}

const sweepView = (page: Page) => page.getByRole('main', { name: 'Sweep' });

/** Picks a preset in the lab and waits until the worker runs it (the lab's scenario is what a sweep runs). */
async function chooseScenario(page: Page, presetId: string, ports: number): Promise<void> {
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption(presetId);
  await expect(page.getByRole('textbox', { name: 'Ports' })).toHaveValue(String(ports));
}

/** Fills the sweep form as a person would. */
async function fillSweep(
  page: Page,
  { values, architectures, ms }: { values: string; architectures: string[]; ms: string },
): Promise<Locator> {
  await page.getByRole('button', { name: 'Sweep', exact: true }).click();
  const view = sweepView(page);
  await view.getByRole('combobox', { name: 'Parameter' }).selectOption('host.cpuGhz');
  await view.getByRole('textbox', { name: 'Values' }).fill(values);
  const group = view.getByRole('group', { name: 'Architectures' });
  for (const a of ARCHITECTURES) {
    await group
      .getByRole('checkbox', { name: a, exact: true })
      .setChecked(architectures.includes(a));
  }
  await view.getByRole('textbox', { name: 'Simulated time per point' }).fill(ms);
  return view;
}

/** Records every aria-valuenow the progress bar takes, so the test can see it move. */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { sweepProgressSeen: number[] }).sweepProgressSeen = seen;
    new MutationObserver((mutations) => {
      for (const m of mutations) {
        const el = m.target as Element;
        if (el.getAttribute('role') === 'progressbar') {
          seen.push(Number(el.getAttribute('aria-valuenow')));
        }
      }
    }).observe(document.body, {
      subtree: true,
      attributes: true,
      attributeFilter: ['aria-valuenow'],
    });
  });
}

async function progressSeen(page: Page): Promise<number[]> {
  return page.evaluate(
    () => (window as unknown as { sweepProgressSeen: number[] }).sweepProgressSeen,
  );
}

/** The results table's finished rows (rows still queued, running or cancelled are skipped). */
async function finishedRows(view: Locator): Promise<Row[]> {
  const rows = await view
    .getByRole('table', { name: 'Sweep results' })
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
    );
  return rows
    .filter((cells) => cells.length === 6)
    .map(([value, architecture, goodput, cpu, copies, bottleneck]) => ({
      value: value!,
      architecture: architecture!,
      goodput: Number(goodput!.replace(/,/g, '')),
      cpu: Number(cpu),
      copies: Number(copies),
      bottleneck: bottleneck!,
    }));
}

async function downloadText(
  page: Page,
  button: Locator,
  info: TestInfo,
): Promise<[string, string]> {
  const waiting = page.waitForEvent('download');
  await button.click();
  const download = await waiting;
  const file = info.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  return [readFileSync(file, 'utf8'), file];
}

test('a CPU-clock sweep shows progress, points with bottlenecks, and writes the CLI’s CSV', async ({
  page,
}, info) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openLab(page);
  await chooseScenario(page, '1x1g-bulk-send', 1);
  const view = await fillSweep(page, {
    values: '0.8, 3',
    architectures: ['host-stack', 'full-toe'],
    // 100 ms give every point the bottleneck 200 ms give, goodput within 1 % (CLI sweeps
    // of this grid and the design-review one at both lengths).
    ms: '100',
  });
  await watchProgress(page);
  await view.getByRole('button', { name: 'Run sweep' }).click();

  const bar = view.getByRole('progressbar', { name: 'Sweep progress' });
  await expect(bar).toHaveAttribute('aria-valuenow', '100', { timeout: 120_000 });
  await expect(view.getByText('4 of 4 runs · 100 %')).toBeVisible();
  await expect(view.getByRole('status', { name: 'Sweep state' })).toContainText(
    'Done: 4 of 4 runs',
  );
  const seen = await progressSeen(page);
  expect(seen.some((v) => v > 0 && v < 100)).toBe(true);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));

  // The table: 4 points; at 0.8 GHz the host stack runs out of CPU (at 1 GHz it just makes
  // the wire, co-limited); full-toe always needs less.
  const rows = await finishedRows(view);
  expect(rows.map((r) => `${r.value}/${r.architecture}`)).toEqual([
    '0.8/host-stack',
    '0.8/full-toe',
    '3/host-stack',
    '3/full-toe',
  ]);
  const at = (value: string, a: string) =>
    rows.find((r) => r.value === value && r.architecture === a)!;
  expect(at('0.8', 'host-stack').bottleneck).toBe('host CPU');
  expect(at('0.8', 'full-toe').bottleneck).toBe('wire');
  for (const value of ['0.8', '3']) {
    expect(at(value, 'full-toe').cpu).toBeLessThan(at(value, 'host-stack').cpu);
    expect(at(value, 'full-toe').copies).toBe(0);
    expect(at(value, 'host-stack').copies).toBeGreaterThan(0.9);
  }

  // The chart: one goodput marker per point, its bottleneck in its shape and its tooltip.
  const markers = view.locator('svg g.sweep-marker--goodput');
  await expect(markers).toHaveCount(4);
  const titles = await markers.locator('title').allTextContents();
  for (const title of titles) {
    expect(title).toMatch(
      /^(host-stack|full-toe), (0\.8|3) GHz: [\d,]+ Mbit\/s, CPU \d+ %, bottleneck (host CPU|wire)$/,
    );
  }
  expect(titles).toContain(
    `host-stack, 0.8 GHz: ${Math.round(at('0.8', 'host-stack').goodput).toLocaleString('en-US')} Mbit/s, CPU 100 %, bottleneck host CPU`,
  );
  await expect(
    view.locator(
      'svg g.sweep-marker--goodput[data-architecture="host-stack"][data-bottleneck="host-cpu"]',
    ),
  ).toHaveCount(1);
  const reading = view.getByRole('list', { name: 'Where offload pays' }).getByRole('listitem');
  await expect(reading).toHaveCount(2);
  await expect(reading.first()).toContainText(
    /^at 0\.8 GHz full-toe delivers 1\.\d+× host-stack's goodput/,
  );
  await shot(page, info, 'sweep-done');

  // The CSV is the command line's, number for number.
  const [csv] = await downloadText(page, view.getByRole('button', { name: 'Download CSV' }), info);
  const lines = csv.split('\r\n');
  expect(lines.pop()).toBe('');
  expect(lines[0]!.split(',')).toEqual(CSV_HEADER);
  expect(lines).toHaveLength(5);
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join('/'))).toEqual([
    '0.8/host-stack',
    '0.8/full-toe',
    '3/host-stack',
    '3/full-toe',
  ]);
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    expect(Number(cells[2])).toBeCloseTo(at(cells[0]!, cells[1]!).goodput, 1);
  }

  const [scenarioText] = await downloadText(
    page,
    view.getByRole('button', { name: 'Download scenario' }),
    info,
  );
  expect(JSON.parse(scenarioText)).toMatchObject({ durationMs: 100, nic: { ports: 1 } });
  const command = (await view.getByLabel('Command line').textContent()) ?? '';
  expect(command).toBe(
    'npx offload-lab sweep sweep-scenario.json --set host.cpuGhz=0.8,3 --set architecture=host-stack,full-toe --out sweep.csv',
  );
  // Run exactly that command on the downloaded scenario.
  const dir = mkdtempSync(path.join(tmpdir(), 'offload-lab-sweep-e2e-'));
  try {
    const scenarioFile = path.join(dir, 'sweep-scenario.json');
    const outFile = path.join(dir, 'sweep.csv');
    const [npx, ...args] = command
      .split(' ')
      .map((word) =>
        word === 'sweep-scenario.json' ? scenarioFile : word === 'sweep.csv' ? outFile : word,
      );
    writeFileSync(scenarioFile, scenarioText);
    execFileSync(npx!, [...args, '--quiet'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const cliCsv = readFileSync(outFile, 'utf8');
    expect(csv).toBe(cliCsv);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(problems).toEqual([]);
});

test('a bad value runs nothing; Cancel stops a running sweep and keeps the finished points', async ({
  page,
}, info) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openLab(page);
  await chooseScenario(page, '1x1g-bulk-send', 1);
  const view = await fillSweep(page, {
    values: '1, 200',
    architectures: ['host-stack', 'full-toe'],
    // Each point also re-runs for the bottleneck check: 500 ms make the first points finish
    // in about a second, the 12 of them in several, so Cancel comes while most still wait.
    ms: '500',
  });
  await view.getByRole('button', { name: 'Run sweep' }).click();
  await expect(view.getByRole('alert')).toHaveText(
    'CPU clock = 200 GHz: host.cpuGhz: must be a number from 0.1 to 100 (got 200)',
  );
  await expect(view.getByRole('progressbar')).toHaveCount(0);
  await expect(view.getByRole('table', { name: 'Sweep results' })).toHaveCount(0);

  await view.getByRole('textbox', { name: 'Values' }).fill('1, 1.5, 2, 2.5, 3, 3.5');
  await view.getByRole('button', { name: 'Run sweep' }).click();
  await expect(view.getByRole('alert')).toHaveCount(0);
  const bar = view.getByRole('progressbar', { name: 'Sweep progress' });
  await expect(bar).toHaveAttribute('aria-valuetext', /^[1-9]\d* of 12 runs/, { timeout: 120_000 });
  await expect(view.getByRole('button', { name: 'Run sweep' })).toBeDisabled();
  await view.getByRole('button', { name: 'Cancel' }).click();

  const state = view.getByRole('status', { name: 'Sweep state' });
  await expect(state).toContainText('Cancelled');
  const frozen = await bar.getAttribute('aria-valuenow');
  const frozenText = await bar.getAttribute('aria-valuetext');
  expect(Number(frozen)).toBeLessThan(100);
  const done = (await finishedRows(view)).length;
  expect(done).toBeGreaterThanOrEqual(1);
  expect(done).toBeLessThan(12);
  const table = view.getByRole('table', { name: 'Sweep results' });
  await expect(table.locator('tbody tr')).toHaveCount(12);
  await expect(table.locator('tbody tr').filter({ hasText: 'cancelled' })).toHaveCount(12 - done);
  await expect(view.locator('svg g.sweep-marker--goodput')).toHaveCount(done);
  await expect(state).toHaveText(
    new RegExp(`^Cancelled after [\\d.]+ s: ${done} of 12 runs finished, ${12 - done} cancelled$`),
  );

  // Nothing moves any more: the workers are gone.
  await page.waitForTimeout(1500);
  expect(await bar.getAttribute('aria-valuenow')).toBe(frozen);
  expect(await bar.getAttribute('aria-valuetext')).toBe(frozenText);
  expect((await finishedRows(view)).length).toBe(done);
  await expect(view.getByRole('button', { name: 'Cancel' })).toBeDisabled();
  await shot(page, info, 'sweep-cancelled');

  // Run sweep again starts afresh.
  await view.getByRole('button', { name: 'Run sweep' }).click();
  await expect(state).toContainText('Running 12 points');
  await expect(table.locator('tbody tr').filter({ hasText: 'cancelled' })).toHaveCount(0);
  await view.getByRole('button', { name: 'Cancel' }).click();
  await expect(state).toContainText('Cancelled');
  expect(problems).toEqual([]);
});

test('the design-review picture: 4 × 1 GbE against CPU clock, three architectures, exported', async ({
  page,
}, info) => {
  test.setTimeout(240_000);
  const problems = watchConsole(page);
  await openLab(page); // the default scenario: 4 ports × 1 GbE bulk send
  const view = await fillSweep(page, {
    values: '1, 2, 3, 4',
    architectures: ['host-stack', 'csum-tso', 'full-toe'],
    // 100 ms show each point's steady state and verdict: the bottleneck 200 ms give on
    // every point, goodput within 1 % (CLI sweeps of this grid at both lengths).
    ms: '100',
  });
  await view.getByRole('button', { name: 'Run sweep' }).click();
  await expect(view.getByRole('progressbar', { name: 'Sweep progress' })).toHaveAttribute(
    'aria-valuenow',
    '100',
    { timeout: 200_000 },
  );
  await expect(view.locator('svg g.sweep-marker--goodput')).toHaveCount(12);
  const rows = await finishedRows(view);
  const at = (value: string, a: string) =>
    rows.find((r) => r.value === value && r.architecture === a)!;
  // 4 × 1 GbE at 1 GHz: the host stack is CPU-bound; full-toe fills the wires.
  expect(at('1', 'host-stack').bottleneck).toBe('host CPU');
  expect(at('1', 'full-toe').bottleneck).toBe('wire');
  expect(at('1', 'full-toe').goodput).toBeGreaterThan(2 * at('1', 'host-stack').goodput);
  const reading = view.getByRole('list', { name: 'Where offload pays' }).getByRole('listitem');
  await expect(reading).toHaveCount(4);
  await expect(reading.first()).toContainText(
    /^at 1 GHz full-toe delivers [\d.]+× host-stack's goodput/,
  );
  await shot(page, info, 'sweep-4port');
  if (SHOTS) {
    await view
      .getByRole('figure', { name: 'Sweep chart' })
      .screenshot({ path: info.outputPath('sweep-chart.png') });
  }

  const [svg] = await downloadText(
    page,
    view.getByRole('button', { name: 'Export sweep chart as SVG' }),
    info,
  );
  expect(svg.startsWith('<?xml')).toBe(true);
  expect(svg).toContain('<title>CPU clock sweep: goodput and host CPU</title>');
  expect(svg.match(/class="sweep-marker sweep-marker--goodput"/g)).toHaveLength(12);
  const waiting = page.waitForEvent('download');
  await view.getByRole('button', { name: 'Export sweep chart as PNG' }).click();
  const png = await waiting;
  const pngFile = info.outputPath('sweep-export.png');
  await png.saveAs(pngFile);
  expect(readFileSync(pngFile).subarray(1, 4).toString()).toBe('PNG');
  expect(problems).toEqual([]);
});
