import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHousehold, createRegionTree, type HouseholdBody } from './support/fixtures.js';
import { countRows, http, tableCounts } from './support/http.js';
import { createUser, type TestUser } from './support/accounts.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { checkStatusCounters } from '../src/household-writes/status-counters.js';

interface Row {
  unit: { id: number | null };
  grade: string;
  [count: string]: unknown;
}

const COUNTS = ['appraised', 'pending', 'inProgress', 'completed', 'accepted', 'notYetRecorded'] as const;

/** Every count of every row of today's village report, keyed `unit/grade/count`. */
async function reportCounts(t: TestApp, asOf?: string): Promise<Record<string, number>> {
  const res = await http(t)
    .get(`/api/reports/progress?groupBy=village${asOf ? `&asOf=${asOf}` : ''}`)
    .expect(200);
  const out: Record<string, number> = {};
  for (const row of [...res.body.rows, ...res.body.total] as Row[]) {
    for (const c of COUNTS) out[`${row.unit.id ?? 'total'}/${row.grade}/${c}`] = row[c] as number;
  }
  return out;
}

/** The entries that differ between two snapshots, as `key: after - before`. */
function delta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.keys(after)
      .filter((k) => after[k] !== before[k])
      .map((k) => [k, after[k] - before[k]]),
  );
}

