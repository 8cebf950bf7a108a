import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { besides, openPage, type WatchedPage } from './support/pages.js';
import { ADMIN_PASSWORD, apiCall, apiLogin, PROJECT, startServedApp, type Account, type ServedApp } from './support/served-app.js';

/**
 * Every refusal a person can meet through the pages, provoked as it happens in the county (a
 * colleague moved the household first, an administrator changed the account's role or scope, a
 * mistyped date or number, too many wrong passwords), once on a Chinese page and once on an
 * English one. Each alert must be wholly in the page's language: no English word inside a
 * Chinese page (no field name such as occurredOn, no class-validator sentence), no Chinese
 * inside an English one except the names that are data (villages, statuses quoted beside
 * their English name).
 *
 * The alerts' text is written to test/.artifacts/browser/refusals.txt and each alert is
 * screenshotted beside it, to be read by a person.
 */

const ARTIFACTS = join(PROJECT, 'test/.artifacts/browser');
const SCREENSHOTS = join(ARTIFACTS, 'screenshots/refusals');
const TRANSCRIPT = join(ARTIFACTS, 'refusals.txt');
const SLOW = 120_000;
const PASSWORD = 'qingxu-refusals-2021';

type Language = 'zh' | 'en';

/** The page's own words the tests look for, in each language. */
const WORDS = {
  zh: {
    username: '用户名',
    password: '密码',
    logIn: '登录',
    start: '开工（转为施工中）',
    complete: '完工（转为已完工）',
    accept: '验收合格（转为已验收）',
    gradeB: 'B级',
    ownerAgrees: '同意',
    newHousehold: '新增住户',
    village: '所在村',
    householder: '户主姓名',
    grade: '鉴定等级',
    status: '当前状态',
    phone: '联系电话',
    save: '保存',
    date: '发生日期',
  },
  en: {
    username: 'Username',
    password: 'Password',
    logIn: 'Log in',
    start: 'Start work (to in progress)',
    complete: 'Work completed (to completed)',
    accept: 'Passed acceptance (to accepted)',
    gradeB: 'Grade B',
    ownerAgrees: 'Agrees',
    newHousehold: 'New household',
    village: 'Village',
    householder: 'Householder',
    grade: 'Damage grade',
    status: 'Current status',
    phone: 'Phone',
    save: 'Save',
    date: 'Date of the work',
  },
} as const;

/**
 * Chinese that may stand in an English alert: names that are data, not sentences. The seed's
 * region names, and the status labels the English messages quote beside the English name
 * (`pending (待修缮)`) so that a reader can match them to the Chinese ledger.
 */
const DATA_NAMES = /清徐县|孟封镇|孟封村|小武村|阎家营村|待修缮|施工中|已完工|已验收/g;

let app: ServedApp;
let browser: Browser;
let admin: string;
let county: number;
let villages: { id: number; name: string }[];
const opened: WatchedPage[] = [];
const taken = new Set<number>();

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(TRANSCRIPT, '');
  browser = await launchChromium();
  app = await startServedApp({ logDir: join(ARTIFACTS, 'refusals') });
  admin = await apiLogin(app.baseUrl, 'admin', ADMIN_PASSWORD);
  const regions = await apiCall<{ id: number; level: string; name: string }[]>(app.baseUrl, admin, 'GET', '/regions');
  county = regions.find((r) => r.level === 'county')?.id ?? Number.NaN;
  villages = regions.filter((r) => r.level === 'village');
}, SLOW);

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  // Unset if beforeAll failed before starting them.
  await (browser as Browser | undefined)?.close();
  await (app as ServedApp | undefined)?.stop();
});

interface HouseholdBody {
  id: number;
  version: number;
  villageId: number;
  householder: string;
}

/** A household matching `query` that no other test has used (each test changes the ones it takes). */
async function take(query: string): Promise<HouseholdBody> {
  const page = await apiCall<{ items: HouseholdBody[] }>(app.baseUrl, admin, 'GET', `/households?${query}&pageSize=100`);
  const household = page.items.find((h) => !taken.has(h.id));
  if (!household) throw new Error(`No unused household matches ${query}`);
  taken.add(household.id);
  return household;
}

