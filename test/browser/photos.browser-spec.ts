import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { launchChromium } from './support/chromium.js';
import { besides, logIn, openPage, type WatchedPage } from './support/pages.js';
import { ADMIN_PASSWORD, apiCall, apiLogin, createAccounts, startServedApp, type Account, type ServedApp } from './support/served-app.js';

/**
 * 照片 on the household page in headless Chromium, against the built application on the Qingxu
 * seed: a staff member uploads a JPEG made here, sees its thumbnail, enlarges it and closes it
 * (button, Esc, a tap outside), is refused a text file named .jpg with the server's own message
 * while the rest of the batch goes on, and deletes a photo; a supervisor only looks. Screenshots
 * of a phone (390 px) and a desktop go to /tmp/photos-*.png.
 */

const SLOW = 120_000;
const PHONE_390 = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

let app: ServedApp;
let browser: Browser;
let staff: Account;
let supervisor: Account;
const opened: WatchedPage[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  app = await startServedApp();
  [staff, supervisor] = await createAccounts(app.baseUrl, [
    { username: 'zhoujing', displayName: '周静', role: 'staff' },
    { username: 'wulei', displayName: '吴磊', role: 'supervisor' },
  ]);
}, SLOW);

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await (browser as Browser | undefined)?.close();
  await (app as ServedApp | undefined)?.stop();
});

async function freshPage(viewport = DESKTOP): Promise<WatchedPage> {
  const watched = await openPage(browser, app.baseUrl, { viewport });
  opened.push(watched);
  return watched;
}

interface HouseholdBody {
  id: number;
  householder: string;
}

/** The `index`-th household matching `query` (each test takes its own, so their photos do not mix). */
async function household(query: string, index: number): Promise<HouseholdBody> {
  const token = await apiLogin(app.baseUrl, 'admin', ADMIN_PASSWORD);
  const page = await apiCall<{ items: HouseholdBody[] }>(app.baseUrl, token, 'GET', `/households?${query}&pageSize=${index + 1}`);
  const found = page.items[index];
  if (!found) throw new Error(`No household ${index} matches ${query}`);
  return found;
}

async function openHousehold(page: Page, target: HouseholdBody): Promise<void> {
  await page.goto(`/#/households/${target.id}`);
  await page.getByRole('heading', { level: 1, name: target.householder }).waitFor();
  await page.getByRole('heading', { level: 2, name: '照片' }).waitFor();
}

/** A photo as a phone camera would give it: a JPEG of one colour, 1200 × 800. */
async function jpeg(background: string): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background } })
    .jpeg()
    .toBuffer();
}

interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** Fills the upload form (stage by its Chinese name) and presses 上传. */
async function upload(page: Page, stage: string, files: UploadFile[], caption?: string): Promise<void> {
  await page.getByLabel('照片阶段').selectOption({ label: stage });
  if (caption !== undefined) await page.getByLabel('照片说明').fill(caption);
  await page.locator('input[type="file"][name="file"]').setInputFiles(files);
  await page.getByRole('button', { name: '上传', exact: true }).click();
}

/** What the tests read of an <img> (the tests are type-checked without the DOM's types). */
interface LoadedImage {
  complete: boolean;
  naturalWidth: number;
  naturalHeight: number;
  src: string;
}

/** Waits until `img` is decoded and shown (the function runs in the page: it cannot call the tests' own functions). */
async function waitUntilLoaded(page: Page, img: Locator): Promise<void> {
  await page.waitForFunction(
    (el) => {
      const image = el as unknown as LoadedImage;
      return image.complete && image.naturalWidth > 0;
    },
    await img.elementHandle(),
  );
}

/** Once the (`nth`) thumbnail image of `name` has loaded (through an object URL, which the CSP must allow): its natural size. */
async function loadedThumbnail(page: Page, name: string, nth = 0): Promise<{ width: number; height: number; src: string }> {
  const img = page
    .getByRole('button', { name: `查看大图：${name}` })
    .nth(nth)
    .locator('img');
  await img.waitFor();
  await waitUntilLoaded(page, img);
  return img.evaluate((el) => {
    const image = el as unknown as LoadedImage;
    return { width: image.naturalWidth, height: image.naturalHeight, src: image.src };
  });
}

async function openedDialog(page: Page) {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const img = dialog.locator('img');
  await img.waitFor();
  await waitUntilLoaded(page, img);
  return { dialog, img };
}

