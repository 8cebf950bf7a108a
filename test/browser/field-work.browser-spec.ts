import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, launchChromium } from './support/chromium.js';
import { logIn, openPage, type WatchedPage } from './support/pages.js';
import {
  ADMIN_PASSWORD,
  apiCall,
  apiLogin,
  createAccounts,
  PROJECT,
  startServedApp,
  type Account,
  type ServedApp,
} from './support/served-app.js';

/**
 * Field work (issue 14): the ledger's batch move, and moves made while offline, in headless
 * Chromium against the built application on the Qingxu seed. The offline test needs the service
 * worker, which Chromium runs on the served 127.0.0.1 (a secure context). Screenshots of the
 * batch's outcome and the offline queue, on a desktop and a 390 px phone, go to
 * test/.artifacts/browser/screenshots/ and /tmp/field-work-*.png.
 */

const SCREENSHOTS = join(PROJECT, 'test/.artifacts/browser/screenshots');
const SLOW = 180_000;
const PHONE_390 = { width: 390, height: 844 };

let app: ServedApp;
let browser: Browser;
let staff: Account;
let inspector: Account;
let adminToken: string;
const opened: WatchedPage[] = [];

interface Household {
  id: number;
  householder: string;
  grade: string;
  status: string;
  version: number;
  villageId: number;
}

interface HistoryEntry {
  from: string | null;
  to: string;
  occurredOn: string;
  actor: string;
  inspection: {
    passed: boolean;
    newGrade: string | null;
    ownerAgrees: boolean | null;
    method: string | null;
    remarks: string | null;
  } | null;
}

/** The county's date `days` days from today (UTC+8 all year). */
function countyDate(days = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  app = await startServedApp();
  [staff, inspector] = await createAccounts(app.baseUrl, [
    { username: 'tianye', displayName: '田野', role: 'staff' },
    { username: 'yanshou', displayName: '严守', role: 'inspector' },
  ]);
  adminToken = await apiLogin(app.baseUrl, 'admin', ADMIN_PASSWORD);
}, SLOW);

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await (browser as Browser | undefined)?.close();
  await (app as ServedApp | undefined)?.stop();
});

async function freshPage(): Promise<WatchedPage> {
  const watched = await openPage(browser, app.baseUrl, { viewport: DESKTOP });
  opened.push(watched);
  return watched;
}

const api = <T>(method: string, path: string, body?: unknown) => apiCall<T>(app.baseUrl, adminToken, method, path, body);
const household = (id: number) => api<Household>('GET', `/households/${id}`);
const history = (id: number) => api<HistoryEntry[]>('GET', `/households/${id}/history`);

/** Someone else (the admin) moves a household, through the API. */
async function moveAsAdmin(id: number, to: string): Promise<void> {
  const current = await household(id);
  await api('POST', `/households/${id}/transitions`, { to, occurredOn: countyDate(), version: current.version });
}

/** New households for one test, all named with `prefix` so that the ledger's search lists exactly them. */
async function createHouseholds(
  prefix: string,
  specs: { name: string; grade?: string; status?: string; statusOn?: string }[],
): Promise<Household[]> {
  const regions = await api<{ id: number; level: string }[]>('GET', '/regions');
  const village = regions.find((r) => r.level === 'village');
  if (!village) throw new Error('The seed has no village');
  const created: Household[] = [];
  for (const spec of specs) {
    created.push(
      await api<Household>('POST', '/households', {
        villageId: village.id,
        householder: `${prefix}${spec.name}`,
        grade: spec.grade ?? 'C',
        status: spec.status ?? 'pending',
        statusOn: spec.statusOn ?? '2021-12-23',
      }),
    );
  }
  return created;
}

async function openLedger(page: Page, q: string): Promise<void> {
  await page.goto(`/#/ledger?q=${encodeURIComponent(q)}`);
  await page.locator('[data-household]').first().waitFor();
}

