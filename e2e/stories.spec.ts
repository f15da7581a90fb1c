import type { Locator, Page } from '@playwright/test';
import { expect, ledgerValue, poll, shot, test, watchConsole } from './lab-helpers.ts';

/**
 * The guided walkthroughs (issue 6): every story from its first step to its last, as a
 * reader walks it — Next (and one Back, in the first story), Finish — with the panels
 * each step points at highlighted and every number in the text filled in by the running
 * simulation. The lab plays as fast as it can (a step's speed is only a minimum), so
 * nothing waits on a wall clock; Next and Back are pressed from the keyboard, as the
 * guide allows.
 */
const STORY_COUNT = 5;
/** Live values need a settled verdict: a few hundred ms of simulated traffic. */
const VALUES_TIMEOUT = 60_000;

function guide(page: Page): Locator {
  return page.getByRole('region', { name: 'Walkthrough' });
}

/** Opens the walkthrough list with the lab at full speed. */
async function openStories(page: Page): Promise<void> {
  await page.goto('/?view=stories&speed=max');
  await expect(page.getByRole('button', { name: 'Walkthroughs' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(guide(page).getByRole('listitem')).toHaveCount(STORY_COUNT);
}

interface GuideState {
  counter: string;
  /** Panels named under "Look at". */
  looks: number;
  /** Lab panels carrying the highlight class and attribute. */
  marked: number;
  firstMarked: number;
  values: number;
  waiting: number;
}

/** What the guide and the lab show now, read in one go (the page is busy at full speed). */
function readGuide(page: Page): Promise<GuideState> {
  return page.evaluate(() => {
    const g = document.querySelector('[aria-label="Walkthrough"]')!;
    const counter = [...g.querySelectorAll('p')].find((p) =>
      /^Step \d+ of \d+$/.test(p.textContent ?? ''),
    );
    const look = [...g.querySelectorAll('p')].find((p) =>
      (p.textContent ?? '').startsWith('Look at:'),
    );
    return {
      counter: counter?.textContent ?? '',
      looks: look?.querySelectorAll('button').length ?? 0,
      marked: document.querySelectorAll('[data-panel].story-highlight[data-story-highlight]')
        .length,
      firstMarked: document.querySelectorAll('[data-panel][data-story-highlight="first"]').length,
      values: g.querySelectorAll('[data-binding]').length,
      waiting: [...g.querySelectorAll('[data-binding]')].filter(
        (e) => e.hasAttribute('data-waiting') || e.textContent === '…',
      ).length,
    };
  });
}

/**
 * Step `n` of `of` is on screen with its panels marked (as many as "Look at" names, the
 * first scrolled to), and — when `filled` — every value in its text is a number.
 */
async function checkStep(page: Page, n: number, of: number, filled = true): Promise<void> {
  await poll(async () => {
    const s = await readGuide(page);
    return {
      counter: s.counter,
      marked: s.looks > 0 && s.marked === s.looks && s.firstMarked === 1,
      values: s.values > 0,
    };
  }).toEqual({ counter: `Step ${n} of ${of}`, marked: true, values: true });
  if (!filled) return;
  await poll(async () => (await readGuide(page)).waiting, { timeout: VALUES_TIMEOUT }).toBe(0);
}

/** Story 1, step 1 (host stack, one port): the copies quoted are the copy ledger's. */
async function quotesTheLedger(page: Page): Promise<void> {
  const quoted = async () => {
    const text = (await guide(page).locator('[data-binding="copies"]').textContent()) ?? '';
    return Number(/^([\d.]+) copies\/B$/.exec(text)?.[1] ?? NaN);
  };
  await poll(quoted).toBeCloseTo(1, 1);
  // Both read the same verdict; poll until a read does not straddle an update.
  await poll(async () => (await quoted()) === (await ledgerValue(page, 'CPU copies'))).toBe(true);
}

test.describe('walkthroughs', () => {
  test.setTimeout(180_000);

  for (let index = 0; index < STORY_COUNT; index++) {
    test(`walkthrough ${index + 1}: first to last step`, async ({ page }, info) => {
      const problems = watchConsole(page);
      await openStories(page);
      const choice = guide(page).getByRole('listitem').nth(index).getByRole('button');
      const title = (await choice.locator('.story-list__title').textContent()) ?? '';
      await choice.click();
      await expect(guide(page).getByRole('heading', { level: 2, name: title })).toBeFocused();
      await expect(guide(page).getByRole('button', { name: 'Back' })).toBeDisabled();
      const counter =
        (await guide(page)
          .getByText(/^Step 1 of \d+$/)
          .textContent()) ?? '';
      const steps = Number(/of (\d+)$/.exec(counter)?.[1]);
      expect(steps).toBeGreaterThanOrEqual(3);
      const next = guide(page).getByRole('button', { name: 'Next' });

      for (let n = 1; n <= steps; n++) {
        await checkStep(page, n, steps);
        if (index === 0 && n === 1) await quotesTheLedger(page);
        if (n === 1 && index === 0) await shot(page, info, `story-${index + 1}-step-${n}`);
        if (n === 2 && index === 0) {
          // One step back and on again: each runs its scenario anew. The guide's Back and
          // Next are the same for every story, so one story shows it.
          await guide(page).getByRole('button', { name: 'Back' }).press('Enter');
          await checkStep(page, 1, steps, false);
          await next.press('Enter');
          await checkStep(page, 2, steps);
        }
        if (n < steps) await next.press('Enter');
      }

      const link = guide(page).getByRole('link', { name: 'Link to this step' });
      const href = new URL((await link.getAttribute('href'))!, 'http://lab');
      expect(Object.fromEntries(href.searchParams)).toMatchObject({
        view: 'stories',
        step: String(steps),
      });
      await shot(page, info, `story-${index + 1}-step-${steps}`);
      await expect(next).toHaveCount(0);
      if (index === 0) {
        await guide(page).getByRole('link', { name: '← All walkthroughs' }).click();
      } else {
        await guide(page).getByRole('button', { name: 'Finish' }).press('Enter');
      }
      await expect(guide(page).getByRole('listitem')).toHaveCount(STORY_COUNT);
      await expect(guide(page).getByRole('heading', { name: 'Walkthroughs' })).toBeFocused();
      await expect(page.locator('[data-story-highlight]')).toHaveCount(0);
      expect(problems).toEqual([]);
    });
  }

  test('a link opens its step', async ({ page }, info) => {
    const problems = watchConsole(page);
    await page.goto('/?view=stories&story=toe-arp&step=2&speed=max');
    await expect(
      guide(page).getByRole('heading', { level: 3, name: 'Poll: stale until the next read' }),
    ).toBeVisible();
    await checkStep(page, 2, 4);
    await expect(page.locator('[data-panel="sync"]')).toHaveAttribute(
      'data-story-highlight',
      'first',
    );
    await expect(guide(page).locator('[data-binding="pollMs"]')).toHaveText('100 ms');
    // The peer moves at 300 ms; poll repairs the card's entry at its next read, so the
    // entry ends in sync after being stale for at most one poll interval.
    const staleMs = async () => {
      const text = (await guide(page).locator('[data-binding="staleMs"]').textContent()) ?? '';
      const match = /^([\d.]+) ms$/.exec(text);
      return match ? Number(match[1]) : 0;
    };
    await poll(staleMs, { timeout: VALUES_TIMEOUT }).toBeGreaterThan(50);
    await expect(guide(page).locator('[data-binding="cardEntry"]')).toHaveText('in sync', {
      timeout: VALUES_TIMEOUT,
    });
    expect(await staleMs()).toBeLessThanOrEqual(100.1);
    await shot(page, info, 'deep-link-toe-arp-2');
    expect(new URL(page.url()).searchParams.get('step')).toBe('2');

    // The reader changes the scenario: the text's numbers wait until the step runs again.
    const ports = page.getByRole('textbox', { name: 'Ports' });
    await ports.fill('2');
    await ports.press('Enter');
    const changed = guide(page).getByRole('status').filter({ hasText: 'different scenario' });
    await expect(changed).toBeVisible();
    await expect(guide(page).locator('[data-binding="goodput"]')).toHaveText('…');
    await changed.getByRole('button', { name: 'Run this step’s scenario' }).click();
    await expect(changed).toHaveCount(0);
    await expect(ports).toHaveValue('1');
    await checkStep(page, 2, 4);
    expect(problems).toEqual([]);
  });

  test('a link to a step that runs the default scenario starts it too', async ({ page }) => {
    // Step 2 of the first story runs the lab's default preset, already loaded (paused).
    const problems = watchConsole(page);
    await page.goto('/?view=stories&story=wire-speed&step=2&speed=max');
    await checkStep(page, 2, 5);
    await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('4x1g-bulk-send');
    expect(problems).toEqual([]);
  });

  test('the card-window story hands over to the compare view', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto('/?view=stories&story=card-window&step=5&speed=max');
    await expect(guide(page).getByText('Step 5 of 5', { exact: true })).toBeVisible();
    await guide(page).getByRole('button', { name: 'Compare these three side by side' }).click();
    await expect(page.getByRole('button', { name: 'Compare' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await poll(() => new URL(page.url()).searchParams.get('compare')).toBe(
      'csum-tso,full-toe,card-window',
    );
    expect(new URL(page.url()).searchParams.get('baseline')).toBe('csum-tso');
    expect(problems).toEqual([]);
  });
});
