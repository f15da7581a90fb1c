import {
  expect,
  openLab,
  poll,
  readouts,
  shot,
  simSeconds,
  test,
  watchConsole,
} from './lab-helpers.ts';

test('play: every port carries traffic within 5 s and the bottleneck is named (host CPU)', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await poll(
    async () => {
      const r = await readouts(page);
      const tx = [0, 1, 2, 3].map((p) => r[`port ${p} TX`] ?? 0);
      return tx.every((v) => v > 0);
    },
    { timeout: 5000 },
  ).toBe(true);
  // 4 × 1 GbE on one 2.4 GHz core with the Linux 2.4 stack: the CPU runs out first.
  await expect(page.getByText(/^BOTTLENECK: host CPU \d+ %$/)).toBeVisible({ timeout: 5000 });
  // And still, a readout window later (25 samples of 10 ms at 1×): not a burst at the start.
  const seen = await simSeconds(page);
  await poll(() => simSeconds(page)).toBeGreaterThan(seen + 0.25);
  const r = await readouts(page);
  for (let p = 0; p < 4; p++) expect(r[`port ${p} TX`]).toBeGreaterThan(0);
  await shot(page, info, 'playing');
  expect(problems).toEqual([]);
});

test('the data path shows the queues and the DMA engine; the window panel charts the smoothed RTT', async ({
  page,
}, info) => {
  const problems = watchConsole(page);
  await openLab(page);
  await page.getByRole('button', { name: 'Play' }).click();
  const path = page.getByRole('img', { name: /^Data path for host-stack/ });
  // Each queue with its mean depth over the last 100 ms against what it holds.
  await expect(path).toHaveAccessibleName(/Queues, mean over the last 100 ms/, { timeout: 5000 });
  const name = (await path.getAttribute('aria-label')) ?? '';
  expect(name).toMatch(/qdisc \d+ \/ 100 \(port \d\)/);
  expect(name).toMatch(/TX ring \d+ \/ 255 \(port \d\)/);
  expect(name).toMatch(/TX FIFO [\d.]+ k?B \/ 16\.4 kB \(port \d\)/);
  expect(name).toMatch(/RX FIFO [\d.]+ k?B \/ 49\.2 kB \(port \d\)/);
  expect(name).toMatch(/peer queue \d+ \/ 1,256 \(port \d\)/);
  expect(name).toMatch(/card DMA engine \d+ %/);
  // The sender's smoothed RTT: above the link's 100 µs, since it includes the queues.
  const rtt = page.getByRole('figure', { name: /^Smoothed RTT/ });
  const latest = rtt.getByRole('status', { name: 'smoothed RTT latest' });
  await poll(async () => Number(((await latest.textContent()) ?? '').replace(/[^\d.]/g, '')), {
    timeout: 5000,
  }).toBeGreaterThan(100);
  await shot(page, info, 'queues-and-rtt');
  expect(problems).toEqual([]);
});