async function runBatch(page: Page, ids: number[], to: string, occurredOn: string | null, before?: () => Promise<void>): Promise<void> {
  for (const id of ids) await page.locator(`[data-select="${id}"]`).check();
  await page
    .getByTestId('batch-count')
    .filter({ hasText: `已选 ${ids.length} 户` })
    .waitFor();
  await page.getByLabel('新状态').selectOption(to);
  if (occurredOn) await page.getByLabel('发生日期').fill(occurredOn);
  await before?.();
  await page.getByRole('button', { name: '记录所选住户' }).click();
  await page.getByRole('button', { name: '确定记录' }).click();
  await page.locator('.batch-result-table').waitFor();
}

async function outcomeOf(page: Page, id: number): Promise<string | null> {
  return page.locator(`[data-result="${id}"]`).getAttribute('data-outcome');
}

/**
 * `target` on a desktop and a 390 px phone, for a person to look at: the element alone, or with
 * `withHeader` the top of the page (the header's indicator and the panel under it).
 */
async function screenshots(page: Page, name: string, target: string, withHeader = false): Promise<void> {
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE_390],
  ] as const) {
    await page.setViewportSize(viewport);
    // Nothing wider than the screen: wide tables scroll inside their own box.
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(viewport.width);
    for (const path of [`/tmp/field-work-${name}-${size}.png`, join(SCREENSHOTS, `field-work-${name}-${size}.png`)]) {
      if (withHeader) {
        await page.evaluate('window.scrollTo(0, 0)');
        await page.screenshot({ path, fullPage: size === 'phone' });
      } else {
        await page.locator(target).screenshot({ path });
      }
    }
  }
  await page.setViewportSize(DESKTOP);
}

