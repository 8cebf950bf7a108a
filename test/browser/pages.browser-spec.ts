import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, launchChromium, PHONE } from './support/chromium.js';
import { besides, logIn, openPage, summaryCell, type WatchedPage } from './support/pages.js';
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
 * The web pages in headless Chromium, against the built application started as a user starts
 * it, on the Qingxu 2021-12-23 seed. Screenshots, downloads and the server's log go to
 * test/.artifacts/browser/ (not committed).
 */

const ARTIFACTS = join(PROJECT, 'test/.artifacts/browser');
const SCREENSHOTS = join(ARTIFACTS, 'screenshots');
const DOWNLOADS = join(ARTIFACTS, 'downloads');
const SLOW = 120_000;

let app: ServedApp;
let browser: Browser;
let staff: Account;
let supervisor: Account;
let sessionEnds: Account;
const opened: WatchedPage[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  mkdirSync(DOWNLOADS, { recursive: true });
  browser = await launchChromium();
  app = await startServedApp({ logDir: ARTIFACTS });
  [staff, supervisor, , sessionEnds] = await createAccounts(app.baseUrl, [
    { username: 'wangfang', displayName: '王芳', role: 'staff' },
    { username: 'lijun', displayName: '李军', role: 'supervisor' },
    { username: 'zhaomin', displayName: '赵敏', role: 'inspector' },
    { username: 'chenjie', displayName: '陈杰', role: 'staff' },
  ]);
}, SLOW);

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  // Unset if beforeAll failed before starting them.
  await (browser as Browser | undefined)?.close();
  await (app as ServedApp | undefined)?.stop();
});

/** A fresh browser context (no stored session), closed after the test; its console must stay clean. */
async function freshPage(options: Parameters<typeof openPage>[2] = {}): Promise<WatchedPage> {
  const watched = await openPage(browser, app.baseUrl, options);
  opened.push(watched);
  return watched;
}

async function adminToken(): Promise<string> {
  return apiLogin(app.baseUrl, 'admin', ADMIN_PASSWORD);
}

interface HouseholdBody {
  id: number;
  version: number;
  status: string;
  householder: string;
}

async function firstHousehold(query: string): Promise<HouseholdBody> {
  const page = await apiCall<{ items: HouseholdBody[] }>(app.baseUrl, await adminToken(), 'GET', `/households?${query}&pageSize=1`);
  if (!page.items[0]) throw new Error(`No household matches ${query}`);
  return page.items[0];
}

async function openWallChart(page: Page): Promise<void> {
  await page.goto('/#/chart');
  await page.locator('[data-cell="B-completed"]').waitFor();
}

async function householdHeading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** The first household matching `query`, opened by the staff member in a fresh page. */
async function householdAsStaff(query: string): Promise<WatchedPage & { household: HouseholdBody }> {
  const household = await firstHousehold(query);
  const watched = await freshPage();
  await logIn(watched.page, staff);
  await watched.page.goto(`/#/households/${household.id}`);
  await householdHeading(watched.page, household.householder);
  return { ...watched, household };
}

