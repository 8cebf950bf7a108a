import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The photos' image files under PHOTO_DIR, named by the upload's SHA-256:
 * `<first two hex digits>/<sha256>-display.jpg` and `…-thumb.jpg`. The same upload twice is the
 * same pair of files, written once. Each file is written to a temporary name beside it, flushed
 * and renamed into place, so a reader (or another instance on the same shared storage) sees
 * the whole file or none, never part of one.
 *
 * Who calls this keeps the order that makes a crash harmless: files before the row that names
 * them, and on delete the row before its files, so at worst files are left that no row names.
 */

export type PhotoVariant = 'display' | 'thumbnail';
export const PHOTO_VARIANTS: readonly PhotoVariant[] = ['display', 'thumbnail'];
const SUFFIX: Record<PhotoVariant, string> = { display: 'display', thumbnail: 'thumb' };

const SHA256 = /^[0-9a-f]{64}$/;

/** The disk holding PHOTO_DIR has too little room left (or ran out while writing): nothing was kept. */
export class PhotoStorageFullError extends Error {
  constructor(
    readonly freeBytes: number | null,
    options?: { cause?: unknown },
  ) {
    super(
      freeBytes === null ? 'The photo storage ran out of space while writing' : `The photo storage has ${freeBytes} bytes free`,
      options,
    );
    this.name = 'PhotoStorageFullError';
  }
}

export interface PhotoFilesSettings {
  /** PHOTO_DIR, made absolute against the working directory. */
  dir: string;
  /** PHOTO_MIN_FREE_MB in bytes: what must be left free after a photo's files are written. */
  minFreeBytes: number;
  /** Writes a whole file and flushes it to disk (tests put a full disk here). */
  writeFile?: (path: string, data: Buffer) => Promise<void>;
}

/** Error codes of a full disk or an exhausted quota. */
const OUT_OF_SPACE = new Set(['ENOSPC', 'EDQUOT']);

function isOutOfSpace(error: unknown): boolean {
  return OUT_OF_SPACE.has((error as { code?: string } | null)?.code ?? '');
}

function isMissing(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'ENOENT';
}

async function writeAndFlush(path: string, data: Buffer): Promise<void> {
  const handle = await fs.open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename in `dir` last through a power cut; a file system that cannot flush a folder is left as it is. */
async function flushFolder(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Not every file system lets a folder be opened or flushed; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}

const temporaryName = (path: string) => join(dirname(path), `.${randomBytes(8).toString('hex')}-${process.pid}.tmp`);

export class PhotoFiles {
  readonly dir: string;
  private readonly minFreeBytes: number;
  private readonly writeFile: (path: string, data: Buffer) => Promise<void>;

  constructor(settings: PhotoFilesSettings) {
    this.dir = resolve(settings.dir);
    this.minFreeBytes = settings.minFreeBytes;
    this.writeFile = settings.writeFile ?? writeAndFlush;
  }

  pathOf(sha256: string, variant: PhotoVariant): string {
    if (!SHA256.test(sha256)) throw new Error(`Not a SHA-256 in hex: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), `${sha256}-${SUFFIX[variant]}.jpg`);
  }

  /** A stored copy, for the API and for the PDFs that print photos. */
  read(sha256: string, variant: PhotoVariant): Promise<Buffer> {
    return fs.readFile(this.pathOf(sha256, variant));
  }

  /** Whether both copies of `sha256` are on disk. */
  async has(sha256: string): Promise<boolean> {
    const found = await Promise.all(PHOTO_VARIANTS.map((v) => this.exists(this.pathOf(sha256, v))));
    return found.every(Boolean);
  }

  /**
   * Puts both copies of `sha256` in place, writing those not there yet (an existing pair is
   * reused). Throws PhotoStorageFullError, having removed what it wrote, when the disk would be
   * left with less than PHOTO_MIN_FREE_MB or runs out while writing.
   */
  async store(sha256: string, copies: Record<PhotoVariant, Buffer>): Promise<void> {
    const missing: PhotoVariant[] = [];
    for (const variant of PHOTO_VARIANTS) if (!(await this.exists(this.pathOf(sha256, variant)))) missing.push(variant);
    if (missing.length === 0) return;
    const folder = dirname(this.pathOf(sha256, 'display'));
    await fs.mkdir(folder, { recursive: true });
    const incoming = missing.reduce((sum, variant) => sum + copies[variant].length, 0);
    const free = await this.freeBytes();
    if (free - incoming < this.minFreeBytes) throw new PhotoStorageFullError(free);
    const written: string[] = [];
    try {
      for (const variant of missing) {
        const path = this.pathOf(sha256, variant);
        await this.writeInPlace(path, copies[variant]);
        written.push(path);
      }
    } catch (error) {
      await Promise.all(written.map((path) => fs.rm(path, { force: true })));
      if (isOutOfSpace(error)) throw new PhotoStorageFullError(null, { cause: error });
      throw error;
    }
    await flushFolder(folder);
  }

  /**
   * Removes the copies of `sha256` unless `isUsed()` says a photo row still names them, asked
   * after the files have been moved aside: an upload of the same image that reused the pair
   * meanwhile either finds it gone and writes it again (PhotosService checks after its row is
   * written) or is seen by `isUsed()` here, and the pair is put back.
   */
  async removeUnlessUsed(sha256: string, isUsed: () => Promise<boolean>): Promise<'removed' | 'kept'> {
    if (await isUsed()) return 'kept';
    const aside: [string, string][] = [];
    for (const variant of PHOTO_VARIANTS) {
      const path = this.pathOf(sha256, variant);
      const moved = temporaryName(path);
      try {
        await fs.rename(path, moved);
        aside.push([path, moved]);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    if (await isUsed()) {
      for (const [path, moved] of aside) await fs.rename(moved, path);
      return 'kept';
    }
    await Promise.all(aside.map(([, moved]) => fs.rm(moved, { force: true })));
    return 'removed';
  }

  /** Bytes free to an unprivileged writer on the disk holding PHOTO_DIR. */
  async freeBytes(): Promise<number> {
    await fs.mkdir(this.dir, { recursive: true });
    const stats = await fs.statfs(this.dir);
    return stats.bavail * stats.bsize;
  }

  private async writeInPlace(path: string, data: Buffer): Promise<void> {
    const temporary = temporaryName(path);
    try {
      await this.writeFile(temporary, data);
      await fs.rename(temporary, path);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
  }

  private async exists(path: string): Promise<boolean> {
    try {
      await fs.access(path);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }
}