/** Whether an image still loads from `url` (an object URL loads until it is revoked). */
function imageLoads(page: Page, url: string | null): Promise<boolean> {
  return page.evaluate<boolean>(
    `new Promise((resolve) => { const probe = new Image(); probe.onload = () => resolve(true); probe.onerror = () => resolve(false); probe.src = ${JSON.stringify(url ?? '')}; })`,
  );
}

/** The browser's log line for each probe of a revoked object URL (provoked on purpose). */
const withoutRevokedLoads = (problems: readonly string[]) =>
  problems.filter((p) => !/Failed to load resource: net::ERR_FILE_NOT_FOUND/.test(p));

const focusedPhoto = (page: Page) =>
  page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('data-photo')");
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

describe('照片 on the household page in Chromium', () => {
  it(
    'a staff member uploads a JPEG, sees its thumbnail, enlarges it and closes it by the button, by Esc and by a tap outside',
    async () => {
      const target = await household('status=pending&grade=B', 0);
      const { page, problems } = await freshPage();
      await logIn(page, staff);
      await openHousehold(page, target);
      await page.getByTestId('no-photos').waitFor();
      await expect(page.getByLabel('拍摄日期').inputValue()).resolves.toBe(today());
      await expect(page.getByLabel('拍摄日期').getAttribute('max')).resolves.toBe(today());

      await upload(page, '施工中', [{ name: '东墙.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#c33') }], '东墙加固');
      await page.getByRole('status').filter({ hasText: '上传完成：1 张。' }).waitFor();
      await expect(page.locator('[data-file="东墙.jpg"] .upload-state').innerText()).resolves.toBe('已上传');

      // The gallery: one group, 施工中, with the photo's caption, date and uploader.
      const thumb = await loadedThumbnail(page, '东墙加固');
      expect(thumb.src).toMatch(/^blob:/);
      expect(thumb.width).toBeLessThanOrEqual(480);
      expect(thumb.width / thumb.height).toBeCloseTo(1.5, 1);
      await expect(page.locator('.photo-stage').evaluateAll((els) => els.map((e) => e.getAttribute('data-stage')))).resolves.toEqual([
        'during',
      ]);
      const card = page.locator('.photo-card').first();
      await expect(card.innerText()).resolves.toMatch(new RegExp(`东墙加固[\\s\\S]*拍摄于 ${today()}[\\s\\S]*周静 上传`));
      await page.screenshot({ path: '/tmp/photos-desktop.png', fullPage: true });

      // Enlarged: the display copy, upright, in a modal dialog named by stage and caption.
      const opener = page.getByRole('button', { name: '查看大图：东墙加固' });
      const photoId = await opener.getAttribute('data-photo');
      await opener.click();
      const { dialog, img } = await openedDialog(page);
      await expect(dialog.getAttribute('aria-modal')).resolves.toBe('true');
      await expect(dialog.locator('h2').innerText()).resolves.toBe('施工中 · 东墙加固');
      await expect(
        img.evaluate((el) => [(el as unknown as LoadedImage).naturalWidth, (el as unknown as LoadedImage).naturalHeight]),
      ).resolves.toEqual([1200, 800]);
      await expect(dialog.innerText()).resolves.toMatch(/1200×800 像素，原文件 \d+ KB/);
      await expect(page.evaluate('document.activeElement && document.activeElement.textContent')).resolves.toBe('关闭');
      // Tab stays inside the dialog.
      await page.keyboard.press('Tab');
      await expect(page.evaluate('document.activeElement && document.activeElement.textContent')).resolves.toBe('关闭');
      await page.screenshot({ path: '/tmp/photos-desktop-dialog.png' });

      const enlarged = await img.getAttribute('src');
      await expect(imageLoads(page, enlarged)).resolves.toBe(true);
      await dialog.getByRole('button', { name: '关闭' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect(focusedPhoto(page)).resolves.toBe(photoId);
      // Closed, the display copy's object URL is released.
      await expect(imageLoads(page, enlarged)).resolves.toBe(false);

      await opener.click();
      await openedDialog(page);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await expect(focusedPhoto(page)).resolves.toBe(photoId);

      await opener.click();
      await openedDialog(page);
      // A tap on the dark surround, away from the picture.
      await page.getByTestId('photo-dialog').click({ position: { x: 8, y: DESKTOP.height - 8 } });
      await dialog.waitFor({ state: 'detached' });

      // Leaving the household page releases the thumbnails' object URLs.
      await expect(imageLoads(page, thumb.src)).resolves.toBe(true);
      await page.getByRole('link', { name: '住户台账', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: '住户台账' }).waitFor();
      await expect(imageLoads(page, thumb.src)).resolves.toBe(false);
      expect(withoutRevokedLoads(problems)).toEqual([]);
    },
    SLOW,
  );

  it(
    "a text file named .jpg is refused with the server's Chinese message, a file over 15 MB (but not one of exactly 15 MB) is refused before sending, and the rest of the batch still uploads",
    async () => {
      const target = await household('status=pending&grade=B', 1);
      const { page, problems } = await freshPage();
      const sent: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().includes('/photos')) sent.push(request.url());
      });
      await logIn(page, staff);
      await openHousehold(page, target);

      // What the server answers to the text file, asked directly in Chinese.
      const token = await apiLogin(app.baseUrl, staff.username, staff.password);
      const form = new FormData();
      form.append('stage', 'before');
      form.append('file', new Blob(['这不是照片'], { type: 'image/jpeg' }), '假照片.jpg');
      const direct = await fetch(`${app.baseUrl}/api/households/${target.id}/photos`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'accept-language': 'zh-CN' },
        body: form,
      });
      expect(direct.status).toBe(415);
      const refusal = (await direct.json()) as { code: string; message: string };
      expect(refusal.code).toBe('photo_not_an_image');
      expect(refusal.message).toMatch(/[\u4e00-\u9fff]/);

      await upload(page, '修缮前', [
        { name: '假照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('这不是照片，是一段文字。\n') },
        { name: '太大.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(15 * 1024 * 1024 + 1) },
        // Exactly the limit: the page sends it and the server, taking it in, judges its bytes (no image).
        { name: '刚好15MB.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(15 * 1024 * 1024) },
        { name: '院墙.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#36c') },
      ]);
      await page.getByRole('status').filter({ hasText: '已上传 1 张，3 张没有上传（原因见下）。' }).waitFor();
      await expect(page.locator('[data-file="假照片.jpg"] .upload-state').innerText()).resolves.toBe(`没有上传：${refusal.message}`);
      await expect(page.locator('[data-file="太大.jpg"] .upload-state').innerText()).resolves.toBe(
        '没有上传：文件超过 15 MB，请压缩或改小后再上传。',
      );
      await expect(page.locator('[data-file="刚好15MB.jpg"] .upload-state').innerText()).resolves.toBe(`没有上传：${refusal.message}`);
      await expect(page.locator('[data-file="院墙.jpg"] .upload-state').innerText()).resolves.toBe('已上传');
      await page.locator('.upload-list').screenshot({ path: '/tmp/photos-refused.png' });
      // The oversized file never left the page: three uploads went out.
      expect(sent).toHaveLength(3);

      await loadedThumbnail(page, '修缮前照片');
      await expect(page.locator('.photo-card').count()).resolves.toBe(1);
      expect(besides(problems, 415)).toEqual([]);
    },
    SLOW,
  );

  it(
    'the uploader deletes a photo after confirming; a supervisor sees the photos but no upload form and no delete button',
    async () => {
      const target = await household('status=pending&grade=B', 2);
      const { page, problems } = await freshPage();
      await logIn(page, staff);
      await openHousehold(page, target);
      await upload(
        page,
        '修缮前',
        [
          { name: '屋顶.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#963') },
          { name: '裂缝.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#555') },
        ],
        '屋顶裂缝',
      );
      await page.getByRole('status').filter({ hasText: '上传完成：2 张。' }).waitFor();
      // The gallery is drawn again after the uploads: wait for it rather than count at once.
      await page.locator('.photo-card').nth(1).waitFor();
      await expect(page.locator('.photo-card').count()).resolves.toBe(2);
      await expect(page.getByText('共 2 张').count()).resolves.toBe(1);

      // Cancelling keeps the photo; confirming deletes it.
      await page.getByRole('button', { name: '删除照片：屋顶裂缝' }).first().click();
      await page.getByText('确定删除这张照片吗？删除后不能恢复。').waitFor();
      await page.getByRole('button', { name: '取消' }).click();
      await expect(page.getByText('确定删除这张照片吗？删除后不能恢复。').count()).resolves.toBe(0);
      await page.getByRole('button', { name: '删除照片：屋顶裂缝' }).first().click();
      await page.getByRole('button', { name: '确定删除' }).click();
      await page.getByRole('status').filter({ hasText: '已删除照片。' }).waitFor();
      await page.getByText('共 1 张').waitFor();
      await expect(page.locator('.photo-card').count()).resolves.toBe(1);
      expect(problems).toEqual([]);

      // The supervisor, on a phone: the photo, nothing to change it with.
      const watched = await freshPage(PHONE_390);
      await logIn(watched.page, supervisor);
      await openHousehold(watched.page, target);
      await loadedThumbnail(watched.page, '屋顶裂缝');
      await expect(watched.page.locator('form.photo-upload').count()).resolves.toBe(0);
      await expect(watched.page.locator('.photo-delete').count()).resolves.toBe(0);
      expect(watched.problems).toEqual([]);
    },
    SLOW,
  );

  it(
    'on a phone 390 px wide the form and gallery fit the width and the enlarged photo fits the screen',
    async () => {
      const target = await household('status=pending&grade=B', 3);
      const { page, problems } = await freshPage(PHONE_390);
      await logIn(page, staff);
      await openHousehold(page, target);
      await upload(
        page,
        '修缮后',
        [
          { name: '正面.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#3a3') },
          { name: '侧面.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#c93') },
          {
            name: '竖拍.jpg',
            mimeType: 'image/jpeg',
            buffer: await sharp({ create: { width: 800, height: 1200, channels: 3, background: '#39c' } })
              .jpeg()
              .toBuffer(),
          },
        ],
        '修好后的正房',
      );
      await page.getByRole('status').filter({ hasText: '上传完成：3 张。' }).waitFor();
      const thumbnails = [await loadedThumbnail(page, '修好后的正房', 0), await loadedThumbnail(page, '修好后的正房', 2)];
      // Upright as taken: the landscape photos' thumbnails are wide, the portrait one tall.
      expect(thumbnails.map((th) => th.width > th.height)).toEqual([true, false]);
      await expect(page.evaluate<number>('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(PHONE_390.width);
      await page.locator('.household-photos').scrollIntoViewIfNeeded();
      await page.screenshot({ path: '/tmp/photos-phone.png', fullPage: true });

      // The upright (portrait) photo enlarged: all of it on the screen.
      await page.getByRole('button', { name: '查看大图：修好后的正房' }).nth(2).click();
      const { img, dialog } = await openedDialog(page);
      const box = await img.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE_390.width);
      expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE_390.height);
      const close = await dialog.getByRole('button', { name: '关闭' }).boundingBox();
      expect(close!.y + close!.height).toBeLessThanOrEqual(PHONE_390.height);
      await page.screenshot({ path: '/tmp/photos-phone-dialog.png' });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(problems).toEqual([]);
    },
    SLOW,
  );

  it(
    'prints the household record and the acceptance form with the photo, saved under the server’s names',
    async () => {
      const target = await household('status=pending&grade=B', 4);
      const { page, problems } = await freshPage();
      await logIn(page, staff);
      await openHousehold(page, target);
      await upload(page, '修缮后', [{ name: '完工.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#36c') }], '屋面完工');
      await page.getByRole('status').filter({ hasText: '上传完成：1 张。' }).waitFor();
      const pdfText = async (buffer: Buffer) => {
        const { extractText, getDocumentProxy } = await import('unpdf');
        return (await extractText(await getDocumentProxy(new Uint8Array(buffer)), { mergePages: true })).text.replace(/\s+/g, '');
      };
      const line = `修缮后·${today()}·周静`;
      for (const [button, suffix, heading] of [
        ['打印修缮档案（PDF）', '_修缮档案.pdf', '因灾受损房屋修缮档案'],
        ['打印验收表（PDF）', '_验收表.pdf', '因灾受损农房修缮验收表'],
      ]) {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
        // 村_户主_修缮档案.pdf
        expect(download.suggestedFilename().endsWith(`_${target.householder}${suffix}`)).toBe(true);
        const path = await download.path();
        const text = await pdfText(readFileSync(path));
        expect(text).toContain(heading);
        expect(text).toContain(line);
        expect(text).toContain('屋面完工');
      }
      expect(problems).toEqual([]);
    },
    SLOW,
  );
});