describe('the web pages in Chromium', () => {
  it(
    'a staff member logs in, sees who and where, moves a household from 施工中 to 已完工, and the wall chart counts it',
    async () => {
      const { page, problems } = await freshPage();
      await logIn(page, staff);
      await expect(page.getByTestId('signed-in-user').innerText()).resolves.toMatch(/王芳（工作人员）\s*范围：清徐县/);
      expect(new URL(page.url()).hash).toBe('#/ledger');

      await openWallChart(page);
      const completedBefore = Number(await summaryCell(page, 'B', 'completed'));
      expect(completedBefore).toBe(358); // the seed: 158 + 104 + 96

      // Find a pending grade B household through the ledger's filters.
      await page.getByRole('link', { name: '住户台账', exact: true }).click();
      await page.getByLabel('鉴定等级').selectOption('B');
      await page.getByLabel('修缮状态').selectOption('pending');
      await page.getByRole('button', { name: '查询' }).click();
      await page.getByRole('status').filter({ hasText: '共 39 户' }).waitFor();
      const first = page.locator('[data-household] a').first();
      const name = await first.innerText();
      await first.click();
      await householdHeading(page, name);

      await page.getByRole('button', { name: '开工（转为施工中）' }).click();
      await page.getByText('已记录：待修缮 → 施工中。').waitFor();
      await page.getByRole('button', { name: '完工（转为已完工）' }).click();
      await page.getByText('已记录：施工中 → 已完工。').waitFor();
      // Staff may not accept their own work: no buttons are left for them.
      await expect(page.locator('[data-move]').count()).resolves.toBe(0);
      await expect(page.locator('.history-table tbody tr').count()).resolves.toBe(3);

      await page.getByRole('link', { name: '挂图作战', exact: true }).click();
      await page.locator('[data-cell="B-completed"]').waitFor();
      await expect(summaryCell(page, 'B', 'completed')).resolves.toBe(String(completedBefore + 1));
      await expect(summaryCell(page, 'B', 'completionRate')).resolves.toBe('90.4%'); // 359 / 397, rounded down
      expect(problems).toEqual([]);
    },
    SLOW,
  );

  it(
    'a supervisor starts on the wall chart, can drill down to a village, and sees no status buttons on a household',
    async () => {
      const { page, problems } = await freshPage();
      await logIn(page, supervisor);
      await expect(page.getByTestId('signed-in-user').innerText()).resolves.toMatch(/李军（督导）/);
      await page.getByRole('heading', { level: 1, name: '清徐县修缮进度' }).waitFor();

      // County → township → village, through the links in the tables.
      await page.getByRole('link', { name: '进入孟封镇' }).first().click();
      await page.getByRole('heading', { level: 1, name: '孟封镇修缮进度' }).waitFor();
      await page.getByRole('link', { name: '进入小武村' }).first().click();
      await page.getByRole('heading', { level: 1, name: '小武村修缮进度' }).waitFor();
      await page.locator('[data-cell="C-appraised"]').waitFor();
      await expect(summaryCell(page, 'C', 'appraised')).resolves.toBe('101');
      await expect(page.getByRole('navigation', { name: '所在层级' }).innerText()).resolves.toMatch(/清徐县\s*›?\s*孟封镇\s*›?\s*小武村/);

      const household = await firstHousehold('status=completed&grade=C');
      await page.goto(`/#/households/${household.id}`);
      await householdHeading(page, household.householder);
      await expect(page.locator('[data-move]').count()).resolves.toBe(0);
      await expect(page.getByTestId('no-moves').innerText()).resolves.toContain('督导');
      await page.getByRole('link', { name: '住户台账', exact: true }).click();
      await page.locator('[data-household]').first().waitFor();
      await expect(page.getByRole('link', { name: '新增住户' }).count()).resolves.toBe(0);
      expect(problems).toEqual([]);
    },
    SLOW,
  );

  it(
    'the weekly XLSX downloads under the name the server gives it and reads back as a workbook; the daily CSV too',
    async () => {
      const { page, problems } = await freshPage();
      await logIn(page, supervisor);
      await page.locator('[data-download="week-xlsx"]').waitFor();

      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download="week-xlsx"]').click()]);
      expect(xlsx.suggestedFilename()).toMatch(/^清徐县因灾受损房屋修缮进度周报_\d{4}年第\d{1,2}周\.xlsx$/);
      const xlsxPath = join(DOWNLOADS, xlsx.suggestedFilename());
      await xlsx.saveAs(xlsxPath);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(xlsxPath);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['进度汇总']));
      const cells: string[] = [];
      workbook.getWorksheet('进度汇总')?.eachRow((row) => row.eachCell((cell) => cells.push(cell.text)));
      expect(cells.some((c) => c.includes('孟封村'))).toBe(true);
      await page.getByText(`已下载 ${xlsx.suggestedFilename()}。`).waitFor();

      const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download="day-csv"]').click()]);
      expect(csv.suggestedFilename()).toMatch(/日报.*\.csv$/);
      const csvPath = join(DOWNLOADS, csv.suggestedFilename());
      await csv.saveAs(csvPath);
      expect(readFileSync(csvPath).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(problems).toEqual([]);
    },
    SLOW,
  );

  it(
    '复制微信文字 puts the day’s WeChat text on the clipboard and shows it; without a clipboard the text is left selected',
    async () => {
      const { context, page, problems } = await freshPage();
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
      await logIn(page, supervisor);
      const button = page.getByRole('button', { name: /^复制日报（\d{4}-\d{2}-\d{2}）的微信文字$/ });
      await expect(button.innerText()).resolves.toBe('复制微信文字');
      await button.click();
      await page
        .getByRole('status')
        .getByText(/^已复制日报（.*）的微信文字，可以粘贴到微信群了。$/)
        .waitFor();
      const clipboard = String(await page.evaluate('navigator.clipboard.readText()'));
      expect(clipboard.split('\n')[0]).toBe('【清徐县因灾受损房屋修缮进度日报】');
      expect(clipboard).toMatch(/^B级：鉴定397户，完工\d+户（\d+\.\d%），验收\d+户（\d+\.\d%）$/m);
      expect(clipboard).toContain('注①：来源报道未给出C级验收户数');
      await expect(page.getByTestId('wechat-text').inputValue()).resolves.toBe(clipboard);
      expect(problems).toEqual([]);

      // Served over plain http to another machine there is no navigator.clipboard.
      const bare = await freshPage();
      await bare.context.addInitScript('Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined })');
      await logIn(bare.page, supervisor);
      await bare.page.locator('[data-copy-text="week"]').click();
      await bare.page
        .getByRole('status')
        .getByText(/文字已在下方选中，请按 Ctrl\+C 复制/)
        .waitFor();
      const box = bare.page.getByLabel(/^周报（.*）的微信文字$/);
      await expect(box.inputValue()).resolves.toMatch(/^【清徐县因灾受损房屋修缮进度周报】\n/);
      const selected = await bare.page.evaluate(
        '(() => { const e = document.activeElement; return e && e.tagName === "TEXTAREA" && e.selectionStart === 0 && e.selectionEnd === e.value.length && e.value.length > 0; })()',
      );
      expect(selected).toBe(true);
      await bare.page.locator('.downloads').screenshot({ path: join(SCREENSHOTS, 'wall-chart-wechat-text.png') });
      expect(bare.problems).toEqual([]);
    },
    SLOW,
  );

  it(
    'a move someone else made first is answered with the 409 message, and reloading shows their move',
    async () => {
      const { household, page, problems } = await householdAsStaff('status=pending&grade=C');

      await apiCall(app.baseUrl, await adminToken(), 'POST', `/households/${household.id}/transitions`, {
        to: 'in_progress',
        occurredOn: await page.locator('input[name="occurredOn"]').inputValue(),
        version: household.version,
      });
      await page.getByRole('button', { name: '开工（转为施工中）' }).click();
      await page.getByText('此户刚被他人更新，您的操作没有保存。请重新载入后再试。').waitFor();
      await page.getByRole('button', { name: '重新载入' }).click();
      await page.getByRole('button', { name: '完工（转为已完工）' }).waitFor();
      await expect(page.locator('.subtitle .badge').innerText()).resolves.toBe('施工中');
      expect(besides(problems, 409)).toEqual([]);
    },
    SLOW,
  );

  it(
    'a future date and a missing note are refused with a clear message, the date with the server’s own words',
    async () => {
      const { page, problems } = await householdAsStaff('status=pending&grade=B');

      await page.getByRole('button', { name: '补录已完工（录入前已完工）' }).click();
      await page.getByText('此操作必须填写说明。').waitFor();
      await expect(page.evaluate('document.activeElement && document.activeElement.name')).resolves.toBe('note');

      await page.getByLabel('发生日期').fill('2099-01-01');
      await page.getByRole('button', { name: '开工（转为施工中）' }).click();
      const alert = page.getByRole('alert');
      await alert.getByText('日期有误。').waitFor();
      // The server's own words, in the page's language: no English sentence on a Chinese page.
      await expect(alert.innerText()).resolves.toMatch(/服务器说明：发生日期 2099-01-01 晚于今天（县里今天是 \d{4}-\d{2}-\d{2}）/);
      await expect(alert.innerText()).resolves.not.toMatch(/[A-Za-z]{2,}[ ,][a-z]{2,}/);
      await expect(page.locator('.subtitle .badge').innerText()).resolves.toBe('待修缮');
      expect(besides(problems, 400)).toEqual([]);
    },
    SLOW,
  );

  it(
    'in English, the page asks for English and shows the server’s refusal in English',
    async () => {
      const { household, page, problems } = await householdAsStaff('status=pending&grade=B');
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByLabel('Date of the work').fill('2099-01-01');
      await page.getByRole('button', { name: 'Start work (to in progress)' }).click();
      const alert = page.getByRole('alert');
      await alert.getByText('The date is not accepted.').waitFor();
      await expect(alert.innerText()).resolves.toMatch(/The server says: occurredOn 2099-01-01 is in the future/);
      await expect(alert.innerText()).resolves.not.toMatch(/[\u4e00-\u9fff]/);
      expect(household.status).toBe('pending');
      expect(besides(problems, 400)).toEqual([]);
    },
    SLOW,
  );

  it(
    'a session the server ended (the password was changed) goes back to the login page with a message',
    async () => {
      const { page, problems } = await freshPage();
      await logIn(page, sessionEnds);
      await page.locator('[data-household]').first().waitFor();
      const token = await adminToken();
      const users = await apiCall<{ id: number; username: string }[]>(app.baseUrl, token, 'GET', '/users');
      const user = users.find((u) => u.username === sessionEnds.username);
      await apiCall(app.baseUrl, token, 'PATCH', `/users/${user?.id}`, { password: 'another passphrase of 2021' });

      await page.getByRole('link', { name: '下一页' }).click();
      await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
      await page.getByText('登录已过期，请重新登录。').waitFor();
      expect(besides(problems, 401)).toEqual([]);
    },
    SLOW,
  );

  it(
    'English is one click away and is remembered; the pages are usable with it',
    async () => {
      const { page, problems } = await freshPage();
      await page.goto('/');
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
      await expect(page.evaluate('document.documentElement.lang')).resolves.toBe('en');
      await page.getByLabel('Username').fill(supervisor.username);
      await page.getByLabel('Password').fill(supervisor.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Repair progress: 清徐县' }).waitFor();
      await page.getByRole('columnheader', { name: 'Completion rate' }).first().waitFor();
      await page.getByRole('button', { name: '中文' }).click();
      await page.getByRole('heading', { level: 1, name: '清徐县修缮进度' }).waitFor();
      expect(problems).toEqual([]);
    },
    SLOW,
  );

  it(
    'works from the keyboard alone: log in, open a household from the ledger, focus visible all the way',
    async () => {
      const { page, problems } = await freshPage();
      await page.goto('/');
      await page.getByLabel('用户名').waitFor();
      // The login form puts the cursor in the username field.
      await page.keyboard.type(staff.username);
      await page.keyboard.press('Tab');
      await page.keyboard.type(staff.password);
      await page.keyboard.press('Enter');
      await page.locator('[data-household]').first().waitFor();

      let reached = '';
      for (let i = 0; i < 40 && !/^#\/households\/\d+$/.test(reached); i++) {
        await page.keyboard.press('Tab');
        reached = String(await page.evaluate('document.activeElement && document.activeElement.getAttribute("href")'));
        const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
        expect({ reached, outline }).not.toMatchObject({ outline: 'none' });
      }
      expect(reached).toMatch(/^#\/households\/\d+$/);
      await page.keyboard.press('Enter');
      // Focus moves to the new page's heading.
      await page.locator('h1:focus', { hasNotText: '加载' }).waitFor();
      expect(problems).toEqual([]);
    },
    SLOW,
  );

  it(
    'every form control on every page has a label',
    async () => {
      const { page, problems } = await freshPage();
      const unlabelled = `[...document.querySelectorAll('input, select, textarea')].filter((e) => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label')).map((e) => e.outerHTML)`;
      await page.goto('/');
      await page.getByLabel('用户名').waitFor();
      await expect(page.evaluate(unlabelled)).resolves.toEqual([]);
      await logIn(page, staff);
      const household = await firstHousehold('status=pending');
      for (const [hash, ready] of [
        ['#/chart', '[data-cell="B-completed"]'],
        ['#/ledger', '[data-household]'],
        [`#/households/${household.id}`, '[data-move]'],
        ['#/households/new', 'select[name="villageId"]'],
      ]) {
        await page.goto(`/${hash}`);
        await page.locator(ready).first().waitFor();
        await expect(page.evaluate(unlabelled)).resolves.toEqual([]);
      }
      expect(problems).toEqual([]);
    },
    SLOW,
  );

  it(
    'a staff member adds a household with the form and lands on its page',
    async () => {
      const { page, problems } = await freshPage();
      await logIn(page, staff);
      await page.getByRole('link', { name: '新增住户' }).click();
      await page.getByRole('heading', { level: 1, name: '新增住户' }).waitFor();
      await page.getByRole('button', { name: '保存' }).click();
      // Nothing chosen yet: the form says so and puts the cursor on the first missing field.
      await page.getByRole('alert').getByText('没有保存。').waitFor();
      await page.getByLabel('所在村').selectOption({ label: '孟封镇 阎家营村' });
      await page.getByLabel('户主姓名').fill('浏览器测试户');
      await page.getByLabel('鉴定等级').selectOption('C');
      await page.getByLabel('房屋间数').fill('5');
      await page.getByLabel('鉴定结论').fill('墙体开裂');
      // A number the server refuses: its own words, in Chinese, naming the field as the form does.
      await page.getByLabel('身份证号').fill('1401211990');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByRole('alert').getByText('服务器说明：身份证号应为 18 位').waitFor();
      await expect(page.getByRole('alert').innerText()).resolves.not.toMatch(/[A-Za-z]{2,}[ ,][a-z]{2,}/);
      await page.getByLabel('身份证号').fill('');
      await page.getByRole('button', { name: '保存' }).click();
      await householdHeading(page, '浏览器测试户');
      await expect(page.locator('.subtitle').innerText()).resolves.toMatch(/孟封镇 阎家营村 · C级 · 待修缮/);
      await expect(page.locator('.history-table tbody tr').count()).resolves.toBe(1);
      await page.getByText('墙体开裂').waitFor();
      expect(besides(problems, 400)).toEqual([]);
    },
    SLOW,
  );

  it.each([
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ])(
    'the wall chart and the ledger fit a %s screen (screenshots in test/.artifacts/browser/screenshots)',
    async (name, viewport) => {
      const { page, problems } = await freshPage({ viewport });
      await logIn(page, supervisor);
      await openWallChart(page);
      await page.locator('.chart svg').first().waitFor();
      await page.locator('.trend .chart svg').waitFor();
      // Nothing wider than the screen: wide tables scroll inside their own box.
      await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(viewport.width);
      await page.screenshot({ path: join(SCREENSHOTS, `wall-chart-${name}.png`) });
      await page.screenshot({ path: join(SCREENSHOTS, `wall-chart-${name}-full.png`), fullPage: true });

      await page.getByRole('link', { name: '住户台账', exact: true }).click();
      await page.locator('[data-household]').first().waitFor();
      await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(viewport.width);
      await page.screenshot({ path: join(SCREENSHOTS, `ledger-${name}.png`) });
      expect(problems).toEqual([]);
    },
    SLOW,
  );
});

