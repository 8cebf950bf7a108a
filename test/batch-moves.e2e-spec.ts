import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkStatusCounters } from '../src/household-writes/status-counters.js';
import { RecordedRequest } from '../src/repairs/entities/recorded-request.entity.js';
import { RecordedRequestsPurge } from '../src/repairs/recorded-requests-purge.js';
import { createUser, type TestUser } from './support/accounts.js';
import { createHousehold, createRegionTree, type HouseholdBody } from './support/fixtures.js';
import { countRows, http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Field work: moves retried with their clientId, batches of moves, and the acceptance record. */
describe('retries, batches and the acceptance record', () => {
  let t: TestApp;
  let villageId: number;
  let otherVillageId: number;
  let staff: TestUser;
  let otherStaff: TestUser;
  /** Staff of the first village only: the out-of-scope item is in the second. */
  let mengfengStaff: TestUser;
  let inspector: TestUser;
  let supervisor: TestUser;

  const historyOf = (id: number) =>
    http(t)
      .get(`/api/households/${id}/history`)
      .expect(200)
      .then((r) => r.body as { to: string; actor: string; note: string | null; inspection: Record<string, unknown> | null }[]);
  const fresh = (householder: string, village = villageId) =>
    createHousehold(t, { villageId: village, householder, grade: 'B', status: 'pending', statusOn: '2022-01-01' });
  const move = (h: { id: number }, body: Record<string, unknown>, user: TestUser = staff) =>
    http(t, user.token).post(`/api/households/${h.id}/transitions`).set('Accept-Language', 'en').send(body);
  const batch = (items: unknown[], user: TestUser = staff, language = 'en') =>
    http(t, user.token).post('/api/transitions/batch').set('Accept-Language', language).send({ items });
  /** What the database holds that a move writes. */
  const written = async () => ({
    households: await countRows(t, 'households'),
    changes: await countRows(t, 'status_changes'),
    requests: await countRows(t, 'recorded_requests'),
    versions: Number((await t.dataSource.query('SELECT SUM(version) AS v FROM households'))[0].v),
  });

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.freeze('2022-01-10T04:00:00Z');
    const tree = await createRegionTree(t, ['孟封村', '小武村']);
    [villageId, otherVillageId] = tree.villageIds;
    const county = [{ level: 'county', id: tree.countyId }];
    staff = await createUser(t, { username: 'wang.jg', displayName: '王建国', role: 'staff', scope: county });
    otherStaff = await createUser(t, { username: 'zhao.liu', displayName: '赵六', role: 'staff', scope: county });
    mengfengStaff = await createUser(t, {
      username: 'mengfeng',
      displayName: '孟封村干部',
      role: 'staff',
      scope: [{ level: 'village', id: villageId }],
    });
    inspector = await createUser(t, { username: 'li.yanshou', displayName: '李验收', role: 'inspector', scope: county });
    supervisor = await createUser(t, { username: 'du.dudao', displayName: '杜督导', role: 'supervisor', scope: county });
  });
  afterAll(() => t.dispose());

  describe('a move retried with its clientId', () => {
    it('answers the first answer and records once', async () => {
      const h = await fresh('重试户');
      const body = { to: 'in_progress', occurredOn: '2022-01-05', version: h.version, clientId: randomUUID(), note: '开工' };
      const first = await move(h, body).expect(200);
      const before = await written();
      const again = await move(h, body).expect(200);
      expect(again.body).toEqual(first.body);
      expect(await written()).toEqual(before);
      expect((await historyOf(h.id)).map((c) => c.to)).toEqual(['pending', 'in_progress']);
    });

    it('still answers the first answer after the household moved on', async () => {
      const h = await fresh('后续户');
      const body = { to: 'in_progress', occurredOn: '2022-01-05', version: h.version, clientId: randomUUID() };
      const first = await move(h, body).expect(200);
      await move(h, { to: 'completed', occurredOn: '2022-01-06', version: first.body.version }).expect(200);
      const again = await move(h, body).expect(200);
      expect([again.body.status, again.body.version]).toEqual(['in_progress', first.body.version]);
    });

    it('refuses the clientId for another household, status or user (409 client_id_reused), writing nothing', async () => {
      const [a, b] = [await fresh('甲户'), await fresh('乙户')];
      const clientId = randomUUID();
      await move(a, { to: 'in_progress', occurredOn: '2022-01-05', version: a.version, clientId }).expect(200);
      const before = await written();
      const other = [
        await move(b, { to: 'in_progress', occurredOn: '2022-01-05', version: b.version, clientId }),
        await move(a, { to: 'completed', occurredOn: '2022-01-05', version: a.version + 1, clientId }),
        await move(a, { to: 'in_progress', occurredOn: '2022-01-05', version: a.version, clientId }, otherStaff),
      ];
      expect(other.map((r) => [r.status, r.body.code])).toEqual([
        [409, 'client_id_reused'],
        [409, 'client_id_reused'],
        [409, 'client_id_reused'],
      ]);
      expect(await written()).toEqual(before);
    });

    it('refuses a clientId that is not a UUID, naming the field', async () => {
      const h = await fresh('编号户');
      const res = await move(h, { to: 'in_progress', occurredOn: '2022-01-05', version: h.version, clientId: 'phone-7' }).expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'clientId', code: 'not_a_uuid' })]);
    });

    it('is forgotten after 30 days: the same request is judged again', async () => {
      const h = await fresh('遗忘户');
      const body = { to: 'in_progress', occurredOn: '2022-01-05', version: h.version, clientId: randomUUID() };
      await move(h, body).expect(200);
      await move(h, { to: 'completed', occurredOn: '2022-01-06', version: h.version + 1 }).expect(200);
      const purge = t.app.get(RecordedRequestsPurge);
      // A day short of the retention, it is still remembered.
      await t.dataSource
        .getRepository(RecordedRequest)
        .update({ clientId: body.clientId }, { recordedAt: new Date('2021-12-12T04:00:00Z') });
      await purge.purge();
      expect((await move(h, body)).status).toBe(200);
      await t.dataSource
        .getRepository(RecordedRequest)
        .update({ clientId: body.clientId }, { recordedAt: new Date('2021-12-10T03:59:00Z') });
      expect(await purge.purge()).toBe(1);
      // Judged as new: its version is no longer the household's.
      expect((await move(h, body)).body.code).toBe('stale_version');
    });

    it('two at once with one clientId record once', async () => {
      const h = await fresh('并发户');
      const body = { to: 'in_progress', occurredOn: '2022-01-05', version: h.version, clientId: randomUUID() };
      const answers = await Promise.all([move(h, body), move(h, body), move(h, body)]);
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(new Set(answers.map((r) => r.body.version))).toEqual(new Set([h.version + 1]));
      expect((await historyOf(h.id)).length).toBe(2);
    });
  });

  describe('POST /api/transitions/batch', () => {
    it('gives each item its own outcome, in order, and the same batch again records nothing', async () => {
      const valid = await fresh('有效户');
      const stale = await fresh('过期户');
      await move(stale, { to: 'in_progress', occurredOn: '2022-01-03', version: stale.version }, otherStaff).expect(200);
      const illegal = await fresh('越级户');
      const outOfScope = await fresh('外村户', otherVillageId);
      const items = [
        {
          clientId: randomUUID(),
          householdId: valid.id,
          to: 'in_progress',
          occurredOn: '2022-01-05',
          version: valid.version,
          note: '开工',
        },
        { clientId: randomUUID(), householdId: stale.id, to: 'in_progress', occurredOn: '2022-01-05', version: stale.version },
        { clientId: randomUUID(), householdId: illegal.id, to: 'accepted', occurredOn: '2022-01-05', version: illegal.version },
        { clientId: randomUUID(), householdId: 999_999, to: 'in_progress', occurredOn: '2022-01-05', version: 1 },
        { clientId: randomUUID(), householdId: outOfScope.id, to: 'in_progress', occurredOn: '2022-01-05', version: outOfScope.version },
        { clientId: 'not-a-uuid', householdId: valid.id, to: 'finished', occurredOn: '2022-13-01', version: 1, colour: 'red' },
        'not an object',
      ];
      const before = await written();
      const res = await batch(items, mengfengStaff).expect(200);
      const outcomes = res.body.results.map((r: Record<string, unknown>) => [r.householdId, r.outcome, r.statusCode, r.code]);
      expect(outcomes).toEqual([
        [valid.id, 'applied', 200, null],
        [stale.id, 'conflict', 409, 'stale_version'],
        [illegal.id, 'refused', 422, 'move_not_allowed'],
        [999_999, 'not_found', 404, 'not_in_scope'],
        [outOfScope.id, 'not_found', 404, 'not_in_scope'],
        [valid.id, 'invalid', 400, 'validation_failed'],
        [null, 'invalid', 400, 'validation_failed'],
      ]);
      expect(res.body.results[0].household).toEqual(
        expect.objectContaining({ id: valid.id, status: 'in_progress', version: valid.version + 1 }),
      );
      expect(res.body.results[1].message).toMatch(/someone changed it first/);
      expect(res.body.results[5].fields.map((f: { field: string }) => f.field).sort()).toEqual(['clientId', 'colour', 'occurredOn', 'to']);
      const after = await written();
      expect(after).toEqual({ ...before, changes: before.changes + 1, requests: before.requests + 1, versions: before.versions + 1 });
      const history = await historyOf(valid.id);
      expect(history.at(-1)).toEqual(expect.objectContaining({ to: 'in_progress', actor: '孟封村干部', note: '开工' }));

      const again = await batch(items, mengfengStaff).expect(200);
      expect(again.body.results.map((r: Record<string, unknown>) => r.outcome)).toEqual([
        'duplicate',
        'conflict',
        'refused',
        'not_found',
        'not_found',
        'invalid',
        'invalid',
      ]);
      expect(again.body.results[0].household).toEqual(res.body.results[0].household);
      expect(await written()).toEqual(after);
      expect(await checkStatusCounters(t.dataSource)).toEqual({ consistent: true, differences: [] });
    });

    it('answers in the language asked for', async () => {
      const h = await fresh('中文户');
      const res = await batch(
        [{ clientId: randomUUID(), householdId: h.id, to: 'accepted', occurredOn: '2022-01-05', version: h.version }],
        staff,
        'zh-CN',
      );
      expect(res.body.results[0].message).toContain('待修缮');
    });

    it('moves each household once when two clients send overlapping batches at the same time', async () => {
      const households: HouseholdBody[] = [];
      for (let i = 0; i < 12; i += 1) households.push(await fresh(`重叠户${i}`));
      const itemsFor = (slice: HouseholdBody[]) =>
        slice.map((h) => ({ clientId: randomUUID(), householdId: h.id, to: 'in_progress', occurredOn: '2022-01-06', version: h.version }));
      // The first client sends households 0–7, the second 4–11: 4–7 are in both.
      const [a, b] = await Promise.all([batch(itemsFor(households.slice(0, 8)), staff), batch(itemsFor(households.slice(4)), otherStaff)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const applied = [...a.body.results, ...b.body.results].filter((r: { outcome: string }) => r.outcome === 'applied');
      const conflicts = [...a.body.results, ...b.body.results].filter((r: { outcome: string }) => r.outcome === 'conflict');
      expect(applied.map((r: { householdId: number }) => r.householdId).sort()).toEqual(households.map((h) => h.id).sort());
      expect(conflicts.length).toBe(4);
      for (const h of households) expect((await historyOf(h.id)).map((c) => c.to)).toEqual(['pending', 'in_progress']);
      expect(await checkStatusCounters(t.dataSource)).toEqual({ consistent: true, differences: [] });
    });

    it('takes 500 items with notes, and refuses 501 or none, naming the field', async () => {
      const h = await fresh('大批户');
      const note = '村委会组织施工队进场，屋面防水与墙体加固同步进行。'.repeat(8);
      const items = Array.from({ length: 500 }, (_, i) => ({
        clientId: randomUUID(),
        householdId: h.id,
        to: 'in_progress',
        occurredOn: '2022-01-05',
        version: h.version + i,
        note,
      }));
      const res = await batch(items).expect(200);
      // One household, 500 moves on one version each: the first applies, the next ones go nowhere.
      expect(res.body.results[0].outcome).toBe('applied');
      expect(res.body.results.length).toBe(500);
      const tooMany = await batch([...items, items[0]]).expect(400);
      expect(tooMany.body.fields).toEqual([expect.objectContaining({ field: 'items', code: 'too_many_items' })]);
      const none = await batch([]).expect(400);
      expect(none.body.fields).toEqual([expect.objectContaining({ field: 'items', code: 'empty_list' })]);
      await http(t, staff.token).post('/api/transitions/batch').send({ items: 'x' }).expect(400);
    });

    it('is refused to a role that records no moves', async () => {
      const h = await fresh('督导户');
      const res = await batch(
        [{ clientId: randomUUID(), householdId: h.id, to: 'in_progress', occurredOn: '2022-01-05', version: h.version }],
        supervisor,
      );
      expect(res.status).toBe(403);
    });

    it('judges acceptances by the inspector the same way, with the acceptance record', async () => {
      const h = await fresh('批量验收户');
      let v = (await move(h, { to: 'in_progress', occurredOn: '2022-01-02', version: h.version })).body.version;
      v = (await move(h, { to: 'completed', occurredOn: '2022-01-04', version: v })).body.version;
      const res = await batch(
        [
          {
            clientId: randomUUID(),
            householdId: h.id,
            to: 'accepted',
            occurredOn: '2022-01-08',
            version: v,
            inspection: { newGrade: 'A', ownerAgrees: true, method: '现场查看' },
          },
        ],
        inspector,
      ).expect(200);
      expect(res.body.results[0].outcome).toBe('applied');
      expect((await historyOf(h.id)).at(-1)?.inspection).toEqual({
        passed: true,
        newGrade: 'A',
        ownerAgrees: true,
        method: '现场查看',
        remarks: null,
        photoIds: [],
      });
    });
  });

  describe('the acceptance record', () => {
    async function completed(name: string): Promise<HouseholdBody> {
      const h = await fresh(name);
      const v = (await move(h, { to: 'in_progress', occurredOn: '2022-01-02', version: h.version })).body.version;
      return (await move(h, { to: 'completed', occurredOn: '2022-01-04', version: v })).body;
    }

    it('keeps the failed verdict with its reason and the owner’s opinion', async () => {
      const h = await completed('返工户');
      await move(
        h,
        {
          to: 'in_progress',
          occurredOn: '2022-01-08',
          version: h.version,
          note: '屋面渗漏',
          inspection: { ownerAgrees: false, remarks: '户主认为墙体裂缝未处理' },
        },
        inspector,
      ).expect(200);
      const last = (await historyOf(h.id)).at(-1)!;
      expect([last.note, last.inspection]).toEqual([
        '屋面渗漏',
        { passed: false, newGrade: null, ownerAgrees: false, method: null, remarks: '户主认为墙体裂缝未处理', photoIds: [] },
      ]);
    });

    it('keeps a verdict without a record as passed, with no answers', async () => {
      const h = await completed('旧客户端户');
      await move(h, { to: 'accepted', occurredOn: '2022-01-08', version: h.version }, inspector).expect(200);
      expect((await historyOf(h.id)).at(-1)?.inspection).toEqual(
        expect.objectContaining({ passed: true, newGrade: null, ownerAgrees: null }),
      );
    });

    it.each([
      ['an acceptance without its new grade', 'accepted', { ownerAgrees: true }, 'inspection.newGrade', 'required'],
      ['an acceptance without the owner’s opinion', 'accepted', { newGrade: 'B' }, 'inspection.ownerAgrees', 'required'],
      ['a grade for a failed house', 'in_progress', { newGrade: 'B', ownerAgrees: true }, 'inspection.newGrade', 'new_grade_on_failure'],
      ['a grade outside A and B', 'accepted', { newGrade: 'C', ownerAgrees: true }, 'inspection.newGrade', 'not_one_of'],
    ])('refuses %s, writing nothing', async (_name, to, inspection, field, code) => {
      const h = await completed(`验收表户${field}${code}`);
      const before = await written();
      const res = await move(h, { to, occurredOn: '2022-01-08', version: h.version, note: '检查', inspection }, inspector).expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field, code })]);
      expect(await written()).toEqual(before);
    });

    it('refuses an inspection on a move that is no verdict', async () => {
      const h = await fresh('开工户');
      const res = await move(h, {
        to: 'in_progress',
        occurredOn: '2022-01-08',
        version: h.version,
        inspection: { ownerAgrees: true },
      }).expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'inspection', code: 'inspection_not_for_move' })]);
    });
  });
});
