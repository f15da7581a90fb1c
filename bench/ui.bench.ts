/**
 * `npm run bench:ui`: how smoothly the live lab runs in Chromium. A benchmark, not a
 * test: it builds and serves the app, plays the 4 × 1 GbE preset at 1× for 30 s and
 * prints frame rate (from requestAnimationFrame timestamps), the longest main-thread
 * task, the simulation speed at "as fast as possible", and the JS heap before and after.
 * Targets (issue 4): median ≥ 55 fps, 5th percentile ≥ 30 fps, no task over 50 ms, heap
 * growth under 20 MB.
 *
 * BENCH_UI_SECONDS shortens the 1× run; CHROMIUM_PATH picks the browser.
 */
import { execSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Page } from 'playwright-core';

const RUN_SECONDS = Number(process.env.BENCH_UI_SECONDS ?? 30);
const MAX_SPEED_SECONDS = 5;
const PRESET = '4x1g-bulk-send';

function browserPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
  const found = candidates.find((p): p is string => Boolean(p && existsSync(p)));
  if (!found) throw new Error('no Chromium: set CHROMIUM_PATH');
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.floor((p / 100) * sorted.length)));
  return sorted[i]!;
}

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 2 ** 20;
}

async function simSeconds(page: Page): Promise<number> {
  const text = (await page.getByRole('status', { name: 'Simulated time' }).textContent()) ?? '';
  return Number(/t = ([\d.]+) s/.exec(text)?.[1] ?? NaN);
}

/**
 * Installed before the app loads: frame timestamps and long tasks, cleared on demand.
 * A string, so the bundler's helpers (tsx adds `__name`) stay out of the page.
 */
const INSTRUMENT = `
  window.__bench = { frames: [], longest: 0, tasks: 0 };
  const onFrame = (t) => { window.__bench.frames.push(t); requestAnimationFrame(onFrame); };
  requestAnimationFrame(onFrame);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__bench.tasks++;
      window.__bench.longest = Math.max(window.__bench.longest, entry.duration);
    }
  }).observe({ type: 'longtask', buffered: false });
`;

interface BenchState {
  frames: number[];
  longest: number;
  tasks: number;
}

async function main(): Promise<void> {
  console.log('building…');
  execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
  const port = await freePort();
  const server = spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { stdio: 'ignore', detached: true },
  );
  const url = `http://127.0.0.1:${port}/`;
  const browser = await chromium.launch({
    executablePath: browserPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    await waitForHttp(url, 30_000);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.addInitScript({ content: INSTRUMENT });
    await page.goto(url);
    await page.getByRole('button', { name: 'Play' }).waitFor();
    await page.getByRole('combobox', { name: 'Scenario' }).selectOption(PRESET);
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('1');
    await page.waitForTimeout(500);

    const heapBefore = await heapMB(page);
    await page.evaluate(() => {
      const b = (window as unknown as { __bench: BenchState }).__bench;
      b.frames = [];
      b.longest = 0;
      b.tasks = 0;
    });
    await page.getByRole('button', { name: 'Play' }).click();
    console.log(`playing ${PRESET} at 1× for ${RUN_SECONDS} s…`);
    await page.waitForTimeout(RUN_SECONDS * 1000);
    const simAt1x = await simSeconds(page);
    const achieved1x = await page.getByLabel('Achieved speed').textContent();
    const bench = await page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench);
    const heapAfter = await heapMB(page);

    await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
    await page.waitForTimeout(1000);
    const t0 = await simSeconds(page);
    const w0 = performance.now();
    await page.waitForTimeout(MAX_SPEED_SECONDS * 1000);
    const t1 = await simSeconds(page);
    const maxSpeed = (t1 - t0) / ((performance.now() - w0) / 1000);

    const deltas = bench.frames.slice(1).map((t, i) => t - bench.frames[i]!);
    const fps = deltas.map((d) => 1000 / d).sort((a, b) => a - b);
    const median = percentile(fps, 50);
    const p5 = percentile(fps, 5);
    const growth = heapAfter - heapBefore;
    const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

    console.log('');
    console.log(`Offload Lab UI benchmark (${PRESET}, Chromium ${browser.version()})`);
    console.log(`frames                      ${bench.frames.length} in ${RUN_SECONDS} s`);
    console.log(
      `fps median                  ${median.toFixed(1)}   (target ≥ 55: ${verdict(median >= 55)})`,
    );
    console.log(
      `fps 5th percentile          ${p5.toFixed(1)}   (target ≥ 30: ${verdict(p5 >= 30)})`,
    );
    console.log(
      `longest main-thread task    ${bench.longest.toFixed(0)} ms (${bench.tasks} long tasks; target ≤ 50 ms: ${verdict(bench.longest <= 50)})`,
    );
    console.log(
      `simulated at 1×             ${simAt1x.toFixed(3)} s in ${RUN_SECONDS} s wall (${achieved1x})`,
    );
    console.log(`as fast as possible         ${maxSpeed.toFixed(2)} simulated s per wall s`);
    console.log(
      `JS heap                     ${heapBefore.toFixed(1)} MB → ${heapAfter.toFixed(1)} MB (growth ${growth.toFixed(1)} MB; target < 20: ${verdict(growth < 20)})`,
    );
    if (errors.length) console.log(`console errors: ${errors.join(' | ')}`);
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
  }
}

await main();
