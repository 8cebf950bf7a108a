/**
 * The photo upload benchmark: `npm run bench:photos` builds the app, makes a 15 MB JPEG (6000 ×
 * 4500, noise over a gradient at a high quality: what a 27-megapixel phone photo of a brick wall
 * weighs, and the worst kind of image to decode and shrink) and a typical 4 MB phone photo
 * (4000 × 3000), starts the real server (as `npm start` runs it, production settings, a SQLite
 * database and a PHOTO_DIR in a temporary folder), and uploads through POST
 * /api/households/:id/photos:
 *
 *   1. the 15 MB photo `--runs` times one after another: time per photo (p50, p95), measured
 *      by the client from the first byte sent to the answer;
 *   2. the same number with 4 uploads in flight: throughput (photos a second) and latency, with
 *      GET /api/health asked throughout (is the event loop free while sharp works?);
 *   3. a burst of 10 at once: what the server's memory does when more arrive than it processes
 *      at once (PHOTO_PROCESSING_SLOTS);
 *   4. the typical phone photo: the bytes kept for it (display copy + thumbnail), and what a
 *      county of 10,000 households × 4 photos needs on disk.
 *
 * Every upload differs by a JPEG comment, so each is its own image and its files are written.
 * The server's resident memory is sampled every 50 ms from /proc (VmRSS), per phase, and its
 * kernel peak (VmHWM) read at the end.
 *
 *   npm run bench:photos
 *   npm run bench:photos -- --runs 40 --json /tmp/photos.json
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { Api, HealthSampler, memoryMb, percentile } from './import-harness.js';
import { freePort, machineBusyPercent, startApplication, stopAllServers, type ServerProcess } from './processes.js';

const USAGE = 'npm run bench:photos -- [--runs 20] [--json FILE]';
const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
const TYPICAL_BYTES = 4 * 1024 * 1024;
const COUNTY = { households: 10_000, photosEach: 4 };

function log(message: string): void {
  process.stderr.write(`[bench:photos] ${message}\n`);
}

function settings(): { runs: number; json: string | undefined } {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, json: { type: 'string' } }, strict: true });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 4) throw new Error(`--runs must be a whole number of at least 4\n${USAGE}`);
  return { runs, json: values.json };
}

/**
 * A JPEG `width` × `height` of noise over a gradient, at the highest quality (70–99) that keeps
 * it at most `maxBytes`: photo-like detail that neither compresses away nor decodes faster than
 * a real photo would.
 */
async function noisyPhoto(width: number, height: number, sigma: number, maxBytes: number): Promise<{ bytes: Buffer; quality: number }> {
  const pixels = await sharp({
    create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma } },
  })
    .raw()
    .toBuffer();
  const gradient = await sharp(Buffer.from([40, 90, 30, 120, 140, 60, 170, 150, 120, 90, 110, 160]), {
    raw: { width: 2, height: 2, channels: 3 },
  })
    .resize(width, height, { kernel: 'linear' })
    .raw()
    .toBuffer();
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.max(0, Math.min(255, gradient[i] + pixels[i] - 128));
  const base = sharp(pixels, { raw: { width, height, channels: 3 } }).blur(0.8);
  const encode = (quality: number) => base.clone().jpeg({ quality, chromaSubsampling: '4:4:4' }).toBuffer();
  // The size grows with the quality: the highest that fits, by halving.
  let [low, high] = [70, 99];
  let best: { bytes: Buffer; quality: number } | null = null;
  while (low <= high) {
    const quality = (low + high) >> 1;
    const bytes = await encode(quality);
    if (bytes.length <= maxBytes) {
      best = { bytes, quality };
      low = quality + 1;
    } else high = quality - 1;
  }
  if (!best) throw new Error(`no quality from 70 to 99 makes ${width} × ${height} fit in ${maxBytes} bytes`);
  return best;
}

/** `jpeg` with a comment segment after its start marker: another file (another SHA-256), the same image. */
function variant(jpeg: Buffer, n: number): Buffer {
  const text = Buffer.from(`bench upload ${n} ${randomBytes(6).toString('hex')}`);
  const segment = Buffer.alloc(4 + text.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(2 + text.length, 2);
  text.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

/** The server's VmRSS sampled every 50 ms while `work` runs: its highest, MiB. */
async function peakRssDuring<T>(server: ServerProcess, work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = memoryMb(server.pid)?.rss ?? 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, memoryMb(server.pid)?.rss ?? 0);
  }, 50);
  try {
    const result = await work();
    peak = Math.max(peak, memoryMb(server.pid)?.rss ?? 0);
    return { result, peakMb: peak };
  } finally {
    clearInterval(sampler);
  }
}

interface Uploaded {
  id: number;
  sha256: string;
  width: number;
  height: number;
}