describe('transitions and history', () => {
  let t: TestApp;
  let villageId: number;
  let otherVillageId: number;

  let staff: TestUser;
  let inspector: TestUser;

  // In English: these tests read the English messages (messages.e2e-spec.ts has the Chinese ones).
  const move = (h: { id: number }, body: Record<string, unknown>, token = t.adminToken) =>
    http(t, token).post(`/api/households/${h.id}/transitions`).set('Accept-Language', 'en').send(body);

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.freeze('2022-01-10T04:00:00Z');
    const tree = await createRegionTree(t, ['孟封村', '小武村']);
    [villageId, otherVillageId] = tree.villageIds;
    const scope = [{ level: 'county', id: tree.countyId }];
    staff = await createUser(t, { username: 'wang', displayName: '王建国', role: 'staff', scope });
    inspector = await createUser(t, { username: 'li.yanshou', displayName: '李验收', role: 'inspector', scope });
    // Some neighbours, so a wrong count elsewhere would show.
    for (const grade of ['B', 'C', 'C']) await createHousehold(t, { villageId, householder: '邻居', grade, statusOn: '2022-01-01' });
    await createHousehold(t, { villageId: otherVillageId, householder: '邻村', grade: 'B', statusOn: '2022-01-01' });
  });
  afterAll(() => t.dispose());

  it('walks a household through every status, moving each count by exactly one', async () => {
    const h = await createHousehold(t, { villageId, householder: '步进户', grade: 'B', statusOn: '2022-01-01' });
    const v = `${villageId}/B`;
    // Staff record the work; the inspector records the verdicts.
    const steps = [
      { to: 'in_progress', occurredOn: '2022-01-02', note: '开工', by: staff, expected: { pending: -1, inProgress: 1 } },
      { to: 'completed', occurredOn: '2022-01-03', note: undefined, by: staff, expected: { inProgress: -1, completed: 1 } },
      {
        to: 'in_progress',
        occurredOn: '2022-01-04',
        note: '验收发现屋面渗漏，返工',
        by: inspector,
        expected: { inProgress: 1, completed: -1 },
      },
      { to: 'completed', occurredOn: '2022-01-05', note: '返工完成', by: staff, expected: { inProgress: -1, completed: 1 } },
      { to: 'accepted', occurredOn: '2022-01-06', note: '验收合格', by: inspector, expected: { accepted: 1 } },
    ];
    let version = h.version;
    for (const step of steps) {
      const before = await reportCounts(t);
      const res = await move(h, { to: step.to, occurredOn: step.occurredOn, note: step.note, version }, step.by.token).expect(200);
      expect(res.body).toMatchObject({ id: h.id, status: step.to, version: version + 1 });
      version = res.body.version;
      const expected: Record<string, number> = {};
      for (const [count, d] of Object.entries(step.expected)) {
        expected[`${v}/${count}`] = d;
        expected[`total/B/${count}`] = d;
      }
      expect(delta(before, await reportCounts(t))).toEqual(expected);
    }

    const history = await http(t).get(`/api/households/${h.id}/history`).expect(200);
    expect(history.body).toEqual([
      {
        from: null,
        to: 'pending',
        occurredOn: '2022-01-01',
        recordedAt: '2022-01-10T04:00:00.000Z',
        actor: '系统管理员',
        note: null,
        inspection: null,
      },
      ...steps.map((s, i) => {
        const from = i === 0 ? 'pending' : steps[i - 1].to;
        // The inspector's two verdicts keep an acceptance record (empty: the requests carried none).
        const verdict = from === 'completed';
        return {
          from,
          to: s.to,
          occurredOn: s.occurredOn,
          recordedAt: '2022-01-10T04:00:00.000Z',
          actor: s.by.displayName,
          note: s.note ?? null,
          inspection: verdict
            ? { passed: s.to === 'accepted', newGrade: null, ownerAgrees: null, method: null, remarks: null, photoIds: [] }
            : null,
        };
      }),
    ]);

    // Past dates are answered from the history.
    const onThe3rd = await reportCounts(t, '2022-01-03');
    expect([onThe3rd[`${v}/completed`], onThe3rd[`${v}/inProgress`]]).toEqual([1, 0]);
    const onThe4th = await reportCounts(t, '2022-01-04');
    expect([onThe4th[`${v}/completed`], onThe4th[`${v}/inProgress`]]).toEqual([0, 1]);
    const before = await reportCounts(t, '2021-12-31');
    expect(before[`${v}/notYetRecorded`]).toBe(2);
    expect(before[`${v}/appraised`]).toBe(0);
  });

  it('answers every past day, near the start of the history or its end, as a replay of the history does', async () => {
    const households: { id: unknown; village_id: unknown; grade: string }[] = await t.dataSource.query(
      "SELECT id, village_id, grade FROM households WHERE grade IN ('B', 'C')",
    );
    const changes: { household_id: unknown; to_status: string; occurred_on: unknown }[] = await t.dataSource.query(
      'SELECT household_id, to_status, occurred_on FROM status_changes ORDER BY occurred_on, id',
    );
    const day = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value)).slice(0, 10);
    const field = { pending: 'pending', in_progress: 'inProgress', completed: 'completed', accepted: 'accepted' } as const;
    // The dates around the history (2022-01-01 to 01-06), so both ways of summing the deltas are taken.
    for (let d = 31; d <= 40; d++) {
      const asOf = d === 31 ? '2021-12-31' : `2022-01-${String(d - 31).padStart(2, '0')}`;
      const statusThen = new Map<string, string>();
      for (const c of changes) if (day(c.occurred_on) <= asOf) statusThen.set(String(c.household_id), c.to_status);
      const replay: Record<string, number> = {};
      const add = (key: string) => (replay[key] = (replay[key] ?? 0) + 1);
      for (const h of households) {
        const unit = `${Number(h.village_id)}/${h.grade}`;
        const status = statusThen.get(String(h.id)) as keyof typeof field | undefined;
        if (status === undefined) {
          add(`${unit}/notYetRecorded`);
          continue;
        }
        add(`${unit}/appraised`);
        add(`${unit}/${field[status]}`);
        if (status === 'accepted') add(`${unit}/completed`);
      }
      const reported = await reportCounts(t, asOf);
      const villageCounts = Object.fromEntries(Object.entries(reported).filter(([k, n]) => !k.startsWith('total/') && n !== 0));
      expect([asOf, villageCounts]).toEqual([asOf, replay]);
    }
  });

  it('records pending → completed only with a note saying the work was done before', async () => {
    const h = await createHousehold(t, { villageId, householder: '补录户', grade: 'C', statusOn: '2022-01-01' });
    const refused = await move(h, { to: 'completed', occurredOn: '2022-01-05', version: 1 }).expect(422);
    expect(refused.body.code).toBe('note_required');
    expect(refused.body.message).toMatch(/pending .* to completed .* without a note/);
    await move(h, { to: 'completed', occurredOn: '2022-01-05', version: 1, note: '录入前已完工' }).expect(200);
  });

  describe('refusals write nothing', () => {
    let h: HouseholdBody;

    beforeAll(async () => {
      h = await createHousehold(t, { villageId, householder: '拒绝户', grade: 'B', statusOn: '2022-01-01' });
      h = (await move(h, { to: 'in_progress', occurredOn: '2022-01-05', version: 1 }).expect(200)).body;
    });

    async function expectNothingWritten(
      request: () => Promise<{ status: number; body: { message: string; code: string } }>,
      status: number,
      code: string,
      message: RegExp,
    ) {
      const before = await tableCounts(t);
      const history = (await http(t).get(`/api/households/${h.id}/history`)).body;
      const res = await request();
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(res.body.message).toMatch(message);
      expect(await tableCounts(t)).toEqual(before);
      expect((await http(t).get(`/api/households/${h.id}/history`)).body).toEqual(history);
      expect((await http(t).get(`/api/households/${h.id}`)).body).toMatchObject({ status: 'in_progress', version: 2 });
    }

    it.each([
      ['in_progress', 'pending'],
      ['in_progress', 'accepted'],
      ['in_progress', 'in_progress'],
    ])('answers an illegal move from %s to %s with 422 naming both', async (from, to) => {
      await expectNothingWritten(
        () => move(h, { to, occurredOn: '2022-01-06', version: 2 }),
        422,
        'move_not_allowed',
        new RegExp(`from ${from} .* to ${to} `),
      );
    });

    it('answers a stale version with 409', async () => {
      await expectNothingWritten(
        () => move(h, { to: 'completed', occurredOn: '2022-01-06', version: 1 }),
        409,
        'stale_version',
        /version 2, not 1/,
      );
    });

    it('answers a future date with 400', async () => {
      await expectNothingWritten(
        () => move(h, { to: 'completed', occurredOn: '2022-01-11', version: 2 }),
        400,
        'validation_failed',
        /occurredOn 2022-01-11 is in the future/,
      );
    });

    it("answers a date before the household's last change with 400", async () => {
      await expectNothingWritten(
        () => move(h, { to: 'completed', occurredOn: '2022-01-04', version: 2 }),
        400,
        'validation_failed',
        /earlier than the household's last recorded change on 2022-01-05/,
      );
    });

    it.each([
      ['a missing to', { occurredOn: '2022-01-06', version: 2 }, /to is required/],
      ['an unknown status', { to: 'done', occurredOn: '2022-01-06', version: 2 }, /to must be one of/],
      ['a missing date', { to: 'completed', version: 2 }, /occurredOn is required/],
      ['a date with a time', { to: 'completed', occurredOn: '2022-01-06T10:00:00Z', version: 2 }, /occurredOn must be a calendar date/],
      ['an impossible date', { to: 'completed', occurredOn: '2022-02-30', version: 2 }, /occurredOn must be a calendar date/],
      ['a numeric date', { to: 'completed', occurredOn: 20220106, version: 2 }, /occurredOn must be a calendar date/],
      ['a missing version', { to: 'completed', occurredOn: '2022-01-06' }, /version is required/],
      ['a string version', { to: 'completed', occurredOn: '2022-01-06', version: '2' }, /version must be an integer/],
      ['a fractional version', { to: 'completed', occurredOn: '2022-01-06', version: 2.5 }, /version must be an integer/],
      ['a numeric note', { to: 'completed', occurredOn: '2022-01-06', version: 2, note: 5 }, /note must be a string/],
      [
        'an oversized note',
        { to: 'completed', occurredOn: '2022-01-06', version: 2, note: '长'.repeat(501) },
        /note must be at most 500 characters/,
      ],
      ['an unknown field', { to: 'completed', occurredOn: '2022-01-06', version: 2, actor: 'me' }, /Field "actor" is not accepted/],
      ['an array body', [{ to: 'completed' }], /./],
    ])('answers %s with 400', async (_name, body, message) => {
      await expectNothingWritten(() => move(h, body as Record<string, unknown>), 400, 'validation_failed', message);
    });

    it('answers an inspector recording the work with 403', async () => {
      await expectNothingWritten(
        () => move(h, { to: 'completed', occurredOn: '2022-01-06', version: 2 }, inspector.token),
        403,
        'role_may_not_move',
        /inspector may not record in_progress → completed/,
      );
    });
  });

  it('answers unknown households with 404 and non-numeric ids with 400', async () => {
    await http(t).post('/api/households/424242/transitions').send({ to: 'in_progress', occurredOn: '2022-01-06', version: 1 }).expect(404);
    await http(t).post('/api/households/abc/transitions').send({ to: 'in_progress', occurredOn: '2022-01-06', version: 1 }).expect(400);
  });

  it('refuses to move a grade A house, which has nothing to repair', async () => {
    const h = await createHousehold(t, { villageId, householder: '安全户', grade: 'A' });
    const res = await move(h, { to: 'in_progress', occurredOn: '2022-01-10', version: 1 }).expect(422);
    expect(res.body.code).toBe('move_not_allowed');
    expect(res.body.message).toMatch(/grade A/);
  });

  it('lets exactly one of many simultaneous moves on the same version through', async () => {
    const h = await createHousehold(t, { villageId, householder: '并发户', grade: 'B' });
    const historyBefore = await countRows(t, 'status_changes');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => move(h, { to: 'in_progress', occurredOn: '2022-01-10', version: 1 }, staff.token)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    expect(await countRows(t, 'status_changes')).toBe(historyBefore + 1);
    expect((await http(t).get(`/api/households/${h.id}`)).body.version).toBe(2);
  });

  it('keeps every one of many simultaneous moves on different households', async () => {
    const households = [];
    for (let i = 0; i < 20; i++)
      households.push(await createHousehold(t, { villageId: otherVillageId, householder: `批量${i}`, grade: 'C' }));
    const historyBefore = await countRows(t, 'status_changes');
    const results = await Promise.all(households.map((h) => move(h, { to: 'in_progress', occurredOn: '2022-01-10', version: 1 })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(await countRows(t, 'status_changes')).toBe(historyBefore + 20);
  });

  it('keeps the report counters equal to a recount from households and history', async () => {
    await expect(checkStatusCounters(t.dataSource)).resolves.toEqual({ consistent: true, differences: [] });
    // The check can fail: a counter off by one is found.
    await t.dataSource.query(
      `UPDATE status_counts SET households = households + 1 WHERE village_id = ${villageId} AND grade = 'B' AND status = 'accepted'`,
    );
    const broken = await checkStatusCounters(t.dataSource);
    expect(broken.consistent).toBe(false);
    expect(broken.differences).toEqual([`status_counts ${villageId}/B/accepted: stored 2, recounted 1`]);
    await t.dataSource.query(
      `UPDATE status_counts SET households = households - 1 WHERE village_id = ${villageId} AND grade = 'B' AND status = 'accepted'`,
    );
  });

  it('keeps everything across a restart of the process on the same database', async () => {
    const report = await http(t).get('/api/reports/progress?groupBy=township').expect(200);
    const households = await http(t).get('/api/households?pageSize=500').expect(200);
    const someone = households.body.items.find((h: { householder: string }) => h.householder === '步进户');
    const history = await http(t).get(`/api/households/${someone.id}/history`).expect(200);

    t = await t.restart();

    expect((await http(t).get('/api/reports/progress?groupBy=township').expect(200)).body).toEqual(report.body);
    expect((await http(t).get('/api/households?pageSize=500').expect(200)).body).toEqual(households.body);
    expect((await http(t).get(`/api/households/${someone.id}/history`).expect(200)).body).toEqual(history.body);
    await move(someone, { to: 'in_progress', occurredOn: '2022-01-10', version: someone.version }).expect(422);
  });
});