async function account(
  username: string,
  role: Account['role'],
  scope: { level: string; id: number }[] = [{ level: 'county', id: county }],
): Promise<Account & { id: number }> {
  const displayName = `测试${username}`;
  const created = await apiCall<{ id: number }>(app.baseUrl, admin, 'POST', '/users', {
    username,
    displayName,
    role,
    password: PASSWORD,
    scope,
  });
  return { id: created.id, username, displayName, role, password: PASSWORD };
}

async function changeAccount(id: number, patch: Record<string, unknown>): Promise<void> {
  await apiCall(app.baseUrl, admin, 'PATCH', `/users/${id}`, patch);
}

/** A fresh browser context whose pages start in `language` (the choice the language button stores). */
async function pageIn(language: Language): Promise<WatchedPage> {
  const watched = await openPage(browser, app.baseUrl);
  if (language === 'en') await watched.context.addInitScript("localStorage.setItem('tracker.language', 'en')");
  opened.push(watched);
  return watched;
}

async function logIn(page: Page, language: Language, who: Pick<Account, 'username' | 'password'>): Promise<void> {
  await page.goto('/');
  await page.getByLabel(WORDS[language].username, { exact: true }).fill(who.username);
  await page.getByLabel(WORDS[language].password, { exact: true }).fill(who.password);
  await page.getByRole('button', { name: WORDS[language].logIn, exact: true }).click();
}

async function signedIn(language: Language, who: Account): Promise<WatchedPage> {
  const watched = await pageIn(language);
  await logIn(watched.page, language, who);
  await watched.page.getByTestId('signed-in-user').waitFor();
  return watched;
}

async function openHousehold(page: Page, household: HouseholdBody): Promise<void> {
  await page.goto(`/#/households/${household.id}`);
  await page.getByRole('heading', { level: 1, name: household.householder }).waitFor();
}

/**
 * The alert's text once it shows `expected`, checked to be wholly in `language`, written to the
 * transcript and screenshotted.
 */
async function refusal(page: Page, language: Language, name: string, expected: RegExp): Promise<string> {
  const alert: Locator = page.getByRole('alert').filter({ hasText: expected });
  try {
    await alert.waitFor({ timeout: 10_000 });
  } catch (error) {
    const shown = await page.getByRole('alert').allInnerTexts();
    throw new Error(`${name}: no alert matched ${String(expected)}; the page shows ${JSON.stringify(shown)}`, { cause: error });
  }
  const text = (await alert.innerText()).replace(/\s+/g, ' ').trim();
  appendFileSync(TRANSCRIPT, `[${language}] ${name}\n  ${text}\n`);
  await alert.screenshot({ path: join(SCREENSHOTS, `${language}-${name}.png`) });
  expect({ name, foreign: foreignWords(text, language) }).toEqual({ name, foreign: [] });
  return text;
}

/** The words in `text` that are not in `language`: Latin words on a Chinese page, Han outside the data names on an English one. */
function foreignWords(text: string, language: Language): string[] {
  if (language === 'zh') return text.match(/[A-Za-z]{2,}/g) ?? [];
  return text.replace(DATA_NAMES, '').match(/[\u3400-\u9fff\uf900-\ufaff]+/g) ?? [];
}

