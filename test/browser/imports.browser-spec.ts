import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page, Route } from 'playwright-core';
import type { ImportResponse } from '../../src/imports/dto/import-response.js';
import { renderStoredProblem } from '../../src/imports/dto/import-response.js';
import { DESKTOP, launchChromium, PHONE } from './support/chromium.js';
import { besides, logIn, openPage, type WatchedPage } from './support/pages.js';
import { createAccounts, PROJECT, startServedApp, type Account, type ServedApp } from './support/served-app.js';

/**
 * 导入台账 in headless Chromium, against the built application on the Qingxu seed: a staff
 * member downloads the template, uploads a ledger of their own making (a title row, headers as
 * offices write them, two good rows for 孟封村 and one with grade E), reads the check's result
 * and the invalid row, downloads the errors file, commits skipping the invalid row and finds the
 * households in the ledger. Screenshots in both languages, desktop and phone, go to
 * test/.artifacts/browser/screenshots/ (look at them).
 */

const ARTIFACTS = join(PROJECT, 'test/.artifacts/browser');
const SCREENSHOTS = join(ARTIFACTS, 'screenshots');
const DOWNLOADS = join(ARTIFACTS, 'downloads');
const SLOW = 120_000;

let app: ServedApp;
let browser: Browser;
let staff: Account;
let supervisor: Account;
const opened: WatchedPage[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  mkdirSync(DOWNLOADS, { recursive: true });
  browser = await launchChromium();
  app = await startServedApp({ logDir: join(ARTIFACTS, 'imports') });
  [staff, supervisor] = await createAccounts(app.baseUrl, [
    { username: 'liuqiang', displayName: '刘强', role: 'staff' },
    { username: 'sunli', displayName: '孙丽', role: 'supervisor' },
  ]);
}, SLOW);

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await (browser as Browser | undefined)?.close();
  await (app as ServedApp | undefined)?.stop();
});

async function freshPage(options: Parameters<typeof openPage>[2] = {}): Promise<WatchedPage> {
  // Some tests answer the import's status themselves: the service worker would fetch it past page.route.
  const watched = await openPage(browser, app.baseUrl, { serviceWorkers: 'block', ...options });
  opened.push(watched);
  return watched;
}

/**
 * Two households for 孟封村 and one whose grade is E, under a title row, with headers as an
 * office writes them (户主姓名 for 户主, 危险等级 for 鉴定等级 …) and a 序号 column the import
 * does not know. `edited`: the second household with other rooms and remarks, for an update.
 */
const GOOD = ['导入测试甲', '导入测试乙'];
const INVALID_ROW = 5;
/** 孟封村's households in the seed: placeholders all (the source reported counts, not names). */
const MENGFENG_PLACEHOLDERS = 239;