/** Uploads `count` variants of `photo`, `inFlight` at a time; answers each one's time (ms) and the wall time (s). */
async function uploadMany(
  api: Api,
  householdId: number,
  photo: Buffer,
  count: number,
  inFlight: number,
  first: number,
): Promise<{ ms: number[]; wallS: number; photos: Uploaded[] }> {
  const files = Array.from({ length: count }, (_, i) => variant(photo, first + i));
  const ms: number[] = [];
  const photos: Uploaded[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < files.length) {
        const bytes = files[next++];
        const sent = performance.now();
        photos.push(
          await api.upload<Uploaded>(
            `/api/households/${householdId}/photos`,
            { bytes, name: 'IMG_0001.jpg', type: 'image/jpeg' },
            { stage: 'during' },
          ),
        );
        ms.push(performance.now() - sent);
      }
    }),
  );
  return { ms, wallS: (performance.now() - started) / 1000, photos };
}

const latency = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50Ms: Math.round(percentile(sorted, 50)!), p95Ms: Math.round(percentile(sorted, 95)!), maxMs: Math.round(sorted.at(-1)!) };
};

/** The bytes of a photo's two files under PHOTO_DIR. */
function storedBytes(photoDir: string, sha256: string): { display: number; thumbnail: number } {
  const dir = join(photoDir, sha256.slice(0, 2));
  return {
    display: statSync(join(dir, `${sha256}-display.jpg`)).size,
    thumbnail: statSync(join(dir, `${sha256}-thumb.jpg`)).size,
  };
}