describe.each<[Language]>([['zh'], ['en']])('every refusal the pages can meet, on a page in %s', (language) => {
  const zh = language === 'zh';
  const words = WORDS[language];
  let staff: Account;

  beforeAll(async () => {
    staff = await account(`${language}-staff`, 'staff');
  });

  it(
    'sign-in: a wrong password (401), then too many (429)',
    async () => {
      const who = await account(`${language}-forgetful`, 'staff');
      const { page, problems } = await pageIn(language);
      await logIn(page, language, { username: who.username, password: 'not the password' });
      await refusal(page, language, 'wrong-password', zh ? /^用户名或密码错误。$/ : /^Wrong username or password\.$/);
      // Four more wrong guesses use up the account's five; the sixth is refused before it is checked.
      for (let i = 0; i < 5; i++) {
        await page.getByLabel(words.password, { exact: true }).fill(`guess ${i}`);
        await page.getByRole('button', { name: words.logIn, exact: true }).click();
        await page.getByRole('button', { name: words.logIn, exact: true }).waitFor();
      }
      await refusal(
        page,
        language,
        'too-many-attempts',
        zh ? /登录失败次数过多，请 \d+ 分钟后再试。/ : /Too many failed attempts\. Try again in \d+ minutes\./,
      );
      expect(besides(problems, 401, 429)).toEqual([]);
    },
    SLOW,
  );

  it(
    'the wall chart: a date after today and a village outside the account’s scope, answered by the page without asking for reports it would refuse',
    async () => {
      const [mine, other] = villages;
      const scoped = await account(`${language}-village`, 'supervisor', [{ level: 'village', id: mine.id }]);
      const { page, problems } = await signedIn(language, scoped);

      await page.goto('/#/chart?date=2099-01-01');
      await refusal(
        page,
        language,
        'chart-future-date',
        zh ? /^统计日期 2099-01-01 晚于今天/ : /^The report date 2099-01-01 is after today/,
      );

      // A link from the county office: the county above the account's village (whose figures it
      // would see only in part), and a village it does not see at all.
      for (const [name, unit] of [
        ['chart-above-scope', county],
        ['chart-outside-scope', other.id],
      ] as const) {
        await page.goto(`/#/chart?unit=${unit}`);
        const text = await refusal(
          page,
          language,
          name,
          zh ? /^您要打开的单位不在您的管辖范围内，下面显示的是/ : /^The unit you opened is outside your scope; below is /,
        );
        expect(text).toContain(mine.name);
        expect(text).not.toContain(other.name); // A village the account may not see is not named to it.
        await page.getByRole('heading', { level: 1, name: new RegExp(mine.name) }).waitFor();
        // Nothing above the scope is offered as a link either.
        await expect(page.getByRole('navigation', { name: zh ? '所在层级' : 'Level' }).count()).resolves.toBe(0);
      }
      await page.locator('[data-cell="B-appraised"]').waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, `${language}-chart-village-scope.png`), fullPage: true });
      expect(besides(problems, 400, 404)).toEqual([]);
    },
    SLOW,
  );

  it(
    'a household outside the account’s scope, or none at all (404)',
    async () => {
      const [mine, other] = villages;
      const scoped = await account(`${language}-hamlet`, 'staff', [{ level: 'village', id: mine.id }]);
      const outside = await take(`villageId=${other.id}&status=pending`);
      const { page, problems } = await signedIn(language, scoped);
      const notFound = zh ? /^找不到这户，或它不在您的管辖范围内。$/ : /^This household does not exist, or it is outside your scope\.$/;

      await page.goto(`/#/households/${outside.id}`);
      await refusal(page, language, 'household-outside-scope', notFound);
      await page.goto('/#/households/99999999');
      await page.getByRole('alert').filter({ hasText: notFound }).waitFor();
      expect(besides(problems, 404)).toEqual([]);
    },
    SLOW,
  );

  it(
    'moves: a colleague moved it first (409), a date before the last change and a date after today (400)',
    async () => {
      const { page, problems } = await signedIn(language, staff);
      const household = await take('status=pending&grade=C');
      await openHousehold(page, household);

      await page.getByLabel(words.date).fill('2020-01-01');
      await page.getByRole('button', { name: words.start }).click();
      await refusal(
        page,
        language,
        'move-before-last-change',
        zh ? /^日期有误。.*发生日期 2020-01-01 早于/ : /^The date is not accepted\..*2020-01-01 is earlier/,
      );

      await page.getByLabel(words.date).fill('2099-01-01');
      await page.getByRole('button', { name: words.start }).click();
      await refusal(
        page,
        language,
        'move-future-date',
        zh ? /^日期有误。.*发生日期 2099-01-01 晚于今天/ : /^The date is not accepted\..*2099-01-01 is in the future/,
      );

      const today = await page.locator('input[name="occurredOn"]').getAttribute('max');
      await apiCall(app.baseUrl, admin, 'POST', `/households/${household.id}/transitions`, {
        to: 'in_progress',
        occurredOn: today,
        version: household.version,
      });
      await page.getByLabel(words.date).fill(today ?? '');
      await page.getByRole('button', { name: words.start }).click();
      await refusal(
        page,
        language,
        'move-stale-version',
        zh ? /^此户刚被他人更新，您的操作没有保存。请重新载入后再试。/ : /^Someone else changed this household first/,
      );
      expect(besides(problems, 400, 409)).toEqual([]);
    },
    SLOW,
  );

  it(
    'moves: the account’s role was changed while the page was open (403), and the household was moved out of its scope (404)',
    async () => {
      const mover = await account(`${language}-mover`, 'staff');
      const { page, problems } = await signedIn(language, mover);
      const household = await take('status=pending&grade=B');
      await openHousehold(page, household);

      await changeAccount(mover.id, { role: 'supervisor' });
      await page.getByRole('button', { name: words.start }).click();
      await refusal(
        page,
        language,
        'move-role-changed',
        zh ? /^不允许此操作。.*您的账号是督导/ : /^This move is not allowed\..*yours is supervisor/,
      );

      const elsewhere = villages.find((v) => v.id !== household.villageId) ?? villages[0];
      await changeAccount(mover.id, { role: 'staff', scope: [{ level: 'village', id: elsewhere.id }] });
      await page.getByRole('button', { name: words.start }).click();
      await refusal(page, language, 'move-scope-changed', zh ? /^找不到这户，或它不在您的管辖范围内。$/ : /^This household does not exist/);
      expect(besides(problems, 403, 404)).toEqual([]);
    },
    SLOW,
  );

  it(
    'moves: accepting one’s own completed work (403), and a move the rules forbid (422) sent by an older page',
    async () => {
      const checker = await account(`${language}-checker`, 'staff');
      // The seed has no grade B house in progress: the checker starts one and completes it.
      const household = await take('status=pending&grade=B');
      const token = await apiLogin(app.baseUrl, checker.username, checker.password);
      const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
      const move = (to: string, version: number) =>
        apiCall<HouseholdBody>(app.baseUrl, token, 'POST', `/households/${household.id}/transitions`, { to, occurredOn: today, version });
      const completed = await move('completed', (await move('in_progress', household.version)).version);
      await changeAccount(checker.id, { role: 'inspector' });
      const { page, problems } = await signedIn(language, checker);
      await openHousehold(page, completed);
      // The acceptance record the page asks for before it sends an acceptance.
      await page.getByLabel(words.gradeB).check();
      await page.getByLabel(words.ownerAgrees, { exact: true }).check();
      await page.getByRole('button', { name: words.accept }).click();
      await refusal(
        page,
        language,
        'move-own-completion',
        zh ? /^不允许此操作。.*此户的完工是您记录的/ : /^This move is not allowed\..*You recorded this household's completion/,
      );

      // A page from before a rule changed offers a move the server no longer allows: its answer is shown as it is.
      const { page: staffPage, problems: staffProblems } = await signedIn(language, staff);
      const pending = await take('status=pending&grade=B');
      await openHousehold(staffPage, pending);
      await staffPage.route('**/api/households/*/transitions', (route) =>
        route.continue({ postData: JSON.stringify({ ...(route.request().postDataJSON() as object), to: 'accepted' }) }),
      );
      await staffPage.getByRole('button', { name: words.start }).click();
      await refusal(
        staffPage,
        language,
        'move-not-allowed',
        zh ? /^不允许此操作。.*待修缮.*已验收/ : /^This move is not allowed\..*pending.*accepted/,
      );
      expect(besides(problems, 403)).toEqual([]);
      expect(besides(staffProblems, 422)).toEqual([]);
    },
    SLOW,
  );

  it(
    'a new household: an accepted house entered by staff (403), a wrong phone number (400)',
    async () => {
      const { page, problems } = await signedIn(language, staff);
      await page.goto('/#/households/new');
      await page.getByLabel(words.village).selectOption({ index: 1 });
      await page.getByLabel(words.householder, { exact: false }).fill(zh ? '拒绝测试户' : 'Refusal test');
      await page.getByLabel(words.grade).selectOption('B');
      await page.getByLabel(words.status).selectOption('accepted');
      await page.getByRole('button', { name: words.save }).click();
      await refusal(
        page,
        language,
        'new-accepted-by-staff',
        zh ? /^没有保存。.*不能把住户直接录入为已验收/ : /^Not saved\..*may not enter a household as accepted/,
      );

      await page.getByLabel(words.status).selectOption('pending');
      await page.getByLabel(words.phone).fill('1390000');
      await page.getByRole('button', { name: words.save }).click();
      await refusal(page, language, 'new-bad-phone', zh ? /^没有保存。.*联系电话/ : /^Not saved\..*phone/);
      expect(besides(problems, 400, 403)).toEqual([]);
    },
    SLOW,
  );
});