async function ledgerWorkbook(edited = false): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.addRow(['孟封镇因灾受损房屋台账（2021年12月）']);
  sheet.mergeCells('A1:H1');
  sheet.addRow(['序号', '乡镇名称', '行政村', '户主姓名', '门牌号', '房屋间数', '危险等级', '备注']);
  sheet.addRow([1, '孟封镇', '孟封村', GOOD[0], '孟封村东街3号', 3, 'B', '浏览器测试']);
  sheet.addRow([
    2,
    '孟封镇',
    '孟封村',
    GOOD[1],
    '孟封村东街5号',
    edited ? 5 : '4间',
    'C级',
    edited ? '浏览器测试，间数已核对' : '浏览器测试',
  ]);
  sheet.addRow([3, '孟封镇', '孟封村', '导入测试丙', '孟封村东街7号', 2, 'E', '浏览器测试']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function openImports(page: Page): Promise<void> {
  await page.getByRole('link', { name: '导入台账', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '导入台账' }).waitFor();
}

/** Chooses the file and presses the upload button (located by name, so in either language). */
async function uploadLedger(page: Page, file: { name: string; buffer: Buffer }, replacePlaceholders = false): Promise<void> {
  await page.locator('input[type="file"][name="file"]').setInputFiles({
    name: file.name,
    mimeType: file.name.endsWith('.csv') ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: file.buffer,
  });
  if (replacePlaceholders) await page.locator('input[name="replacePlaceholders"]').check();
  await page.locator('.import-form button[type="submit"]').click();
}

/** The page's announced status (状态：…) once it reads `status`. */
function statusReads(page: Page, status: string) {
  return page.getByRole('status').filter({ hasText: status }).first().waitFor({ timeout: 30_000 });
}

const noWiderThan = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

describe('导入台账 in Chromium', () => {
  let importHash = '';

  it(
    'a staff member downloads the template, uploads a ledger, sees the invalid row, downloads the errors file, commits skipping it and finds the households',
    async () => {
      const { page, problems } = await freshPage();
      await logIn(page, staff);
      await openImports(page);

      // The template, both ways, under the server's names.
      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Excel 模板' }).click()]);
      expect(xlsx.suggestedFilename()).toBe('台账导入模板.xlsx');
      await page.getByText('已下载 台账导入模板.xlsx。').waitFor();
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 CSV 模板' }).click()]);
      expect(csv.suggestedFilename()).toBe('台账导入模板.csv');
      const csvPath = join(DOWNLOADS, csv.suggestedFilename());
      await csv.saveAs(csvPath);
      expect(readFileSync(csvPath, 'utf8')).toContain('村,户主');

      // Nothing chosen: the form says so.
      await page.getByRole('button', { name: '上传并检查' }).click();
      await page.getByRole('alert').getByText('请先选择要上传的文件。').waitFor();

      // 孟封村 holds only placeholders: the households replace them.
      await page.getByLabel('替换示意数据').check();
      await expect(page.getByLabel('替换示意数据').getAttribute('aria-describedby')).resolves.toBeTruthy();
      await uploadLedger(page, { name: '孟封村台账.xlsx', buffer: await ledgerWorkbook() });
      await page.getByRole('heading', { level: 1, name: '孟封村台账.xlsx' }).waitFor();
      importHash = new URL(page.url()).hash;
      expect(importHash).toMatch(/^#\/imports\/\d+$/);
      await statusReads(page, '状态：已检查，待确认');
      await expect(page.locator('.subtitle').innerText()).resolves.toMatch(/刘强 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 上传 · 替换示意数据/);

      const figure = (name: string) => page.locator(`[data-summary="${name}"]`).innerText();
      await expect(figure('rows')).resolves.toBe('3 行');
      await expect(figure('create')).resolves.toBe('2 户');
      await expect(figure('update')).resolves.toBe('0 户');
      await expect(figure('unchanged')).resolves.toBe('0 户');
      await expect(figure('invalid')).resolves.toBe('1 行');
      await expect(figure('removedPlaceholders')).resolves.toBe(`${MENGFENG_PLACEHOLDERS} 户`);
      await expect(page.locator('[data-warning]').allInnerTexts()).resolves.toEqual([expect.stringContaining('序号')]);

      // The invalid row at its row number in the file (the title and the header come first).
      const invalid = page.locator(`[data-error-row="${INVALID_ROW}"]`);
      await expect(invalid.count()).resolves.toBe(1);
      const cells = await invalid.locator('th, td').allInnerTexts();
      // The column as the file names it.
      expect(cells.slice(0, 3)).toEqual([String(INVALID_ROW), '危险等级', 'E']);
      expect(cells[3]).toMatch(/E/);
      await expect(page.getByTestId('errors-total').innerText()).resolves.toBe('共 1 处错误。');

      // The errors file: the invalid row as it was, with the problem beside it.
      const [errors] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '下载错误文件（Excel）' }).click(),
      ]);
      const errorsPath = join(DOWNLOADS, errors.suggestedFilename());
      expect(errorsPath).toMatch(/\.xlsx$/);
      await errors.saveAs(errorsPath);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(errorsPath);
      const texts: string[] = [];
      workbook.worksheets[0].eachRow((row) => row.eachCell((cell) => texts.push(cell.text)));
      expect(texts).toEqual(expect.arrayContaining(['错误说明', '导入测试丙', 'E']));
      expect(texts).not.toContain(GOOD[0]);

      await page.screenshot({ path: join(SCREENSHOTS, 'import-validated-desktop.png'), fullPage: true });

      // Committing with an invalid row and without skipping it: the server's refusal, in its words.
      await expect(page.getByLabel('跳过有误的行').count()).resolves.toBe(1);
      await page.getByRole('button', { name: '导入', exact: true }).click();
      await expect(page.getByTestId('commit-question').innerText()).resolves.toContain('将新增 2 户、更新 0 户。');
      await page.getByRole('button', { name: '确定导入' }).click();
      const refusal = page.getByRole('alert').filter({ hasText: '没有导入。' });
      await refusal.waitFor();
      await expect(refusal.innerText()).resolves.toMatch(/服务器说明：.+/);
      await statusReads(page, '状态：已检查，待确认');

      // Skipping it: the confirmation counts the households and the skipped row.
      await page.getByLabel('跳过有误的行').check();
      await page.getByRole('button', { name: '导入', exact: true }).click();
      const question = await page.getByTestId('commit-question').innerText();
      expect(question).toContain('将新增 2 户、更新 0 户。');
      expect(question).toContain('有误的 1 行将被跳过。');
      expect(question).toContain(`将删除 ${MENGFENG_PLACEHOLDERS} 户示意数据。`);
      await expect(page.evaluate('document.activeElement.dataset.testid')).resolves.toBe('commit-question');
      await page.locator('.import-commit').screenshot({ path: join(SCREENSHOTS, 'import-confirm.png') });
      await page.getByRole('button', { name: '确定导入' }).click();
      await statusReads(page, '状态：已导入');
      await expect(page.locator('[data-outcome="committed"]').innerText()).resolves.toContain('导入完成：新增 2 户、更新 0 户。');
      await expect(page.getByRole('button', { name: '导入', exact: true }).count()).resolves.toBe(0);
      await page.screenshot({ path: join(SCREENSHOTS, 'import-committed-desktop.png'), fullPage: true });

      // In the ledger.
      await page.getByRole('link', { name: '查看住户台账' }).click();
      await page.locator('[data-household]').first().waitFor();
      await page.getByLabel('户主或地址').fill('导入测试');
      await page.getByRole('button', { name: '查询' }).click();
      await page.getByRole('status').filter({ hasText: '共 2 户' }).waitFor();
      const names = await page.locator('[data-household] th a').allInnerTexts();
      expect(names.sort()).toEqual([...GOOD].sort());
      const rows = await page.locator('[data-household]').allInnerTexts();
      expect(rows.every((r) => r.includes('孟封村'))).toBe(true);
      // The placeholders are gone: 孟封村 now holds the two households and nothing else.
      await page.getByLabel('户主或地址').fill('');
      await page.getByLabel('村', { exact: true }).selectOption({ label: '孟封镇 孟封村' });
      await page.getByRole('button', { name: '查询' }).click();
      await page.getByRole('status').filter({ hasText: '共 2 户' }).waitFor();

      // The recent imports list it, with its status, who and when, and a link back.
      await openImports(page);
      const listed = page.locator('[data-import]').first();
      await expect(listed.innerText()).resolves.toMatch(/孟封村台账\.xlsx[\s\S]*已导入[\s\S]*刘强[\s\S]*\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
      await listed.getByRole('link', { name: '孟封村台账.xlsx' }).click();
      await page.getByRole('heading', { level: 1, name: '孟封村台账.xlsx' }).waitFor();
      expect(new URL(page.url()).hash).toBe(importHash);
      await page.locator('[data-outcome="committed"]').waitFor();
      expect(besides(problems, 422)).toEqual([]);
    },
    SLOW,
  );

  it(
    'while the server checks, a progress bar shows the rows done, asked about once a second; a failed import says why',
    async () => {
      const { page, problems } = await freshPage();
      await logIn(page, staff);
      await openImports(page);
      // The first three answers about the import as if a large file were being checked.
      const asked: number[] = [];
      const ONE_IMPORT = /\/api\/imports\/\d+$/;
      await page.route(ONE_IMPORT, async (route: Route) => {
        asked.push(Date.now());
        const response = await route.fetch();
        const real = (await response.json()) as ImportResponse;
        if (asked.length > 3) return route.fulfill({ response, json: real });
        const checking: ImportResponse = {
          ...real,
          status: 'validating',
          summary: null,
          errors: [],
          errorsTotal: 0,
          warnings: [],
          progress: { rowsDone: (asked.length - 1) * 1000, rowsTotal: asked.length === 1 ? null : 3000 },
        };
        return route.fulfill({ response, json: checking });
      });
      await uploadLedger(page, { name: '进度测试.xlsx', buffer: await ledgerWorkbook() });
      await statusReads(page, '状态：检查中');
      const text = page.getByTestId('import-progress');
      await text.getByText('正在读取文件…').waitFor();
      await text.getByText('已检查 1000 / 3000 行（33%）').waitFor();
      const bar = page.getByRole('progressbar', { name: '进度' });
      // A <progress> (the test is compiled without the DOM's types).
      const filled = bar.evaluate((e) => [(e as unknown as { value: number }).value, (e as unknown as { max: number }).max]);
      await expect(filled).resolves.toEqual([1000, 3000]);
      await page.screenshot({ path: join(SCREENSHOTS, 'import-progress-desktop.png') });
      await text.getByText('已检查 2000 / 3000 行（66%）').waitFor();
      await statusReads(page, '状态：已检查，待确认');
      await expect(page.getByRole('progressbar').count()).resolves.toBe(0);
      const gaps = asked.slice(1, 4).map((at, i) => at - asked[i]);
      expect(gaps.every((gap) => gap >= 900 && gap < 2500)).toBe(true);
      // Nothing more is asked once it is checked.
      const settled = asked.length;
      await page.waitForTimeout(2500);
      expect(asked.length).toBe(settled);

      // A failed import: the failure in the server's words.
      await page.unroute(ONE_IMPORT);
      const failure = {
        code: 'import_interrupted',
        message: renderStoredProblem('zh', { code: 'import_interrupted', params: { status: 'committing' } }),
      };
      await page.route(ONE_IMPORT, async (route: Route) => {
        const response = await route.fetch();
        const real = (await response.json()) as ImportResponse;
        return route.fulfill({ response, json: { ...real, status: 'failed', failure } });
      });
      await page.reload();
      await statusReads(page, '状态：导入失败');
      const failed = page.locator('[data-outcome="failed"]');
      const said = await failed.innerText();
      expect(said).toContain('导入失败。');
      expect(said).toContain(`服务器说明：${failure.message}`);
      await expect(page.getByRole('button', { name: '导入', exact: true }).count()).resolves.toBe(0);
      await page.screenshot({ path: join(SCREENSHOTS, 'import-failed-desktop.png') });
      expect(problems).toEqual([]);
    },
    SLOW,
  );

  it(
    'a file the server refuses is answered with its reason',
    async () => {
      const { page, problems } = await freshPage();
      await logIn(page, staff);
      await openImports(page);
      await uploadLedger(page, { name: '空白.csv', buffer: Buffer.alloc(0) });
      const alert = page.getByRole('alert').filter({ hasText: '文件没有被接受。' });
      await alert.waitFor();
      await expect(alert.innerText()).resolves.toMatch(/服务器说明：.+/);
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('导入台账');
      expect(besides(problems, 400)).toEqual([]);
    },
    SLOW,
  );

  it(
    'a supervisor has no 导入台账 link, and the page tells them it is not for them',
    async () => {
      const { page, problems } = await freshPage();
      await logIn(page, supervisor);
      await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link').allInnerTexts()).resolves.toEqual([
        '挂图作战',
        '住户台账',
      ]);
      await page.goto('/#/imports');
      await page.getByRole('alert').getByText('您的角色不能导入台账。').waitFor();
      expect(problems).toEqual([]);
    },
    SLOW,
  );

  it(
    'every control has a label, and the keyboard reaches the upload',
    async () => {
      const { page, problems } = await freshPage();
      await logIn(page, staff);
      const unlabelled = `[...document.querySelectorAll('input, select, textarea, progress')].filter((e) => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')).map((e) => e.outerHTML)`;
      await page.goto('/#/imports');
      await page.getByLabel('台账文件（.xlsx 或 .csv）').waitFor();
      await expect(page.evaluate(unlabelled)).resolves.toEqual([]);
      await page.goto(`/${importHash}`);
      await page.locator('[data-outcome="committed"]').waitFor();
      await expect(page.evaluate(unlabelled)).resolves.toEqual([]);

      await page.goto('/#/imports');
      await page.getByRole('heading', { level: 1, name: '导入台账' }).waitFor();
      let reached = '';
      for (let i = 0; i < 30 && reached !== 'file'; i++) {
        await page.keyboard.press('Tab');
        reached = String(await page.evaluate('document.activeElement && document.activeElement.name'));
      }
      expect(reached).toBe('file');
      await page.keyboard.press('Tab');
      await expect(page.evaluate('document.activeElement.name')).resolves.toBe('replacePlaceholders');
      expect(problems).toEqual([]);
    },
    SLOW,
  );

  it.each([
    ['zh', 'phone', PHONE],
    ['zh', 'desktop', DESKTOP],
    ['en', 'phone', PHONE],
    ['en', 'desktop', DESKTOP],
  ] as const)(
    'in %s on a %s screen the pages fit (screenshots)',
    async (language, name, viewport) => {
      const { page, problems } = await freshPage({ viewport });
      await logIn(page, staff);
      if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
      await page.goto('/#/imports');
      await page.locator('[data-import]').first().waitFor();
      expect(await noWiderThan(page)).toBeLessThanOrEqual(viewport.width);
      await page.screenshot({ path: join(SCREENSHOTS, `imports-${language}-${name}.png`), fullPage: true });

      // A fresh upload, checked and waiting to be committed: the summary, the invalid row and the commit panel.
      // The two good rows are in by now: one unchanged, one with other rooms and remarks; the grade E row is still invalid.
      await uploadLedger(page, { name: `台账-${language}-${name}.xlsx`, buffer: await ledgerWorkbook(true) });
      await page.locator('[data-summary="rows"]').waitFor({ timeout: 30_000 });
      await page.locator(`[data-error-row="${INVALID_ROW}"]`).waitFor();
      await expect(page.locator('[data-summary="changedFields"]').innerText()).resolves.toBe(
        language === 'zh' ? '更改的列：间数 1 户、备注 1 户' : 'Columns changed: 间数 (1), 备注 (1)',
      );
      expect(await noWiderThan(page)).toBeLessThanOrEqual(viewport.width);
      if (language === 'en') {
        await page.getByRole('heading', { level: 2, name: 'What the check found' }).waitFor();
        await expect(page.locator('main').innerText()).resolves.toContain('Skip the invalid rows');
      }
      await page.screenshot({ path: join(SCREENSHOTS, `import-${language}-${name}.png`), fullPage: true });
      expect(problems).toEqual([]);
    },
    SLOW,
  );
});
