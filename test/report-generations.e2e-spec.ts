import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import { checkStatusCounters } from '../src/household-writes/status-counters.js';
import { http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Two instances on one database, each keeping report bodies in its own cache: whatever one
 * records, the other's very next report counts (the report generations, src/database/report-generations.ts).
 * On SQLite here; CI runs this file again on PostgreSQL (DATABASE_URL), where the two instances
 * have their own connection pools and transactions commit in any order.
 */

interface Row {
  unit: { id: number | null; name: string };
  grade: 'B' | 'C';
  completed: number;
  completedInPeriod?: number;
  remarks?: string[];
}

describe('reports kept by two instances of one database', () => {
  let a: TestApp;
  let b: TestApp;
  let pending: { id: number; villageId: number; grade: 'B' | 'C'; version: number }[];

  const progress = (app: TestApp, etag?: string) => {
    const req = http(app).get('/api/reports/progress?groupBy=village');
    return etag ? req.set('If-None-Match', etag) : req;
  };
  const week = (app: TestApp, etag?: string) => {
    const req = http(app).get(`/api/reports/period?period=week&date=${app.clock.today()}&groupBy=village`);
    return etag ? req.set('If-None-Match', etag) : req;
  };
  const row = (rows: Row[], villageId: number, grade: string) => rows.find((r) => r.unit.id === villageId && r.grade === grade)!;

  beforeAll(async () => {
    a = await startTestApp();
    b = await a.another();
    await seedQingxu(a.dataSource);
    pending = (await http(a).get('/api/households?status=pending&pageSize=30').expect(200)).body.items;
  });
  afterAll(async () => {
    await b.close();
    await a.dispose();
  });

  it("shows each instance's moves in the other's next progress and period reports, round after round, both ways", async () => {
    for (const [round, h] of pending.slice(0, 20).entries()) {
      const [writer, reader] = round % 2 === 0 ? [a, b] : [b, a];
      // The reader has the report in its cache, and a client of it holds the report's tag.
      const before = await progress(reader).expect(200);
      const etag = before.headers.etag;
      await progress(reader, etag).expect(304);
      const weekResponse = await week(reader).expect(200);
      const weekBefore = weekResponse.body.rows as Row[];
      await week(reader, weekResponse.headers.etag).expect(304);

      await http(writer)
        .post(`/api/households/${h.id}/transitions`)
        .send({ to: 'completed', occurredOn: writer.clock.today(), version: h.version, note: '录入前已完工，补录' })
        .expect(200);

      const after = await progress(reader, etag).expect(200);
      expect(after.headers.etag).not.toBe(etag);
      expect(row(after.body.rows, h.villageId, h.grade).completed).toBe(row(before.body.rows, h.villageId, h.grade).completed + 1);
      const weekAfterResponse = await week(reader, weekResponse.headers.etag).expect(200);
      expect(weekAfterResponse.headers.etag).not.toBe(weekResponse.headers.etag);
      const weekAfter = weekAfterResponse.body.rows as Row[];
      expect(row(weekAfter, h.villageId, h.grade).completedInPeriod).toBe(row(weekBefore, h.villageId, h.grade).completedInPeriod! + 1);
      // Nothing moved since: the tag holds, in either instance (the same JSON, the same tag).
      await progress(reader, after.headers.etag).expect(304);
      await progress(writer, after.headers.etag).expect(304);
    }
    await expect(checkStatusCounters(b.dataSource)).resolves.toEqual({ consistent: true, differences: [] });
  }, 120_000);

  it("shows a remark added through one instance in the other's next report", async () => {
    const village = pending[0].villageId;
    const before = (await progress(b).expect(200)).body.rows as Row[];
    const text = `两实例缓存检查 ${Date.now()}`;
    await http(a).post(`/api/villages/${village}/remarks`).send({ grade: 'B', text }).expect(201);
    const after = (await progress(b).expect(200)).body.rows as Row[];
    expect(row(before, village, 'B').remarks).not.toContain(text);
    expect(row(after, village, 'B').remarks).toContain(text);
  });

  it("shows a village added through one instance in the other's next answers", async () => {
    const townshipId = (await http(b).get('/api/villages').expect(200)).body[0].township.id;
    await progress(a).expect(200);
    const created = (await http(b).post('/api/villages').send({ townshipId, name: '两实例新村' }).expect(201)).body;
    const villages = (await http(a).get('/api/villages').expect(200)).body as { id: number }[];
    expect(villages.map((v) => v.id)).toContain(created.id);
    await http(a).get(`/api/villages/${created.id}`).expect(200);
  });
});
