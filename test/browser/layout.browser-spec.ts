import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { DESKTOP, launchChromium, PHONE } from './support/chromium.js';
import { logIn, openPage, type WatchedPage } from './support/pages.js';
import { ADMIN_PASSWORD, apiCall, apiLogin, PROJECT, startServedApp, type ServedApp } from './support/served-app.js';

/**
 * How the pages are laid out on a phone (360 px) and a desktop: dates that never break, the
 * household page's two cards side by side and aligned, and wide tables that either fit or show
 * that they scroll. Screenshots go to test/.artifacts/browser/screenshots/ (look at them).
 */

const SCREENSHOTS = join(PROJECT, 'test/.artifacts/browser/screenshots');
const SLOW = 120_000;
const ADMIN = { username: 'admin', password: ADMIN_PASSWORD };

let app: ServedApp;
let browser: Browser;
let householdId: number;
const opened: WatchedPage[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  app = await startServedApp();
  // A household with a few moves, a note and filled-in appraisal, so every card has content.
  const token = await apiLogin(app.baseUrl, 'admin', ADMIN_PASSWORD);
  const page = await apiCall<{ items: { id: number; version: number }[] }>(
    app.baseUrl,
    token,
    'GET',
    '/households?status=pending&grade=C&pageSize=1',
  );
  const [household] = page.items;
  householdId = household.id;
  let version = household.version;
  const edited = await apiCall<{ version: number }>(app.baseUrl, token, 'PATCH', `/households/${householdId}`, {
    version,
    address: '阎家营村东街12号',
    appraisalAgency: '太原市建筑工程质量检测中心',
    appraisalDate: '2021-10-12',
    appraisalReportNo: 'JD-2021-1043',
  });
  version = edited.version;
  for (const [to, occurredOn, note] of [
    ['in_progress', '2021-12-28', undefined],
    ['completed', '2022-01-05', '施工队报完工，照片已存档'],
  ] as const) {
    version = (
      await apiCall<{ version: number }>(app.baseUrl, token, 'POST', `/households/${householdId}/transitions`, {
        to,
        occurredOn,
        note,
        version,
      })
    ).version;
  }
}, SLOW);

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  // Unset if beforeAll failed before starting them.
  await (browser as Browser | undefined)?.close();
  await (app as ServedApp | undefined)?.stop();
});

async function freshPage(viewport: { width: number; height: number }): Promise<WatchedPage> {
  const watched = await openPage(browser, app.baseUrl, { viewport });
  opened.push(watched);
  await logIn(watched.page, ADMIN);
  return watched;
}

describe('the household page', () => {
  it.each([
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ])(
    'on a %s: history dates on one line, nothing wider than the screen (screenshots household-phone.png, household-desktop.png)',
    async (name, viewport) => {
      const { page, problems } = await freshPage(viewport);
      await page.goto(`/#/households/${householdId}`);
      await page.locator('.history-table tbody tr').nth(2).waitFor();
      const dates = await page
        .locator('.history-table time')
        .evaluateAll((times) => times.map((time) => [time.textContent, time.getClientRects().length]));
      expect(dates).toHaveLength(6);
      expect(dates.filter(([, lines]) => lines !== 1)).toEqual([]);
      await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(viewport.width);
      await page.screenshot({ path: join(SCREENSHOTS, `household-${name}.png`), fullPage: true });
      expect(problems).toEqual([]);
    },
    SLOW,
  );

  it(
    'on a desktop: the facts and the appraisal cards side by side, top and bottom aligned, their values in one column',
    async () => {
      const { page } = await freshPage(DESKTOP);
      await page.goto(`/#/households/${householdId}`);
      await page.locator('.household-appraisal dd').first().waitFor();
      const cards = await Promise.all(['.household-facts', '.household-appraisal'].map((card) => page.locator(card).boundingBox()));
      const [facts, appraisal] = cards.map((box) => box!);
      expect(appraisal.x).toBeGreaterThan(facts.x + facts.width);
      expect([appraisal.y, appraisal.height]).toEqual([facts.y, facts.height]);
      // The first value of each card starts at the same distance from the card's edge.
      const offsets = await Promise.all(
        ['.household-facts', '.household-appraisal'].map((card) =>
          page
            .locator(`${card} dd`)
            .first()
            .evaluate((dd) => dd.getBoundingClientRect().left - dd.closest('section')!.getBoundingClientRect().left),
        ),
      );
      expect(offsets[1]).toBeCloseTo(offsets[0], 0);
    },
    SLOW,
  );
});

describe('wide tables on a 360 px phone', () => {
  it(
    'either fit or scroll inside their own box, with a shadow on the edge that hides columns',
    async () => {
      const { page, problems } = await freshPage(PHONE);
      await page.goto('/#/chart');
      await page.locator('[data-cell="B-completed"]').waitFor();
      await page.locator('.trend .chart svg').waitFor();
      await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(PHONE.width);
      // In the page (the test's own compiler settings have no DOM globals).
      const boxes = await page.evaluate<
        { label: string; wider: boolean; overflowX: string; shadows: number }[]
      >(`[...document.querySelectorAll('.table-wrap')].map((wrap) => ({
      label: wrap.getAttribute('aria-label'),
      wider: wrap.scrollWidth > wrap.clientWidth,
      overflowX: getComputedStyle(wrap).overflowX,
      shadows: (getComputedStyle(wrap).backgroundImage.match(/radial-gradient/g) ?? []).length,
    }))`);
      const scrolling = boxes.filter((box) => box.wider);
      // The wall chart's number tables are wider than a phone (the test would prove nothing otherwise).
      expect(scrolling.length).toBeGreaterThan(0);
      for (const box of scrolling) expect(box).toMatchObject({ overflowX: 'auto', shadows: 2 });

      const summary = page.locator('.table-wrap').first();
      await summary.screenshot({ path: join(SCREENSHOTS, 'wide-table-phone-start.png') });
      await summary.evaluate((wrap) => (wrap.scrollLeft = wrap.scrollWidth));
      await summary.screenshot({ path: join(SCREENSHOTS, 'wide-table-phone-end.png') });
      expect(problems).toEqual([]);
    },
    SLOW,
  );
});
