import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Account } from './served-app.js';

/**
 * A browser page on the served app that remembers every console error and uncaught exception
 * (a Content-Security-Policy violation is a console error), so each test can assert there were none.
 */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  problems: string[];
  close(): Promise<void>;
}

export async function openPage(
  browser: Browser,
  baseUrl: string,
  options: {
    viewport?: { width: number; height: number };
    reducedMotion?: 'reduce' | 'no-preference';
    /** 'block' for a test that answers API requests itself (page.route does not see what the pages' service worker fetches). */
    serviceWorkers?: 'allow' | 'block';
  } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: options.viewport ?? { width: 1366, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: options.reducedMotion ?? 'reduce',
    acceptDownloads: true,
    serviceWorkers: options.serviceWorkers ?? 'allow',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { context, page, problems, close: () => context.close() };
}

/** Logs in through the login form, as a person would, and waits for the first page after it. */
export async function logIn(page: Page, account: Pick<Account, 'username' | 'password'>): Promise<void> {
  await page.goto('/');
  await page.getByLabel('用户名').fill(account.username);
  await page.getByLabel('密码').fill(account.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('signed-in-user').waitFor();
}

/** A number shown in the wall chart's summary table, e.g. cell('B', 'completed'). */
export async function summaryCell(page: Page, grade: 'B' | 'C', column: string): Promise<string> {
  return (await page.locator(`[data-cell="${grade}-${column}"]`).innerText()).trim();
}

/** The problems other than the browser's own log line for each answer with one of `statuses` that the test provoked on purpose. */
export function besides(problems: readonly string[], ...statuses: number[]): string[] {
  return problems.filter((p) => !statuses.some((s) => p.includes(`Failed to load resource: the server responded with a status of ${s}`)));
}
