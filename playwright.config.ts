import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Playwright cannot download its own browser here, so use the system Chromium:
 * $CHROMIUM_PATH, then Debian's /usr/bin/chromium, else Playwright's bundled build.
 */
function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
  return candidates.find((p): p is string => Boolean(p && existsSync(p)));
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
    // A screenshot of the page when a test fails; E2E_SHOTS=1 also keeps every step's.
    screenshot: process.env.E2E_SHOTS ? 'on' : 'only-on-failure',
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