function folderBytes(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

async function main(): Promise<void> {
  const s = settings();
  const work = mkdtempSync(join(tmpdir(), 'tracker-photo-bench-'));
  const photoDir = join(work, 'photos');
  const cleanup = async () => {
    await stopAllServers();
    rmSync(work, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanup().finally(() => process.exit(143)));
  try {
    log('making the photos');
    const large = await noisyPhoto(6000, 4500, 48, MAX_UPLOAD_BYTES - 4096);
    const typical = await noisyPhoto(4000, 3000, 40, TYPICAL_BYTES);
    log(`15 MB photo: 6000 × 4500, ${mb(large.bytes.length)} MiB at quality ${large.quality}`);
    log(`typical photo: 4000 × 3000, ${mb(typical.bytes.length)} MiB at quality ${typical.quality}`);

    const busyBeforePercent = await machineBusyPercent();
    const adminPassword = `bench-${randomBytes(9).toString('hex')}`;
    const server = await startApplication(
      {
        DATABASE_URL: `sqlite:${join(work, 'tracker.sqlite')}`,
        PHOTO_DIR: photoDir,
        SEED: 'none',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        ADMIN_PASSWORD: adminPassword,
        JWT_SECRET: randomBytes(36).toString('base64'),
      },
      await freePort(),
    );
    const api = new Api(server.baseUrl);
    await api.signIn('admin', adminPassword);
    const county = await api.json<{ id: number }>('POST', '/api/regions', { level: 'county', name: '基准县' });
    const township = await api.json<{ id: number }>('POST', '/api/regions', { level: 'township', name: '基准镇', parentId: county.id });
    const village = await api.json<{ id: number }>('POST', '/api/villages', { name: '基准村', townshipId: township.id });
    const household = await api.json<{ id: number }>('POST', '/api/households', {
      villageId: village.id,
      householder: '基准户',
      grade: 'C',
    });
    const idleMb = memoryMb(server.pid)?.rss ?? 0;

    log('warming up (2 uploads)');
    await uploadMany(api, household.id, large.bytes, 2, 1, 0);
    const warmMb = memoryMb(server.pid)?.rss ?? 0;

    log(`${s.runs} uploads of the 15 MB photo, one at a time`);
    const sequential = await peakRssDuring(server, () => uploadMany(api, household.id, large.bytes, s.runs, 1, 100));
    log(`${s.runs} uploads, 4 in flight`);
    // GET /api/health asked throughout, one at a time: whether the event loop stays free while sharp works.
    const health = new HealthSampler(server.baseUrl, 50);
    health.start();
    const four = await peakRssDuring(server, () => uploadMany(api, household.id, large.bytes, s.runs, 4, 1000));
    const healthFigures = await health.stop();
    log('a burst of 10 at once');
    const ten = await peakRssDuring(server, () => uploadMany(api, household.id, large.bytes, 10, 10, 2000));

    log('the typical photo');
    const typicalUpload = await uploadMany(api, household.id, typical.bytes, 3, 1, 3000);
    const typicalStored = storedBytes(photoDir, typicalUpload.photos[0].sha256);
    const largeStored = storedBytes(photoDir, sequential.result.photos[0].sha256);
    const perPhoto = typicalStored.display + typicalStored.thumbnail;
    const countyBytes = perPhoto * COUNTY.households * COUNTY.photosEach;
    const onDisk = folderBytes(photoDir);
    const hwmMb = memoryMb(server.pid)?.hwm ?? null;
    await server.stop();

    const figures = {
      node: process.version,
      machineBusyBeforePercent: busyBeforePercent === null ? null : Math.round(busyBeforePercent),
      largePhoto: { width: 6000, height: 4500, bytes: large.bytes.length, quality: large.quality },
      typicalPhoto: { width: 4000, height: 3000, bytes: typical.bytes.length, quality: typical.quality },
      serverRssMb: { idle: Math.round(idleMb), afterWarmUp: Math.round(warmMb), hwm: hwmMb === null ? null : Math.round(hwmMb) },
      sequential: { uploads: s.runs, ...latency(sequential.result.ms), peakRssMb: Math.round(sequential.peakMb) },
      fourInFlight: {
        uploads: s.runs,
        photosPerSecond: Number((s.runs / four.result.wallS).toFixed(2)),
        ...latency(four.result.ms),
        peakRssMb: Math.round(four.peakMb),
        health: {
          requests: healthFigures.requests,
          failures: healthFigures.failures,
          p50Ms: healthFigures.p50Ms,
          p95Ms: healthFigures.p95Ms,
          maxMs: healthFigures.maxMs,
        },
      },
      tenAtOnce: { uploads: 10, wallS: Number(ten.result.wallS.toFixed(1)), ...latency(ten.result.ms), peakRssMb: Math.round(ten.peakMb) },
      stored: {
        typical: { ...typicalStored, total: perPhoto, displaySize: `${typicalUpload.photos[0].width} × ${typicalUpload.photos[0].height}` },
        large: { ...largeStored, total: largeStored.display + largeStored.thumbnail },
        photoDir: onDisk,
      },
      county: { ...COUNTY, bytes: countyBytes, gib: Number((countyBytes / 1024 ** 3).toFixed(2)) },
    };
    process.stdout.write(
      [
        `photo uploads through POST /api/households/:id/photos (node ${process.version}; machine ${figures.machineBusyBeforePercent ?? '?'}% busy before)`,
        `  15 MB photo: 6000 × 4500, ${mb(large.bytes.length)} MiB (quality ${large.quality}); typical: 4000 × 3000, ${mb(typical.bytes.length)} MiB`,
        `  one at a time (${s.runs}): p50 ${figures.sequential.p50Ms} ms, p95 ${figures.sequential.p95Ms} ms, max ${figures.sequential.maxMs} ms; server peak RSS ${figures.sequential.peakRssMb} MiB`,
        `  4 in flight (${s.runs}): ${figures.fourInFlight.photosPerSecond} photos/s; p50 ${figures.fourInFlight.p50Ms} ms, p95 ${figures.fourInFlight.p95Ms} ms; server peak RSS ${figures.fourInFlight.peakRssMb} MiB`,
        `  GET /api/health meanwhile (${healthFigures.requests} requests, ${healthFigures.failures} failed): p50 ${healthFigures.p50Ms?.toFixed(1)} ms, p95 ${healthFigures.p95Ms?.toFixed(1)} ms, max ${healthFigures.maxMs?.toFixed(0)} ms`,
        `  10 at once: all answered in ${figures.tenAtOnce.wallS} s (p50 ${figures.tenAtOnce.p50Ms} ms, max ${figures.tenAtOnce.maxMs} ms); server peak RSS ${figures.tenAtOnce.peakRssMb} MiB`,
        `  server RSS: idle ${figures.serverRssMb.idle} MiB, after warm-up ${figures.serverRssMb.afterWarmUp} MiB, kernel peak (VmHWM) ${figures.serverRssMb.hwm ?? '?'} MiB`,
        `  kept per typical photo: display ${figures.stored.typical.displaySize} ${(typicalStored.display / 1024).toFixed(0)} KiB + thumbnail ${(typicalStored.thumbnail / 1024).toFixed(0)} KiB = ${(perPhoto / 1024).toFixed(0)} KiB`,
        `  kept per 15 MB photo: ${(largeStored.display / 1024).toFixed(0)} KiB + ${(largeStored.thumbnail / 1024).toFixed(0)} KiB`,
        `  a county of ${COUNTY.households.toLocaleString('en')} households × ${COUNTY.photosEach} photos: ${figures.county.gib} GiB of photo files (typical photos)`,
        `  PHOTO_DIR after the run: ${onDisk.files} files, ${mb(onDisk.bytes)} MiB`,
        '',
      ].join('\n'),
    );
    if (s.json) writeFileSync(s.json, `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Photo benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
