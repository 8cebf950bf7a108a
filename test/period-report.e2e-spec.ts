import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import { createUser, type TestUser } from './support/accounts.js';
import { http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Row {
  unit: { id: number | null; name: string };
  grade: string;
  [field: string]: unknown;
}

const pick = (rows: Row[], name: string, grade: string) => rows.find((r) => r.unit.name === name && r.grade === grade)!;

describe('the period report', () => {
  let t: TestApp;
  let staff: TestUser;
  let inspector: TestUser;
  const villages: Record<string, number> = {};

  /** The first household of a village and grade in a status, with its version. */
  async function household(village: string, grade: string, status: string, skip = 0): Promise<{ id: number; version: number }> {
    const res = await http(t).get(`/api/households?villageId=${villages[village]}&grade=${grade}&status=${status}&pageSize=10`).expect(200);
    return res.body.items[skip];
  }

  async function move(h: { id: number; version: number }, to: string, occurredOn: string, by: TestUser, note?: string) {
    const res = await http(t, by.token)
      .post(`/api/households/${h.id}/transitions`)
      .send({ to, occurredOn, version: h.version, note })
      .expect(200);
    h.version = res.body.version;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await seedQingxu(t.dataSource);
    for (const v of (await http(t).get('/api/villages').expect(200)).body) villages[v.name] = v.id;
    staff = await createUser(t, { username: 'staff.qx', displayName: '王办事员', role: 'staff', scope: [{ level: 'county', id: 1 }] });
    inspector = await createUser(t, {
      username: 'inspector.qx',
      displayName: '李验收',
      role: 'inspector',
      scope: [{ level: 'county', id: 1 }],
    });

    // Week of Monday 2022-01-10; "today" is Wednesday the 12th. The week before: 01-03 to 01-09.
    t.clock.freeze('2022-01-12T04:00:00Z');
    const h1 = await household('孟封村', 'B', 'pending');
    const h2 = await household('孟封村', 'B', 'completed');
    const h3 = await household('孟封村', 'B', 'completed', 1);
    const h4 = await household('小武村', 'C', 'pending');
    const h5 = await household('阎家营村', 'B', 'completed');
    await move(h1, 'in_progress', '2022-01-04', staff);
    await move(h2, 'accepted', '2022-01-05', inspector);
    // Entered late: the work was done in the previous week.
    await move(h4, 'completed', '2022-01-06', staff, '1月6日已完工，补录');
    await move(h3, 'in_progress', '2022-01-10', inspector, '验收不合格：墙面空鼓');
    await move(h1, 'completed', '2022-01-11', staff);
    await move(h3, 'completed', '2022-01-11', staff, '返工完成');
    await move(h5, 'accepted', '2022-01-12', inspector);
  });
  afterAll(() => t.dispose());

  it('counts the week, the week before, stalled households and the projection', async () => {
    const res = await http(t).get('/api/reports/period?period=week&date=2022-01-12&groupBy=village').expect(200);
    expect(res.body.period).toEqual({
      kind: 'week',
      start: '2022-01-10',
      end: '2022-01-16',
      previousStart: '2022-01-03',
      previousEnd: '2022-01-09',
      label: '2022年第2周（1月10日—1月16日）',
    });
    expect(res.body.title).toBe('清徐县因灾受损房屋修缮进度周报');
    const rows: Row[] = res.body.rows;
    expect(pick(rows, '孟封村', 'B')).toMatchObject({
      appraised: 174,
      completed: 159,
      accepted: 149,
      completedInPeriod: 2,
      acceptedInPeriod: 0,
      completedInPreviousPeriod: 0,
      acceptedInPreviousPeriod: 1,
      remaining: 15,
      stalled: 23,
      // 15 remaining at 2 completions in 28 days: 210 days after today.
      projectedFinish: '2022-08-10',
      projectedFinishReason: null,
    });
    expect(pick(rows, '小武村', 'C')).toMatchObject({
      completed: 75,
      completedInPeriod: 0,
      completedInPreviousPeriod: 1,
      projectedFinish: expect.any(String),
    });
    expect(pick(rows, '阎家营村', 'B')).toMatchObject({
      accepted: 87,
      acceptedInPeriod: 1,
      projectedFinish: null,
      projectedFinishReason: expect.stringContaining('近四周没有完工记录'),
    });
    const [b, c, both] = res.body.total as Row[];
    expect([b.grade, b.completedInPeriod, b.acceptedInPeriod, b.acceptedInPreviousPeriod]).toEqual(['B', 2, 1, 1]);
    expect([c.grade, c.completedInPreviousPeriod]).toEqual(['C', 1]);
    expect(both).toMatchObject({
      grade: 'B+C',
      appraised: 619,
      completed: 521,
      accepted: 327,
      stalled: 289,
      completedInPeriod: 2,
      completedInPreviousPeriod: 1,
    });
    // B and C together finish when the slower grade does, each at its own pace: C's 60 at one
    // completion in four weeks (1,680 days), not at a pace pooled with B's.
    expect([b.projectedFinish, c.projectedFinish]).toEqual(['2023-06-28', '2026-08-19']);
    expect(both).toMatchObject({ projectedFinish: '2026-08-19', projectedFinishReason: null });
    expect(res.body.trend.slice(-2)).toEqual([
      { start: '2022-01-03', end: '2022-01-09', completed: 1, accepted: 1 },
      { start: '2022-01-10', end: '2022-01-16', completed: 2, accepted: 1 },
    ]);
    expect(res.body.changedHouseholds.map((c: { to: string; occurredOn: string; actor: string }) => [c.to, c.occurredOn, c.actor])).toEqual(
      [
        ['in_progress', '2022-01-10', '李验收'],
        ['completed', '2022-01-11', '王办事员'],
        ['completed', '2022-01-11', '王办事员'],
        ['accepted', '2022-01-12', '李验收'],
      ],
    );
    expect(res.body.changedHouseholdsTotal).toBe(4);
    expect(res.body.stalledHouseholdsTotal).toBe(289);
    expect(res.body.stalledHouseholds).toHaveLength(289);
    expect(res.body.stalledHouseholds[0]).toMatchObject({ lastChangeOn: '2021-12-23', daysWithoutChange: 20 });
  });

  it('counts stalled households as they stood at a past week’s end, including those that moved later', async () => {
    // End 2022-01-09, stalled if unchanged since 2021-12-26. Not accepted then: 619 − 326. Of
    // those, 孟封村's h1 (01-04) and 小武村's h4 (01-06) had moved since: 291 stalled, two of
    // them (h3 and h5, both moved on 01-10 or later) known only from their history.
    const res = await http(t).get('/api/reports/period?period=week&date=2022-01-05&groupBy=township').expect(200);
    expect(res.body.total[2]).toMatchObject({ grade: 'B+C', accepted: 326, stalled: 291 });
    expect(res.body.stalledHouseholdsTotal).toBe(291);
    expect(res.body.stalledHouseholds.filter((s: { lastChangeOn: string }) => s.lastChangeOn > '2021-12-26')).toEqual([]);
  });

  it('makes parents the exact sums of their villages', async () => {
    const villagesReport = (await http(t).get('/api/reports/period?period=week&date=2022-01-12&groupBy=village').expect(200)).body;
    const township = (await http(t).get('/api/reports/period?period=week&date=2022-01-12&groupBy=township').expect(200)).body;
    const county = (await http(t).get('/api/reports/period?period=week&date=2022-01-12&groupBy=county').expect(200)).body;
    const fields = [
      'appraised',
      'completed',
      'accepted',
      'completedInPeriod',
      'acceptedInPeriod',
      'completedInPreviousPeriod',
      'acceptedInPreviousPeriod',
      'remaining',
      'stalled',
    ];
    for (const grade of ['B', 'C']) {
      const sum = Object.fromEntries(
        fields.map((f) => [
          f,
          villagesReport.rows.filter((r: Row) => r.grade === grade).reduce((s: number, r: Row) => s + (r[f] as number), 0),
        ]),
      );
      expect(pick(township.rows, '孟封镇', grade)).toMatchObject(sum);
      expect(pick(county.rows, '清徐县', grade)).toMatchObject(sum);
    }
  });

  it('agrees with the progress report for the same date', async () => {
    for (const date of ['2022-01-05', '2022-01-12']) {
      const period = (await http(t).get(`/api/reports/period?period=day&date=${date}`).expect(200)).body;
      const progress = (await http(t).get(`/api/reports/progress?asOf=${date}`).expect(200)).body;
      const cumulative = (r: Row) => [r.unit.name, r.grade, r.appraised, r.completed, r.accepted, r.notYetRecorded];
      expect(period.rows.map(cumulative)).toEqual(progress.rows.map(cumulative));
    }
  });

  it('never counts the baseline as progress: the seed week has no completions, and the day before it has no households', async () => {
    const week = (await http(t).get('/api/reports/period?period=week&date=2021-12-23').expect(200)).body;
    expect(week.total.map((r: Row) => [r.grade, r.appraised, r.completed, r.accepted, r.completedInPeriod, r.acceptedInPeriod])).toEqual([
      ['B', 397, 358, 325, 0, 0],
      ['C', 222, 161, 0, 0, 0],
      ['B+C', 619, 519, 325, 0, 0],
    ]);
    expect(week.changedHouseholds).toEqual([]);
    expect(week.total[2].projectedFinishReason).toMatch(/近四周没有完工记录/);
    const before = (await http(t).get('/api/reports/period?period=day&date=2021-12-22').expect(200)).body;
    expect(before.total[2]).toMatchObject({ appraised: 0, notYetRecorded: 619, stalled: 0, completedInPeriod: 0 });
  });

  it('refuses a future date and unknown options with 400', async () => {
    const future = await http(t).get('/api/reports/period?period=week&date=2022-01-13').set('Accept-Language', 'en').expect(400);
    expect(future.body.fields).toEqual([
      { field: 'date', code: 'date_in_future', message: expect.stringMatching(/date 2022-01-13 is in the future/) },
    ]);
    await http(t).get('/api/reports/period?period=month').expect(400);
    await http(t).get('/api/reports/period?format=docx').expect(400);
  });

  it('gives the week as a WeChat text, C’s remark beside its figures', async () => {
    const res = await http(t).get('/api/reports/period?period=week&date=2022-01-12&format=text').expect(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text.split('\n').slice(0, 7)).toEqual([
      '【清徐县因灾受损房屋修缮进度周报】',
      '2022年第2周（1月10日—1月16日），截至1月12日',
      'B级：鉴定397户，完工359户（90.4%），验收327户（82.3%）',
      'C级：鉴定222户，完工162户（72.9%），验收0户（0.0%）①',
      '本周完工2户（B级2户、C级0户），验收1户（B级1户、C级0户）；上周完工1户（B级0户、C级1户），验收1户（B级1户、C级0户）',
      '停滞（未验收且14天以上无记录变动）：289户（B级68户、C级221户）',
      '各村完工率、验收率：',
    ]);
    expect(res.text).toContain('注①：来源报道未给出C级验收户数');
  });

  it('counts only the scope of a village clerk', async () => {
    const clerk = await createUser(t, { username: 'clerk.xw', role: 'staff', scope: [{ level: 'village', id: villages['小武村'] }] });
    const res = await http(t, clerk.token).get('/api/reports/period?period=week&date=2022-01-12').expect(200);
    expect(res.body.rows.map((r: Row) => r.unit.name)).toEqual(['小武村', '小武村']);
    expect(res.body.total[2]).toMatchObject({ appraised: 225, completed: 179 });
    expect(res.body.changedHouseholds).toEqual([]);
    expect(res.body.stalledHouseholds.length).toBeGreaterThan(0);
    expect(
      res.body.stalledHouseholds.every(
        (s: { village: string; villageId: number }) => s.village === '小武村' && s.villageId === villages['小武村'],
      ),
    ).toBe(true);
  });

  // Last: it adds a county.
  it('lists the counties in the WeChat text when the scope spans several, whatever groupBy asks', async () => {
    await http(t).post('/api/regions').send({ level: 'county', name: '交城县' }).expect(201);
    const res = await http(t).get('/api/reports/period?period=week&date=2022-01-12&groupBy=village&format=text').expect(200);
    const lines = res.text.split('\n');
    expect(lines[0]).toBe('【清徐县等2县因灾受损房屋修缮进度周报】');
    expect(lines).toEqual(
      expect.arrayContaining([
        '各县完工率、验收率：',
        '清徐县：B级完工90.4%、验收82.3%；C级完工72.9%、验收0.0%①',
        '交城县：无B、C级鉴定户',
      ]),
    );
    expect(lines.some((l) => l.startsWith('孟封村'))).toBe(false);
  });
});
