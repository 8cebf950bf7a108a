import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../browser/support/chromium.js';
import { createAccounts, startServedApp, type Account } from '../browser/support/served-app.js';

/**
 * The web pages' weight: `npm run bench:page` builds the app, starts it on the Qingxu seed, and
 * loads the pages in headless Chromium with an empty cache, counting what crosses the network
 * (bytes transferred, compressed as sent, headers included) and what the browser unpacks, per
 * resource type; then the same visit again with the cache warm, and the time each visit takes
 * on a slow mobile link.
 */

/** A slow 3G-like link: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip. */
const SLOW_LINK = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 };

interface Resource {
  url: string;
  type: string;
  transferred: number;
  uncompressed: number;
}

class NetworkLog {
  private readonly byId = new Map<string, Resource>();

  constructor(cdp: CDPSession) {
    cdp.on('Network.responseReceived', (e) => {
      // The favicon is an empty data: URL: nothing crosses the network.
      if (e.response.url.startsWith('data:')) return;
      this.byId.set(e.requestId, { url: e.response.url, type: e.type, transferred: 0, uncompressed: 0 });
    });
    cdp.on('Network.dataReceived', (e) => {
      const resource = this.byId.get(e.requestId);
      if (resource) resource.uncompressed += e.dataLength;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const resource = this.byId.get(e.requestId);
      if (resource) resource.transferred = e.encodedDataLength;
    });
  }

  take(): Resource[] {
    const resources = [...this.byId.values()];
    this.byId.clear();
    return resources;
  }
}

async function watch(context: BrowserContext, page: Page, slow: boolean): Promise<NetworkLog> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (slow) await cdp.send('Network.emulateNetworkConditions', SLOW_LINK);
  return new NetworkLog(cdp);
}

async function logIn(page: Page, account: Account): Promise<void> {
  await page.getByLabel('用户名').fill(account.username);
  await page.getByLabel('密码').fill(account.password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Waits until the wall chart has drawn its charts, or the ledger its rows. */
async function settled(page: Page, account: Account): Promise<void> {
  if (account.role === 'supervisor') {
    await page.locator('.trend .chart svg').waitFor({ timeout: 60_000 });
    await page.locator('.children .chart svg').first().waitFor({ timeout: 60_000 });
  } else {
    await page.locator('[data-household]').first().waitFor({ timeout: 60_000 });
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function table(title: string, resources: Resource[]): string {
  const types = new Map<string, { count: number; transferred: number; uncompressed: number }>();
  for (const r of resources) {
    const kind = r.url.includes('/api/') ? 'API data (Fetch)' : r.type;
    const sum = types.get(kind) ?? { count: 0, transferred: 0, uncompressed: 0 };
    sum.count += 1;
    sum.transferred += r.transferred;
    sum.uncompressed += r.uncompressed;
    types.set(kind, sum);
  }
  const rows = [...types.entries()].sort((a, b) => b[1].transferred - a[1].transferred);
  const total = rows.reduce(
    (t, [, s]) => ({ count: t.count + s.count, transferred: t.transferred + s.transferred, uncompressed: t.uncompressed + s.uncompressed }),
    { count: 0, transferred: 0, uncompressed: 0 },
  );
  const line = (name: string, s: { count: number; transferred: number; uncompressed: number }) =>
    `| ${name.padEnd(16)} | ${String(s.count).padStart(8)} | ${kib(s.transferred).padStart(11)} | ${kib(s.uncompressed).padStart(12)} |`;
  return [
    `\n${title}`,
    `| ${'type'.padEnd(16)} | requests | transferred | uncompressed |`,
    `|${'-'.repeat(18)}|---------:|------------:|-------------:|`,
    ...rows.map(([name, s]) => line(name, s)),
    line('total', total),
  ].join('\n');
}

async function visit(account: Account, baseUrl: string, browserPromise: ReturnType<typeof launchChromium>): Promise<string[]> {
  const browser = await browserPromise;
  const out: string[] = [];
  const page1 = account.role === 'supervisor' ? 'the wall chart (挂图作战)' : 'the household ledger (住户台账)';

  // Cold cache: the login page, then signing in lands on the account's first page.
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const log = await watch(context, page, false);
  await page.goto('/');
  await page.getByLabel('用户名').waitFor();
  const login = log.take();
  await logIn(page, account);
  await settled(page, account);
  await page.waitForLoadState('networkidle');
  const first = log.take();
  out.push(table(`First load, empty cache: the login page`, login));
  out.push(table(`Then signing in as ${account.role} and opening ${page1}`, first));
  out.push(table(`Both together (first visit, ${account.role})`, [...login, ...first]));

  // Warm cache: a reload revalidates index.html and fetches the data again; the hashed files come from the cache.
  await page.reload();
  await settled(page, account);
  await page.waitForLoadState('networkidle');
  out.push(table(`Reloading ${page1} with the cache warm`, log.take()));
  await context.close();

  // The same first visit on a slow link, timed.
  const slow = await browser.newContext({ baseURL: baseUrl, viewport: { width: 360, height: 740 }, reducedMotion: 'reduce' });
  const slowPage = await slow.newPage();
  await watch(slow, slowPage, true);
  const started = Date.now();
  await slowPage.goto('/');
  await slowPage.getByLabel('用户名').waitFor();
  const loginShown = Date.now() - started;
  const signedIn = Date.now();
  await logIn(slowPage, account);
  await settled(slowPage, account);
  const pageShown = Date.now() - signedIn;
  await slow.close();
  out.push(
    `\nOn a slow link (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip), empty cache, phone screen: login form ready in ${(loginShown / 1000).toFixed(1)} s; ${page1} complete ${(pageShown / 1000).toFixed(1)} s after pressing 登录.`,
  );
  return out;
}

async function main(): Promise<void> {
  const app = await startServedApp();
  const browser = launchChromium();
  try {
    const [staff, supervisor] = await createAccounts(app.baseUrl, [
      { username: 'weight-staff', displayName: '称重-工作人员', role: 'staff' },
      { username: 'weight-supervisor', displayName: '称重-督导', role: 'supervisor' },
    ]);
    const lines = [
      'Page weight of the web pages (Qingxu seed, headless Chromium). Transferred: bytes on the wire as sent (brotli, headers included); uncompressed: what the browser unpacked.',
      ...(await visit(supervisor, app.baseUrl, browser)),
      ...(await visit(staff, app.baseUrl, browser)),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await (await browser).close();
    await app.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
