import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import { QINGXU_SOURCE } from '../seeds/qingxu.data.js';
import { ProgressCountsRepository } from '../src/reports/progress-counts.repository.js';
import { checkStatusCounters } from '../src/household-writes/status-counters.js';
import { http, tableCounts } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The source table of 2021-12-23: village → grade → [appraised, completed, accepted].
const SOURCE: Record<string, Record<'B' | 'C', [number, number, number]>> = {
  孟封村: { B: [174, 158, 148], C: [65, 45, 0] },
  小武村: { B: [124, 104, 91], C: [101, 74, 0] },
  阎家营村: { B: [99, 96, 86], C: [56, 42, 0] },
};
const TOTALS = { B: [397, 358, 325], C: [222, 161, 0] };

interface Row {
  unit: { id: number | null; name: string; level: string };
  grade: 'B' | 'C';
  appraised: number;
  completed: number;
  accepted: number;
  notYetRecorded: number;
  completionRate: number | null;
  acceptanceRate: number | null;
  remarks: string[];
}
const figures = (r: Row) => [r.appraised, r.completed, r.accepted];

describe('the Qingxu seed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    const outcome = await seedQingxu(t.dataSource);
    expect(outcome).toEqual({ seeded: true, households: 619 });
  });
  afterAll(() => t.dispose());

  it('reproduces the source table on 2021-12-23, village by village', async () => {
    const res = await http(t).get('/api/reports/progress?asOf=2021-12-23&groupBy=village').expect(200);
    expect(res.body.asOf).toBe('2021-12-23');
    expect(res.body.groupBy).toBe('village');
    const rows: Row[] = res.body.rows;
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      expect(figures(row)).toEqual(SOURCE[row.unit.name][row.grade]);
      expect(row.completionRate).toBeCloseTo(row.completed / row.appraised, 12);
      expect(row.notYetRecorded).toBe(0);
    }
    expect(res.body.total.map((r: Row) => [r.grade, ...figures(r)])).toEqual([
      ['B', ...TOTALS.B],
      ['C', ...TOTALS.C],
    ]);
    expect(res.body.notYetRecorded).toBe(0);
  });

  it.each(['township', 'county'])('gives the same totals grouped by %s', async (groupBy) => {
    const res = await http(t).get(`/api/reports/progress?asOf=2021-12-23&groupBy=${groupBy}`).expect(200);
    const rows: Row[] = res.body.rows;
    expect(rows.map((r) => [r.unit.name, r.grade, ...figures(r)])).toEqual([
      [groupBy === 'township' ? '孟封镇' : '清徐县', 'B', ...TOTALS.B],
      [groupBy === 'township' ? '孟封镇' : '清徐县', 'C', ...TOTALS.C],
    ]);
  });

  it('says on the grade C rows that the source reported no acceptance figure', async () => {
    const res = await http(t).get('/api/reports/progress?asOf=2021-12-23').expect(200);
    for (const row of res.body.rows as Row[]) {
      if (row.grade === 'C') expect(row.remarks).toEqual([expect.stringContaining('未给出C级验收户数')]);
      else expect(row.remarks).toEqual([]);
    }
    expect(res.body.total[1].remarks).toHaveLength(1);
  });

  it('counts nothing on 2021-12-22 and says 619 were not yet recorded', async () => {
    const res = await http(t).get('/api/reports/progress?asOf=2021-12-22&groupBy=village').expect(200);
    for (const row of res.body.rows as Row[]) {
      expect(figures(row)).toEqual([0, 0, 0]);
      expect(row.completionRate).toBeNull();
      expect(row.notYetRecorded).toBe(SOURCE[row.unit.name][row.grade][0]);
    }
    expect(res.body.notYetRecorded).toBe(619);
  });

  it("answers today from the households' statuses, and the history agrees", async () => {
    const today = t.clock.today();
    const res = await http(t).get('/api/reports/progress?groupBy=village').expect(200);
    expect(res.body.asOf).toBe(today);
    const counts = t.app.get(ProgressCountsRepository);
    const sort = (xs: object[]) => xs.map((x) => JSON.stringify(x)).sort();
    expect(sort(await counts.talliesAt(today))).toEqual(sort(await counts.currentTallies()));
    const past = await http(t).get('/api/reports/progress?asOf=2021-12-23&groupBy=village').expect(200);
    expect(res.body.rows.map(figures)).toEqual(past.body.rows.map(figures));
  });

  it("holds Zheng Qingliang's household as a completed grade C house in Yanjiaying", async () => {
    const villages = await http(t).get('/api/villages').expect(200);
    const yanjiaying = villages.body.find((v: { name: string }) => v.name === '阎家营村');
    expect(yanjiaying).toMatchObject({
      aliases: ['闫家营村'],
      code: null,
      township: { name: '孟封镇', code: '140121103' },
      county: { name: '清徐县', code: '140121' },
    });
    const found = await http(t)
      .get(`/api/households?q=${encodeURIComponent('郑清亮')}`)
      .expect(200);
    expect(found.body.total).toBe(1);
    const zheng = found.body.items[0];
    expect(zheng).toMatchObject({
      villageId: yanjiaying.id,
      householder: '郑清亮',
      grade: 'C',
      rooms: 7,
      status: 'completed',
      placeholder: false,
      appraisal: { findings: '地板下沉' },
    });
    const history = await http(t).get(`/api/households/${zheng.id}/history`).expect(200);
    expect(history.body).toEqual([
      expect.objectContaining({ from: null, to: 'completed', occurredOn: '2021-12-23', actor: QINGXU_SOURCE.actor }),
    ]);
  });

  it('marks every other household as a placeholder whose name says so', async () => {
    const real = await http(t).get('/api/households?placeholder=false').expect(200);
    expect(real.body.total).toBe(1);
    const placeholders = await http(t).get('/api/households?placeholder=true&pageSize=500').expect(200);
    expect(placeholders.body.total).toBe(618);
    for (const h of placeholders.body.items) expect(h.householder).toMatch(/^占位-/);
  });

  it("starts every household's history with one change on 2021-12-23 that names the source", async () => {
    const rows: { n: unknown }[] = await t.dataSource.query(
      `SELECT COUNT(*) AS n FROM status_changes WHERE occurred_on = '2021-12-23' AND from_status IS NULL AND actor = '${QINGXU_SOURCE.actor}' AND note LIKE '%2021年12月23日%'`,
    );
    expect(Number(rows[0].n)).toBe(619);
  });

  it('leaves the report counters equal to a recount', async () => {
    await expect(checkStatusCounters(t.dataSource)).resolves.toEqual({ consistent: true, differences: [] });
  });

  it('changes nothing when run again', async () => {
    const before = await tableCounts(t);
    await expect(seedQingxu(t.dataSource)).resolves.toEqual({ seeded: false, reason: expect.any(String) });
    await expect(seedQingxu(t.dataSource, { onlyIfEmpty: true })).resolves.toMatchObject({ seeded: false });
    expect(await tableCounts(t)).toEqual(before);
  });
});