describe('how the pages are served', () => {
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.baseUrl}${path}`, { headers });

  it('index.html is checked on every load; hashed assets are cached for good and sent precompressed', async () => {
    const index = await get('/', { 'accept-encoding': 'identity' });
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await index.text();
    const script = /src="(\/assets\/main-[\w-]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/assets\/main-[\w-]+\.css)"/.exec(html)?.[1];
    expect([script, style]).toEqual([expect.any(String), expect.any(String)]);

    for (const [accept, encoding] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['identity', null],
    ] as const) {
      const asset = await get(script as string, { 'accept-encoding': accept });
      expect([accept, asset.status, asset.headers.get('content-encoding'), asset.headers.get('cache-control')]).toEqual([
        accept,
        200,
        encoding,
        'public, max-age=31536000, immutable',
      ]);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      await asset.arrayBuffer();
    }
    expect((await get(style as string)).headers.get('content-type')).toMatch(/text\/css/);
  });

  it('leaves the API as it was and answers unknown files with the API’s 404', async () => {
    expect((await get('/api/health')).status).toBe(200);
    const missing = await get('/assets/nothing-here.js');
    expect(missing.status).toBe(404);
    await expect(missing.json()).resolves.toMatchObject({ statusCode: 404 });
    expect((await get('/api/households')).status).toBe(401);
  });
});