describe('field work in Chromium', () => {
  it(
    'a staff member ticks households and records one move for all: applied, changed by someone else first, refused, skipped',
    async () => {
      // `late` was entered today: a batch dated yesterday is before its last change, which the server refuses;
      // `finished` cannot start work at all, so the page skips it.
      const [first, second, changed, late, finished] = await createHouseholds('批量', [
        { name: '甲' },
        { name: '乙' },
        { name: '丙' },
        { name: '丁', statusOn: countyDate() },
        { name: '戊', status: 'accepted' },
      ]);

      const { page, problems } = await freshPage();
      await logIn(page, staff);
      await openLedger(page, '批量');
      await expect(page.locator('[data-household]').count()).resolves.toBe(5);
      const yesterday = countyDate(-1);
      await runBatch(page, [first.id, second.id, changed.id, late.id, finished.id], 'in_progress', yesterday, async () => {
        await page.locator('.batch-skipped summary').click();
        await screenshots(page, 'batch-form', '.batch');
        // After the ledger was loaded, someone else starts the work on one of them first.
        await moveAsAdmin(changed.id, 'in_progress');
      });

      await expect(outcomeOf(page, first.id)).resolves.toBe('applied');
      await expect(outcomeOf(page, second.id)).resolves.toBe('applied');
      await expect(outcomeOf(page, changed.id)).resolves.toBe('conflict');
      await expect(outcomeOf(page, late.id)).resolves.toBe('refused');
      await expect(outcomeOf(page, finished.id)).resolves.toBe('skipped');
      const row = (id: number) => page.locator(`[data-result="${id}"]`).innerText();
      await expect(row(changed.id)).resolves.toContain('已被他人修改');
      await expect(row(late.id)).resolves.toMatch(/不允许[\s\S]*早于/);
      await expect(row(finished.id)).resolves.toContain('不能变为“施工中”');
      const counts = await page.locator('.batch-counts').innerText();
      expect(counts.replace(/\s+/g, ' ')).toBe('已记录 2 户 已被他人修改 1 户 不允许 1 户 已跳过 1 户');

      // The applied ones moved, once, on the date given; the others did not (the conflicting one only by the admin).
      for (const id of [first.id, second.id]) {
        expect((await household(id)).status).toBe('in_progress');
        const entries = (await history(id)).filter((e) => e.to === 'in_progress');
        expect(entries.map((e) => [e.occurredOn, e.actor])).toEqual([[yesterday, '田野']]);
      }
      expect((await household(late.id)).status).toBe('pending');
      expect((await history(changed.id)).filter((e) => e.to === 'in_progress').map((e) => e.actor)).toEqual(['系统管理员']);
      expect((await household(finished.id)).status).toBe('accepted');

      await screenshots(page, 'batch-outcome', '.batch');
      await page.getByRole('button', { name: '重新载入台账' }).click();
      await page.locator(`[data-household="${first.id}"] .badge`).filter({ hasText: '施工中' }).waitFor();

      // The whole ledger: this page, then every household the filter matches (fetched 500 at a time).
      await openLedger(page, '');
      const total = (await api<{ total: number }>('GET', '/households?pageSize=1')).total;
      const pending = (await api<{ total: number }>('GET', '/households?status=pending&pageSize=1')).total;
      await page.getByLabel('全选本页').check();
      await page.getByTestId('batch-count').filter({ hasText: '已选 50 户' }).waitFor();
      await page.getByRole('button', { name: `选择全部符合条件的 ${total} 户` }).click();
      await page
        .getByTestId('batch-count')
        .filter({ hasText: `已选 ${total} 户` })
        .waitFor();
      await page.getByLabel('新状态').selectOption('in_progress');
      await page.locator('.batch-plan').getByText(`${pending} 户将记录为“施工中”。`).waitFor();
      await page.getByRole('button', { name: '取消选择' }).click();
      await expect(page.locator('input[data-select]:checked').count()).resolves.toBe(0);
      expect(problems).toEqual([]);
    },
    SLOW,
  );

  it(
    'offline: moves from the household page and from a batch wait as 待同步, survive a reload, and sync once when the connection is back',
    async () => {
      const [alone, inBatch, conflicting] = await createHouseholds('离线', [{ name: '甲' }, { name: '乙' }, { name: '丙' }]);
      const { context, page, problems } = await freshPage();
      await logIn(page, staff);
      // The service worker takes the page over; from then on it keeps what the pages load.
      await page.waitForFunction('navigator.serviceWorker && navigator.serviceWorker.controller !== null');
      await openLedger(page, '离线');
      await page.goto(`/#/households/${alone.id}`);
      await page.getByRole('heading', { level: 1, name: alone.householder }).waitFor();
      // The worker writes what it keeps after the page has its answer: wait until the ledger's and the household's are kept.
      await page.waitForFunction(
        `caches.open('tracker-api').then((c) => c.keys()).then((keys) => ['/api/households?', '/api/households/${alone.id}/history'].every((part) => keys.some((k) => k.url.includes(part))))`,
      );

      await context.setOffline(true);
      await page.getByTestId('offline').waitFor();
      await page.getByRole('button', { name: '开工（转为施工中）' }).click();
      await page.getByText('已暂存在本机：待修缮 → 施工中。联网后自动同步。').waitFor();
      await expect(page.locator('.subtitle .badge').innerText()).resolves.toBe('施工中');
      await expect(page.locator('.subtitle .sync-tag').innerText()).resolves.toBe('待同步');
      await page.getByTestId('sync-toggle').filter({ hasText: '1 条待同步' }).waitFor();
      await screenshots(page, 'offline-household', '.moves');

      await page.getByRole('link', { name: '返回住户台账' }).click();
      await page.locator(`[data-household="${alone.id}"] .sync-tag`).waitFor();
      await runBatch(page, [inBatch.id, conflicting.id], 'in_progress', null);
      await expect(outcomeOf(page, inBatch.id)).resolves.toBe('queued');
      await expect(outcomeOf(page, conflicting.id)).resolves.toBe('queued');
      // While the page is offline, someone else starts the work on one of them.
      await moveAsAdmin(conflicting.id, 'in_progress');

      // A reload without the network: the service worker has the pages and the ledger.
      await page.reload();
      await page.locator(`[data-household="${inBatch.id}"]`).waitFor();
      for (const id of [alone.id, inBatch.id, conflicting.id]) {
        await expect(page.locator(`[data-household="${id}"] .row-status`).innerText()).resolves.toMatch(/施工中\s*待同步/);
      }
      await page.getByTestId('sync-toggle').filter({ hasText: '3 条待同步' }).click();
      await page.locator('#sync-queue [data-queued]').nth(2).waitFor();
      await screenshots(page, 'offline-queue', '#sync-queue', true);

      await context.setOffline(false);
      await page
        .getByTestId('sync-toggle')
        .filter({ hasText: /^1 条需处理$/ })
        .waitFor();
      await expect(page.getByTestId('offline').count()).resolves.toBe(0);
      const left = page.locator('#sync-queue [data-queued]');
      await expect(left.count()).resolves.toBe(1);
      await expect(left.innerText()).resolves.toMatch(/已被他人修改：此户刚被他人修改/);

      // Sent once each: one start of work in each history, the conflicting one only the admin's.
      for (const id of [alone.id, inBatch.id]) {
        const starts = (await history(id)).filter((e) => e.to === 'in_progress');
        expect(starts.map((e) => e.actor)).toEqual(['田野']);
      }
      expect((await history(conflicting.id)).filter((e) => e.to === 'in_progress').map((e) => e.actor)).toEqual(['系统管理员']);
      await screenshots(page, 'offline-conflict', '#sync-queue', true);

      // The conflict is the user's to resolve: discarded with a second click, it is gone.
      await left.getByRole('button', { name: /放弃/ }).click();
      await left.getByRole('button', { name: /确定放弃/ }).click();
      await page.getByTestId('sync-toggle').waitFor({ state: 'detached' });

      // Logging out forgets what was kept for offline use: the next user of this PC sees none of it.
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
      await expect(page.evaluate('caches.keys()')).resolves.not.toContain('tracker-api');
      await expect(page.evaluate('localStorage.getItem("tracker.me")')).resolves.toBeNull();
      const unexpected = problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|FetchEvent|net::ERR_FAILED/.test(p));
      expect(unexpected).toEqual([]);
    },
    SLOW,
  );

  it(
    'an inspector records an acceptance with its record: the grade after repair and the householder’s view are asked for',
    async () => {
      const [house] = await createHouseholds('验收', [{ name: '甲', status: 'completed' }]);
      const { page, problems } = await freshPage();
      await logIn(page, inspector);
      await page.goto(`/#/households/${house.id}`);
      await page.getByRole('heading', { level: 1, name: house.householder }).waitFor();
      const accept = page.getByRole('button', { name: '验收合格（转为已验收）' });

      await accept.click();
      await page.getByRole('alert').getByText('验收合格须选择验收后等级。').waitFor();
      await expect(page.evaluate('document.activeElement && document.activeElement.name')).resolves.toBe('newGrade');
      await page.getByLabel('B级').check();
      await accept.click();
      await page.getByRole('alert').getByText('验收合格须选择户主意见。').waitFor();
      await page.getByLabel('同意', { exact: true }).check();
      await page.getByLabel('验收方式').fill('现场查看');
      await page.getByLabel('验收备注').fill('墙面裂缝已修补');
      await page.locator('.inspection').screenshot({ path: '/tmp/field-work-inspection-desktop.png' });
      await accept.click();
      await page.getByText('已记录：已完工 → 已验收。').waitFor();

      const verdict = (await history(house.id)).at(-1);
      expect(verdict?.to).toBe('accepted');
      expect(verdict?.inspection).toMatchObject({
        passed: true,
        newGrade: 'B',
        ownerAgrees: true,
        method: '现场查看',
        remarks: '墙面裂缝已修补',
      });
      await expect(page.locator('.history-table .inspection-summary').innerText()).resolves.toBe(
        '验收后等级：B级；户主同意；验收方式：现场查看；验收备注：墙面裂缝已修补',
      );
      expect(problems).toEqual([]);
    },
    SLOW,
  );

  it('the service worker is served at the root, checked on every load, and lists this build’s assets', async () => {
    const worker = await fetch(`${app.baseUrl}/sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    expect(worker.headers.get('content-type')).toMatch(/javascript/);
    const code = await worker.text();
    const index = await (await fetch(`${app.baseUrl}/`)).text();
    const assets = [...index.matchAll(/\/assets\/[\w-]+\.(?:js|css)/g)].map((m) => m[0]);
    expect(assets).toHaveLength(2);
    for (const asset of assets) expect(code).toContain(`"${asset}"`);
  });
});
