import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import {
  expect,
  openLab,
  pauseLab,
  poll,
  shot,
  simSeconds,
  test,
  watchConsole,
} from './lab-helpers.ts';

const TSHARK = ['/usr/bin/tshark', '/usr/local/bin/tshark'].find((p) => existsSync(p));

/** Picks an item of the Export menu and returns the file it saves (path and name). */
async function exportItem(page: Page, item: string | RegExp): Promise<[string, string]> {
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const menu = page.getByRole('menu', { name: 'Export', exact: true });
  await expect(menu).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    menu.getByRole('menuitem', { name: item }).click(),
  ]);
  const path = await download.path();
  return [path, download.suggestedFilename()];
}

/** A few hundredths of a simulated second at 1/10×: files stay small however slow the clicks. */
async function playALittle(page: Page): Promise<number> {
  await openLab(page);
  const speed = page.getByRole('combobox', { name: 'Speed', exact: true });
  await speed.selectOption({ label: '1/10×' });
  await page.getByRole('button', { name: 'Play' }).click();
  await poll(() => simSeconds(page)).toBeGreaterThan(0.02);
  await pauseLab(page);
  return simSeconds(page);
}

function tshark(file: string, ...args: string[]): string[] {
  const out = execFileSync(TSHARK!, ['-r', file, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out.split('\n').filter((l) => l.length > 0);
}

test('export the scenario, the results and the time series of the session so far', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  const t = await playALittle(page);

  const [scenarioPath, scenarioName] = await exportItem(page, 'Scenario (JSON)');
  expect(scenarioName).toBe('offload-lab-host-stack-scenario.json');
  const scenario = JSON.parse(readFileSync(scenarioPath, 'utf8'));
  expect(scenario).toMatchObject({ version: 1, architecture: 'host-stack', nic: { ports: 4 } });
  // Valid for the command line as it stands.
  execFileSync('npx', ['tsx', 'src/cli/main.ts', 'run', scenarioPath, '--duration-ms', '2'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const [resultsPath, resultsName] = await exportItem(page, 'Results (JSON)');
  expect(resultsName).toBe('offload-lab-host-stack-results.json');
  const results = JSON.parse(readFileSync(resultsPath, 'utf8'));
  expect(results.ports).toHaveLength(4);
  expect(results.scenario.architecture).toBe('host-stack');
  expect(results.simulatedMs).toBeCloseTo(t * 1000, 3);
  expect(results.ports[0].txGoodputMbps).toBeGreaterThan(0);
  expect(results.live.method).toMatch(/Re-run headless from t = 0/);
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toContainText(
    'Saved offload-lab-host-stack-results.json',
  );

  const [csvPath, csvName] = await exportItem(page, 'Time series (CSV)');
  expect(csvName).toBe('offload-lab-host-stack-series.csv');
  const lines = readFileSync(csvPath, 'utf8').trim().split('\n');
  expect(lines[0]).toMatch(/^time_s,port0\.tx\.goodput \[Mbit\/s\],/);
  expect(lines.length - 1).toBeGreaterThan(10);
  expect(lines[1]!.split(',')).toHaveLength(lines[0]!.split(',').length);
  await shot(page, info, 'export-done');

  // While playing, the worker replays in the background and the session keeps running.
  await page.getByRole('button', { name: 'Play' }).click();
  const [livePath] = await exportItem(page, 'Results (JSON)');
  const live = JSON.parse(readFileSync(livePath, 'utf8'));
  expect(live.simulatedMs).toBeGreaterThanOrEqual(results.simulatedMs);
  const after = await simSeconds(page);
  await poll(() => simSeconds(page)).toBeGreaterThan(after);
  await pauseLab(page);
  expect(problems).toEqual([]);
});

test('a pcap of port 0 from t = 0 opens in tshark with every frame the packet list counted', async ({
  page,
}, info) => {
  if (!TSHARK) {
    if (process.env.CI) throw new Error('tshark is required in CI (apt-get install tshark)');
    test.skip(true, 'tshark not installed');
  }
  const problems = watchConsole(page);
  await playALittle(page);
  const packets = page.getByRole('region', { name: 'Packets' });
  await packets.scrollIntoViewIfNeeded();
  const count = packets.getByText(/on port 0 since t = 0/);
  const seen = async (): Promise<number> => {
    const match = /\(([\d,]+) on port 0/.exec((await count.textContent()) ?? '');
    return match ? Number(match[1]!.replace(/,/g, '')) : NaN;
  };

  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await shot(page, info, 'export-menu');
  await page.keyboard.press('Escape');
  const [path, name] = await exportItem(page, 'pcap, port 0');
  expect(name).toBe('offload-lab-host-stack-port0.pcap');
  const frames = tshark(path, '-T', 'fields', '-e', 'frame.number');
  expect(frames.length).toBeGreaterThan(100);
  // Paused: the packet list's count of frames since t = 0 settles on the file's.
  await poll(seen).toBe(frames.length);
  expect(tshark(path, '-Y', '_ws.malformed')).toEqual([]);
  expect(tshark(path, '-Y', 'tcp.flags.syn == 1 && tcp.flags.ack == 0').length).toBe(1);
  expect(problems).toEqual([]);
});
