import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig } from '@playwright/test';

/**
 * Playwright cannot download its own browser here, so use the system Chromium:
 * $CHROMIUM_PATH, then Debian's /usr/bin/chromium, else Playwright's bundled build.
 */
function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
  return candidates.find((p): p is string => Boolean(p && existsSync(p)));
}

/**
 * Chromium's headless mode is the whole browser: each test's new window also loads the
 * omnibox popup's WebUI (chrome://omnibox-popup.top-chrome) in a renderer of its own, about
 * a CPU-second per test on a machine the lab's worker already keeps busy. Chromium honours
 * only the last --disable-features, so this one repeats the list Playwright 1.65.1 passes
 * (playwright-core's chromiumSwitches.ts) and adds the two omnibox features. On another
 * Playwright version it is left out, rather than drop defaults nobody has read.
 */
function disabledFeatures(): string[] {
  const version = (
    createRequire(import.meta.url)('playwright-core/package.json') as { version: string }
  ).version;
  if (version !== '1.65.1') return [];
  const playwrights = [
    'AvoidUnnecessaryBeforeUnloadCheckSync',
    'DestroyProfileOnBrowserClose',
    'HttpsUpgrades',
    'HttpsFirstBalancedModeAutoEnable',
    'LensOverlay',
    'MediaRouter',
    'PaintHolding',
    'ThirdPartyStoragePartitioning',
    'AvoidCorsURLLoaderRestartOnRedirect',
    'TcpPortRandomizationWin',
    'OptimizationHints',
    'NetworkTimeServiceQuerying',
    'AimEnabled',
    'PreconnectToSearch',
    'msForceBrowserSignIn',
    'msEdgeUpdateLaunchServicesPreferredVersion',
  ];
  return [
    `--disable-features=${[...playwrights, 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'].join(',')}`,
  ];
}

const executablePath = chromiumPath();
const port = Number(process.env.E2E_PORT ?? 4317);
/** Each port builds into its own folder, so two runs on one machine don't share a build. */
const outDir = process.env.E2E_PORT ? `.e2e-dist/${port}` : 'dist';

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  workers: 1,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: process.env.E2E_PORT ? `test-results/port-${port}` : 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // A failed test's pages are photographed by e2e/lab-helpers.ts's `test` (Playwright's
    // 'only-on-failure' photographs every test's pages); E2E_SHOTS=1 keeps every step's.
    screenshot: process.env.E2E_SHOTS ? 'on' : 'off',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        ...disabledFeatures(),
      ],
    },
  },
  webServer: {
    command: `npx vite build --outDir ${outDir} && npx vite preview --outDir ${outDir} --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
