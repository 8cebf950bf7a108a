import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { PhotoFiles } from '../src/photos/photo-files.js';
import { photoCopies } from '../src/photos/photo-images.js';
import { createHousehold, createRegionTree } from './support/fixtures.js';
import { countRows, http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * A photo upload when the disk holding PHOTO_DIR has less room than PHOTO_MIN_FREE_MB (here
 * set above what the disk has free): 503 photo_storage_full, telling the clerk to call the
 * administrator, and nothing kept. Its own file, because the setting is read once at start
 * (test/photos.e2e-spec.ts has the rest). A disk that fills up while writing is
 * src/photos/photo-files.spec.ts.
 */
describe('photos when the storage is full', () => {
  let t: TestApp;
  let photoDir: string;
  let villageId: number;

  beforeAll(async () => {
    photoDir = mkdtempSync(join(tmpdir(), 'tracker-photos-full-'));
    const stats = statfsSync(photoDir);
    const freeMb = Math.floor((stats.bavail * stats.bsize) / 1024 / 1024);
    process.env.PHOTO_DIR = photoDir;
    process.env.PHOTO_MIN_FREE_MB = String(freeMb + 1024);
    t = await startTestApp();
    villageId = (await createRegionTree(t, ['孟封村'])).villageIds[0];
  });
  afterAll(async () => {
    await t.dispose();
    rmSync(photoDir, { recursive: true, force: true });
  });

  it('refuses an upload with 503 photo_storage_full, storing no row and no file', async () => {
    const h = await createHousehold(t, { villageId, householder: '满盘户', grade: 'B' });
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
      .jpeg()
      .toBuffer();
    const res = await http(t)
      .post(`/api/households/${h.id}/photos`)
      .field('stage', 'before')
      .attach('file', photo, { filename: 'a.jpg', contentType: 'image/jpeg' })
      .expect(503);
    expect(res.body).toMatchObject({ code: 'photo_storage_full', message: expect.stringContaining('系统管理员') });
    expect(await countRows(t, 'photos')).toBe(0);
    const files = readdirSync(photoDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files).toEqual([]);
  });

  it('still takes an upload whose files are there already: nothing new is written', async () => {
    const h = await createHousehold(t, { villageId, householder: '重传户', grade: 'B' });
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#37a' } })
      .jpeg()
      .toBuffer();
    const sha256 = createHash('sha256').update(photo).digest('hex');
    const copies = await photoCopies(photo);
    await new PhotoFiles({ dir: photoDir, minFreeBytes: 0 }).store(sha256, {
      display: copies.display.data,
      thumbnail: copies.thumbnail.data,
    });
    const res = await http(t)
      .post(`/api/households/${h.id}/photos`)
      .field('stage', 'after')
      .attach('file', photo, { filename: 'a.jpg', contentType: 'image/jpeg' })
      .expect(201);
    expect(res.body.sha256).toBe(sha256);
    await http(t).get(`/api/photos/${res.body.id}/thumbnail`).expect(200);
  });
});
