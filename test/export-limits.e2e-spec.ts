import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import type { RenderSlot } from '../src/exports/render-admission.js';
import { RenderPool } from '../src/exports/render-pool.js';
import { PeriodReportService } from '../src/reports/period/period-report.service.js';
import type { PeriodReport } from '../src/reports/period/period-report.types.js';
import { createUser, type TestUser } from './support/accounts.js';
import { binary, http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The exports drawn on worker threads (RenderPool), through the HTTP API: files come from the
 * workers, a full queue or a user past their share gets a 503 with Retry-After at once, a render
 * that fails in its worker is a logged 500, and the pool ends with the application.
 *
 * The limits are filled by taking places in the pool's admission directly, as renders in flight
 * would, so that no test depends on how long a real render takes; RenderPool's own spec checks
 * the same limits against renders really running and waiting on the threads.
 */

const WEEK = '/api/reports/period?period=week&date=2021-12-23&groupBy=village';

describe('exports on worker threads', () => {
  let t: TestApp;
  let dir: string;
  let logFile: string;
  let supervisorA: TestUser;
  let supervisorB: TestUser;
  let householdId: number;

  const download = (path: string, user: TestUser | null = null) =>
    http(t, user ? user.token : t.adminToken)
      .get(path)
      .buffer(true)
      .parse(binary);
  const pool = () => t.app.get(RenderPool);

  /** Takes places in the pool as renders in flight would, one per entry of `userIds`. */
  function hold(userIds: number[]): RenderSlot[] {
    return userIds.map((id) => {
      const slot = pool().admission.admit(id);
      if (typeof slot === 'string') throw new Error(`could not take a place for user ${id}: ${slot}`);
      return slot;
    });
  }
  const release = (slots: RenderSlot[]) => slots.forEach((slot) => slot.release());

  const busyBody = (res: { body: Buffer }) => JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tracker-export-limits-'));
    logFile = join(dir, 'app.log');
    t = await startTestApp({ logFile });
    t.clock.freeze('2021-12-27T01:30:00Z');
    await seedQingxu(t.dataSource);
    supervisorA = await createUser(t, { username: 'supervisor.a', role: 'supervisor', scope: [{ level: 'county', id: 1 }] });
    supervisorB = await createUser(t, { username: 'supervisor.b', role: 'supervisor', scope: [{ level: 'county', id: 1 }] });
    householdId = (
      await http(t)
        .get(`/api/households?q=${encodeURIComponent('郑清亮')}`)
        .expect(200)
    ).body.items[0].id;
  });
  afterAll(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws the PDF, PNG and household record on worker threads, none before the first', async () => {
    expect(pool().threadCount).toBe(0);
    const pdf = await download(`${WEEK}&format=pdf`).expect(200);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const png = PNG.sync.read((await download(`${WEEK}&format=png`).expect(200)).body);
    expect([png.width, png.height]).toEqual([1080, 1920]);
    const record = await download(`/api/households/${householdId}/record`).expect(200);
    expect(record.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pool().threadCount).toBeGreaterThanOrEqual(1);
    expect(pool().admission.inFlight).toBe(0);
  });

  it('answers 503 with Retry-After at once when every thread is busy and the queue is full, and draws again once there is room', async () => {
    const capacity = pool().admission.limits.capacity;
    const held = hold(Array.from({ length: capacity }, (_, i) => -1 - i));
    try {
      for (const path of [
        `${WEEK}&format=pdf`,
        `${WEEK}&format=png`,
        `${WEEK}&format=svg`,
        `${WEEK}&format=xlsx`,
        `/api/households/${householdId}/record`,
      ]) {
        const res = await download(path).expect(503);
        expect([path, res.headers['retry-after']]).toEqual([path, String(pool().settings.retryAfterSeconds)]);
        expect(busyBody(res)).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          message: '导出任务繁忙，请稍后再试',
          code: 'exports_busy',
          requestId: expect.any(String),
        });
      }
      // CSV, JSON and the WeChat text are made in the request itself: no queue to wait in.
      await download(`${WEEK}&format=csv`).expect(200);
      await http(t).get(`${WEEK}&format=json`).expect(200);
      await download(`${WEEK}&format=text`).expect(200);
    } finally {
      release(held);
    }
    await download(`${WEEK}&format=pdf`).expect(200);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('render refused: too many in flight');
  });

  it('answers 503 to a user past their share of renders, while another user still gets their file', async () => {
    const held = hold(Array.from({ length: pool().settings.perUser }, () => supervisorA.id));
    const builds = jest.spyOn(t.app.get(PeriodReportService), 'build');
    try {
      const refused = await download(`${WEEK}&format=pdf`, supervisorA).expect(503);
      expect(refused.headers['retry-after']).toBe(String(pool().settings.retryAfterSeconds));
      expect(busyBody(refused)).toMatchObject({
        statusCode: 503,
        code: 'exports_busy',
        message: '您已有导出任务正在进行，请等其完成后再试',
      });
      // Refused before the report was built: a refusal costs the server next to nothing.
      expect(builds).not.toHaveBeenCalled();
      await download(`/api/households/${householdId}/record`, supervisorA).expect(503);

      const other = await download(`${WEEK}&format=pdf`, supervisorB).expect(200);
      expect(other.headers['content-type']).toBe('application/pdf');
      expect(other.body.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      builds.mockRestore();
      release(held);
    }
    await download(`${WEEK}&format=pdf`, supervisorA).expect(200);
  });

  it('answers a render that fails in its worker with a logged 500, and goes on drawing', async () => {
    const reports = t.app.get(PeriodReportService);
    const real = await reports.build(
      { kind: 'week', date: '2021-12-23', groupBy: 'village' },
      { id: 0, username: 'x', displayName: 'x', role: 'admin', scopeRegionIds: [] },
    );
    // A report the PDF renderer cannot draw: it fails inside the worker, not before.
    const spy = jest.spyOn(reports, 'build').mockResolvedValueOnce({ ...real, rows: null } as unknown as PeriodReport);
    try {
      const res = await download(`${WEEK}&format=pdf`).expect(500);
      expect(busyBody(res)).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: '服务器内部出错，请稍后再试；如果一再出现，请把请求编号（requestId）告诉系统管理员',
        code: 'internal_error',
        requestId: expect.any(String),
      });
      const line = readFileSync(logFile, 'utf8')
        .split('\n')
        .find((l) => l.includes('Rendering the period report as pdf failed'));
      expect(line).toBeDefined();
      const entry = JSON.parse(line!) as { level: number; requestId: string; err: { stack: string } };
      expect([entry.level, entry.requestId]).toEqual([50, busyBody(res).requestId]);
      // The worker's stack (the server's thread never loads the PDF renderer).
      expect(entry.err.stack).toMatch(/^RenderFailedError: [^\n]+\nTypeError: [^\n]+\n\s+at [^\n]*period-pdf\.ts/);
    } finally {
      spy.mockRestore();
    }
    expect(pool().admission.inFlight).toBe(0);
    // The same worker draws the next one.
    await download(`${WEEK}&format=pdf`).expect(200);
  });

  it('ends its worker threads when the application closes; a restarted application has a pool of its own', async () => {
    const before = pool();
    expect(before.threadCount).toBeGreaterThanOrEqual(1);
    t = await t.restart();
    expect(before.threadCount).toBe(0);
    expect(pool()).not.toBe(before);
    expect(pool().threadCount).toBe(0);
    await download(`${WEEK}&format=png`).expect(200);
    expect(pool().threadCount).toBeGreaterThanOrEqual(1);
  });
});
