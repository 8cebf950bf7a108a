import 'reflect-metadata';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { validateEnvironment } from '../config/env.validation.js';
import { PhotoFiles, PhotoStorageFullError } from './photo-files.js';

const SHA = 'c0ffee'.padEnd(64, '0');
const OTHER = 'beef'.padEnd(64, '1');
const COPIES = { display: Buffer.from('display copy'), thumbnail: Buffer.from('thumbnail') };

/** Every file under `dir`, relative, sorted (temporary files included: they start with a dot). */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'photo-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('PhotoFiles', () => {
  it('stores both copies under the digest’s first two digits and reads them back', async () => {
    const files = new PhotoFiles({ dir, minFreeBytes: 0 });
    expect(await files.has(SHA)).toBe(false);
    await files.store(SHA, COPIES);
    expect(filesIn(dir)).toEqual([`c0/${SHA}-display.jpg`, `c0/${SHA}-thumb.jpg`]);
    expect((await files.read(SHA, 'display')).toString()).toBe('display copy');
    expect((await files.read(SHA, 'thumbnail')).toString()).toBe('thumbnail');
    expect(await files.has(SHA)).toBe(true);
  });

  it('reuses a pair already there, and writes only the copy that is missing', async () => {
    const writes: string[] = [];
    const files = new PhotoFiles({
      dir,
      minFreeBytes: 0,
      writeFile: async (path, data) => {
        writes.push(path);
        await writeFile(path, data);
      },
    });
    await files.store(SHA, COPIES);
    const written = statSync(files.pathOf(SHA, 'display')).mtimeMs;
    await files.store(SHA, COPIES);
    expect(writes).toHaveLength(2);
    expect(statSync(files.pathOf(SHA, 'display')).mtimeMs).toBe(written);
    rmSync(files.pathOf(SHA, 'thumbnail'));
    await files.store(SHA, COPIES);
    expect(writes).toHaveLength(3);
    expect(await files.has(SHA)).toBe(true);
  });

  it('refuses to write when the disk would be left with less than the minimum free, writing nothing', async () => {
    const free = await new PhotoFiles({ dir, minFreeBytes: 0 }).freeBytes();
    const files = new PhotoFiles({ dir, minFreeBytes: free + 1 });
    await expect(files.store(SHA, COPIES)).rejects.toBeInstanceOf(PhotoStorageFullError);
    expect(filesIn(dir)).toEqual([]);
  });

  it.each(['ENOSPC', 'EDQUOT'])('answers %s while writing as storage full, and leaves no file, temporary or not', async (code) => {
    let calls = 0;
    const files = new PhotoFiles({
      dir,
      minFreeBytes: 0,
      // The first copy is written; the disk fills up halfway through the second.
      writeFile: async (path, data) => {
        calls += 1;
        if (calls === 1) return writeFile(path, data);
        await writeFile(path, data.subarray(0, 3));
        throw Object.assign(new Error(`${code}: no space left on device, write`), { code });
      },
    });
    await expect(files.store(SHA, COPIES)).rejects.toBeInstanceOf(PhotoStorageFullError);
    expect(filesIn(dir)).toEqual([]);
  });

  it('passes on a write failure that is not about space as it is, still cleaning up', async () => {
    const files = new PhotoFiles({
      dir,
      minFreeBytes: 0,
      writeFile: async () => {
        throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
      },
    });
    await expect(files.store(SHA, COPIES)).rejects.toMatchObject({ code: 'EIO' });
    expect(filesIn(dir)).toEqual([]);
  });

  it('removes a pair no row names, and keeps one a row still names', async () => {
    const files = new PhotoFiles({ dir, minFreeBytes: 0 });
    await files.store(SHA, COPIES);
    await files.store(OTHER, COPIES);
    expect(await files.removeUnlessUsed(SHA, () => Promise.resolve(true))).toBe('kept');
    expect(await files.has(SHA)).toBe(true);
    expect(await files.removeUnlessUsed(SHA, () => Promise.resolve(false))).toBe('removed');
    expect(filesIn(dir)).toEqual([`be/${OTHER}-display.jpg`, `be/${OTHER}-thumb.jpg`]);
    // Already gone: nothing to do, no error.
    expect(await files.removeUnlessUsed(SHA, () => Promise.resolve(false))).toBe('removed');
  });

  it('puts the pair back when a row naming it was written while it was being removed', async () => {
    const files = new PhotoFiles({ dir, minFreeBytes: 0 });
    await files.store(SHA, COPIES);
    const answers = [false, true];
    expect(await files.removeUnlessUsed(SHA, () => Promise.resolve(answers.shift()!))).toBe('kept');
    expect(filesIn(dir)).toEqual([`c0/${SHA}-display.jpg`, `c0/${SHA}-thumb.jpg`]);
  });

  it('takes only a SHA-256 in hex for a name, so no path can be made of it', () => {
    const files = new PhotoFiles({ dir, minFreeBytes: 0 });
    for (const name of ['../../etc/passwd', SHA.toUpperCase(), SHA.slice(1), `${SHA}/x`]) {
      expect(() => files.pathOf(name, 'display')).toThrow(/SHA-256/);
    }
  });

  it('is configured by PHOTO_DIR (data/photos) and PHOTO_MIN_FREE_MB (512) unless set', () => {
    expect(validateEnvironment({})).toMatchObject({ PHOTO_DIR: 'data/photos', PHOTO_MIN_FREE_MB: 512 });
    expect(validateEnvironment({ PHOTO_DIR: '/srv/photos', PHOTO_MIN_FREE_MB: '2048' })).toMatchObject({
      PHOTO_DIR: '/srv/photos',
      PHOTO_MIN_FREE_MB: 2048,
    });
    expect(() => validateEnvironment({ PHOTO_MIN_FREE_MB: '-1' })).toThrow(/PHOTO_MIN_FREE_MB/);
  });
});
