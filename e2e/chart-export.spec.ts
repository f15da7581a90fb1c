import { readFile } from 'node:fs/promises';
import type { Download, Page, TestInfo } from '@playwright/test';
import {
  chooseArchitecture,
  expect,
  openLab,
  pauseLab,
  poll,
  shot,
  simSeconds,
  test,
  watchConsole,
} from './lab-helpers.ts';

/** Clicks (or presses Enter on) an export button and returns the saved file. */
async function exportFile(
  page: Page,
  info: TestInfo,
  name: string,
  how: 'click' | 'keyboard' = 'click',
): Promise<{ download: Download; bytes: Buffer }> {
  const button = page.getByRole('button', { name, exact: true });
  const waiting = page.waitForEvent('download');
  if (how === 'keyboard') {
    await button.focus();
    await page.keyboard.press('Enter');
  } else {
    await button.click();
  }
  const download = await waiting;
  const path = info.outputPath(download.suggestedFilename());
  await download.saveAs(path);
  return { download, bytes: await readFile(path) };
}

interface ParsedSvg {
  error: string | null;
  root: string;
  width: number;
  height: number;
  viewBox: string | null;
  seriesPaths: string[];
  text: string;
}

/** Parses SVG text with the browser's XML parser, as an image viewer would. */
function parseSvg(page: Page, markup: string): Promise<ParsedSvg> {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const error = doc.querySelector('parsererror');
    const root = doc.documentElement;
    return {
      error: error ? (error.textContent ?? 'parsererror') : null,
      root: `${root.namespaceURI} ${root.localName}`,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      viewBox: root.getAttribute('viewBox'),
      seriesPaths: [...doc.querySelectorAll('path.series')].map((p) => p.getAttribute('d') ?? ''),
      text: root.textContent ?? '',
    };
  }, markup);
}

/** Width and height from a PNG's IHDR chunk (PNG spec §11.2.2), after the 8-byte signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the throughput chart and the data path export as SVG and PNG', async ({ page }, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByRole('button', { name: 'Play' }).click();
  // A few hundred ms fill every chart and settle the verdict (it reads the last 100 ms).
  await poll(() => simSeconds(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(0.3);
  await pauseLab(page);
  await expect(page.getByText(/^BOTTLENECK: /)).toBeVisible();

  // Every chart on the page offers both formats.
  for (const chart of [
    'Throughput per port (goodput)',
    'Data path',
    'Copy ledger',
    'Copies per payload byte over time',
  ]) {
    for (const kind of ['PNG', 'SVG']) {
      await expect(
        page.getByRole('button', { name: `Export ${chart} as ${kind}`, exact: true }),
      ).toBeVisible();
    }
  }

  const svg = await exportFile(page, info, 'Export Throughput per port (goodput) as SVG');
  expect(svg.download.suggestedFilename()).toBe('throughput-per-port-goodput.svg');
  const markup = svg.bytes.toString('utf8');
  const parsed = await parseSvg(page, markup);
  expect(parsed.error).toBeNull();
  expect(parsed.root).toBe('http://www.w3.org/2000/svg svg');
  expect(parsed.viewBox).toBe(`0 0 ${parsed.width} ${parsed.height}`);
  // 4 ports × (TX + RX), each a real line across the visible window.
  expect(parsed.seriesPaths.length).toBeGreaterThanOrEqual(8);
  for (const d of parsed.seriesPaths) {
    expect(d).toMatch(/^M[\d.]+,[\d.]+L/);
    expect(d.split('L').length).toBeGreaterThan(10);
  }
  expect(markup).toContain('Mbit/s');
  expect(markup).toContain('wire limit');

  const figure = page.getByRole('figure', { name: /^Throughput per port \(goodput\)/ });
  const box = await figure.boundingBox();
  expect(box).not.toBeNull();
  const png = await exportFile(
    page,
    info,
    'Export Throughput per port (goodput) as PNG',
    'keyboard',
  );
  expect(png.download.suggestedFilename()).toBe('throughput-per-port-goodput.png');
  const size = pngSize(png.bytes);
  // 2 device pixels per CSS pixel of the chart as laid out (±1 CSS px of rounding).
  expect(Math.abs(size.width - 2 * box!.width)).toBeLessThanOrEqual(2);
  expect(size.height).toBe(2 * parsed.height);
  expect(size.height).toBeGreaterThan(2 * 150);

  const path = await exportFile(page, info, 'Export Data path as SVG');
  expect(path.download.suggestedFilename()).toBe('data-path-host-stack.svg');
  const pathMarkup = path.bytes.toString('utf8');
  const pathParsed = await parseSvg(page, pathMarkup);
  expect(pathParsed.error).toBeNull();
  expect(pathParsed.text).toContain('host-stack');
  expect(pathParsed.text).toContain('BOTTLENECK');
  expect(pathParsed.text).toContain('PCI-X');
  // Styles from panels.css travel with the drawing.
  expect(pathMarkup).toMatch(/style="[^"]*font-family/);

  const pathPng = await exportFile(page, info, 'Export Data path as PNG');
  expect(pngSize(pathPng.bytes).width).toBeGreaterThan(400);

  // The other charts on the page: each file parses.
  for (const chart of ['Copy ledger', 'Copies per payload byte over time']) {
    const file = await exportFile(page, info, `Export ${chart} as SVG`);
    const other = await parseSvg(page, file.bytes.toString('utf8'));
    expect(other.error, chart).toBeNull();
    expect(other.text, chart).toContain(chart);
  }
  await shot(page, info, 'after-exports');
  expect(problems).toEqual([]);
});

test('the card ARP status timeline exports under full-toe', async ({ page }, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await chooseArchitecture(page, 'full-toe');
  await page.getByRole('button', { name: 'Play' }).click();
  await poll(() => simSeconds(page), { timeout: 60_000 }).toBeGreaterThan(0.2);
  await page.getByRole('button', { name: 'Pause' }).click();
  const file = await exportFile(page, info, 'Export ARP sync timeline as SVG');
  expect(file.download.suggestedFilename()).toBe('arp-sync-timeline-full-toe.svg');
  const parsed = await parseSvg(page, file.bytes.toString('utf8'));
  expect(parsed.error).toBeNull();
  expect(parsed.text).toContain('10.0.0.2');
  expect(parsed.text).toContain('in sync');
  const png = await exportFile(page, info, 'Export ARP sync timeline as PNG');
  expect(pngSize(png.bytes).height).toBe(2 * parsed.height);
  expect(problems).toEqual([]);
});
