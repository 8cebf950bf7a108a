import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { countRows, http, tableCounts } from './support/http.js';
import { createHousehold, createRegionTree } from './support/fixtures.js';
import { createUser } from './support/accounts.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { checkStatusCounters } from '../src/household-writes/status-counters.js';

describe('villages and households', () => {
  let t: TestApp;
  let townshipId: number;
  let mengfeng: number;
  let xiaowu: number;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.freeze('2021-12-23T04:00:00Z'); // noon in the county
    ({
      townshipId,
      villageIds: [mengfeng, xiaowu],
    } = await createRegionTree(t, ['孟封村', '小武村']));
  });
  afterAll(() => t.dispose());

  describe('villages', () => {
    it('lists villages with their township and county', async () => {
      const res = await http(t).get('/api/villages').expect(200);
      expect(res.body).toEqual([
        expect.objectContaining({
          id: mengfeng,
          name: '孟封村',
          code: null,
          township: { id: townshipId, name: '孟封镇', code: '140121103' },
        }),
        expect.objectContaining({ id: xiaowu, name: '小武村', county: expect.objectContaining({ name: '清徐县', code: '140121' }) }),
      ]);
    });

    it('creates a village with a code and aliases, and reads it back', async () => {
      const created = await http(t)
        .post('/api/villages')
        .send({ name: '阎家营村', code: '140121103203', townshipId, aliases: ['闫家营村'] })
        .expect(201);
      expect(created.body).toMatchObject({ name: '阎家营村', code: '140121103203', aliases: ['闫家营村'] });
      const read = await http(t).get(`/api/villages/${created.body.id}`).expect(200);
      expect(read.body).toEqual(created.body);
      const [alias] = await t.dataSource.query(`SELECT name FROM region_aliases WHERE region_id = ${created.body.id}`);
      expect(alias.name).toBe('闫家营村');
    });

    it.each([
      [{ name: '孟封村', townshipId: 0 }, /townshipId must not be less than 1/],
      [{ name: '', townshipId: 1 }, /name must be at least 1 character long/],
      [{ townshipId: 1 }, /name is required/],
      [{ name: '新村', townshipId: 1 }, /townshipId 1 is not a township/],
      [{ name: '新村', townshipId: 2, code: '14012110' }, /12 digits/],
      [{ name: '新村', townshipId: 2, code: '140121999001' }, /does not start with .*140121103/],
      [{ name: '新村', townshipId: 2, aliases: 'x' }, /aliases must be an array/],
      [{ name: '\u200B\u3000', townshipId: 2 }, /name must not be blank/],
      [{ name: '孟封\u0000村', townshipId: 2 }, /name must not contain control .*U\+0000/],
      [{ name: '新村', townshipId: 2, aliases: ['新庄村', '\u200B'] }, /aliases\[1\] must not be blank/],
    ])('refuses %p with a 400', async (body, message) => {
      const before = await tableCounts(t);
      const res = await http(t).post('/api/villages').set('Accept-Language', 'en').send(body).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.message).toMatch(message);
      expect(await tableCounts(t)).toEqual(before);
    });

    it('refuses a second village of the same name in a township with a 409', async () => {
      const res = await http(t).post('/api/villages').send({ name: '孟封村', townshipId }).expect(409);
      expect([res.body.code, res.body.message]).toEqual(['region_name_taken', '孟封镇已有名为孟封村的村']);
    });

    it('answers 404 for an unknown village and 400 for a non-numeric id', async () => {
      await http(t).get('/api/villages/9999').expect(404);
      await http(t).get(`/api/villages/${townshipId}`).expect(404);
      const res = await http(t).get('/api/villages/abc').set('Accept-Language', 'en').expect(400);
      expect(res.body.fields).toEqual([
        { field: 'id', code: 'invalid_id', message: expect.stringMatching(/id must be a positive integer/) },
      ]);
    });
  });

  describe('households', () => {
    it("binds ids as parameters on SQLite, so reading a million households doesn't prepare a million statements", () => {
      const escaped = t.dataSource.driver.escapeQueryWithParameters('"id" = :id', { id: 271170 });
      if (t.dataSource.options.type === 'better-sqlite3') expect(escaped).toEqual(['"id" = ?', [271170n]]);
      else expect(escaped).toEqual(['"id" = $1', [271170]]);
    });

    it('creates a household with its first history entry', async () => {
      const h = await createHousehold(t, {
        villageId: mengfeng,
        householder: '王建国',
        address: '孟封村东街12号',
        rooms: 4,
        grade: 'B',
        appraisalAgency: '山西某鉴定公司',
        appraisalDate: '2021-11-05',
        appraisalReportNo: 'QX-2021-0001',
        appraisalFindings: '墙体裂缝',
        designDrawings: true,
      });
      expect(h).toMatchObject({
        villageId: mengfeng,
        householder: '王建国',
        grade: 'B',
        status: 'pending',
        statusLabel: '待修缮',
        nextStatuses: ['in_progress', 'completed'],
        version: 1,
        placeholder: false,
        appraisal: { agency: '山西某鉴定公司', date: '2021-11-05', reportNo: 'QX-2021-0001', findings: '墙体裂缝' },
        freeServices: { designDrawings: true, constructionSupervision: null, technicalService: null },
      });
      const history = await http(t).get(`/api/households/${h.id}/history`).expect(200);
      expect(history.body).toEqual([
        {
          from: null,
          to: 'pending',
          occurredOn: '2021-12-23',
          recordedAt: '2021-12-23T04:00:00.000Z',
          actor: '系统管理员',
          note: null,
          inspection: null,
        },
      ]);
      const [row] = await t.dataSource.query(`SELECT householder, status, version, is_placeholder FROM households WHERE id = ${h.id}`);
      expect(row).toMatchObject({ householder: '王建国', status: 'pending', version: 1 });
      expect(Boolean(row.is_placeholder)).toBe(false);
      await http(t)
        .get(`/api/households/${h.id}`)
        .expect(
          200,
          await http(t)
            .get(`/api/households/${h.id}`)
            .then((r) => r.body),
        );
    });

    it('records a ledger entered late as its baseline status and date', async () => {
      const h = await createHousehold(t, {
        villageId: xiaowu,
        householder: '李秀英',
        grade: 'C',
        status: 'completed',
        statusOn: '2021-12-20',
        note: '按镇台账补录',
      });
      expect(h.status).toBe('completed');
      const history = await http(t).get(`/api/households/${h.id}/history`).expect(200);
      expect(history.body).toEqual([
        expect.objectContaining({ from: null, to: 'completed', occurredOn: '2021-12-20', note: '按镇台账补录' }),
      ]);
    });

    it.each([
      ['a missing householder', { villageId: 1, grade: 'B' }, /householder/],
      ['a wrong-typed grade', { villageId: 1, householder: '甲', grade: 2 }, /grade must be one of/],
      ['an unknown grade', { villageId: 1, householder: '甲', grade: 'E' }, /grade must be one of/],
      ['an unknown field', { villageId: 1, householder: '甲', grade: 'B', colour: 'red' }, /Field "colour" is not accepted/],
      ['an oversized name', { villageId: 1, householder: '甲'.repeat(51), grade: 'B' }, /householder must be at most 50 characters/],
      ['a blank name', { villageId: 1, householder: '   ', grade: 'B' }, /householder must not be blank/],
      ['a name of a zero-width space', { villageId: 1, householder: '\u200B', grade: 'B' }, /householder must not be blank/],
      [
        'a name of ideographic spaces and a BOM',
        { villageId: 1, householder: '\u3000\uFEFF', grade: 'B' },
        /householder must not be blank/,
      ],
      ['a NUL in the name', { villageId: 1, householder: '郑\u0000亮', grade: 'B' }, /householder must not contain control .*U\+0000/],
      ['a right-to-left override in the name', { villageId: 1, householder: '郑\u202E亮清', grade: 'B' }, /householder .*U\+202E/],
      ['a lone surrogate in the address', { villageId: 1, householder: '甲', grade: 'B', address: '3组\uD800' }, /address .*U\+D800/],
      ['a line break in the address', { villageId: 1, householder: '甲', grade: 'B', address: '3组\n5号' }, /address .*U\+000A/],
      ['an escape sequence in the remarks', { villageId: 1, householder: '甲', grade: 'B', remarks: '\u001B[2J' }, /remarks .*U\+001B/],
      [
        'a C1 control in the agency',
        { villageId: 1, householder: '甲', grade: 'B', appraisalAgency: '鉴定\u0085公司' },
        /appraisalAgency .*U\+0085/,
      ],
      ['a NUL in the first note', { villageId: 1, householder: '甲', grade: 'B', note: '补录\u0000' }, /note .*U\+0000/],
      ['a string villageId', { villageId: '3', householder: '甲', grade: 'B' }, /villageId must be an integer/],
      ['negative rooms', { villageId: 1, householder: '甲', grade: 'B', rooms: -1 }, /rooms must not be less than 0/],
      [
        'an impossible date',
        { villageId: 1, householder: '甲', grade: 'B', appraisalDate: '2021-02-30' },
        /appraisalDate must be a calendar date/,
      ],
      [
        'a future baseline',
        { villageId: 1, householder: '甲', grade: 'B', statusOn: '2021-12-24' },
        /statusOn 2021-12-24 is in the future/,
      ],
      ['a village that is a township', { villageId: 2, householder: '甲', grade: 'B' }, /villageId 2 is not a known village/],
      ['a village that does not exist', { villageId: 999, householder: '甲', grade: 'B' }, /villageId 999 is not a known village/],
      ['a string body', 'householder', /must be a JSON object|householder/],
    ])('refuses %s with a 400 and writes nothing', async (_name, body, message) => {
      const before = await tableCounts(t);
      const res = await http(t)
        .post('/api/households')
        .set('Accept-Language', 'en')
        .send(body as object)
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'validation_failed', requestId: expect.any(String) });
      expect(res.body.message).toMatch(message);
      expect(await tableCounts(t)).toEqual(before);
    });

    it('keeps line breaks and tabs in the multi-line fields', async () => {
      const h = await createHousehold(t, {
        villageId: mengfeng,
        householder: '孙某',
        grade: 'B',
        remarks: '一、地基\n二、墙体\t裂缝',
        appraisalFindings: '地板下沉\r\n墙体开裂',
      });
      expect(h).toMatchObject({ remarks: '一、地基\n二、墙体\t裂缝' });
    });

    it('refuses a household entered as accepted by staff with a 403 (only an inspector or admin records an acceptance)', async () => {
      const staff = await createUser(t, { username: 'baseline.staff', role: 'staff', scope: [{ level: 'township', id: townshipId }] });
      const before = await tableCounts(t);
      const body = { villageId: mengfeng, householder: '冯某', grade: 'B', status: 'accepted', statusOn: '2021-12-20' };
      const res = await http(t, staff.token).post('/api/households').send(body).expect(403);
      expect([res.body.code, res.body.message]).toEqual([
        'role_may_not_enter_accepted',
        '工作人员不能把住户直接录入为已验收：验收只由验收人员或系统管理员记录',
      ]);
      expect(await tableCounts(t)).toEqual(before);
      // Completed is theirs to record; an admin may enter the accepted one.
      await http(t, staff.token)
        .post('/api/households')
        .send({ ...body, status: 'completed' })
        .expect(201);
      await http(t).post('/api/households').send(body).expect(201);
    });

    it('refuses a body nested deeper than 32 levels with a 400, signed in or not, and writes nothing', async () => {
      const before = await tableCounts(t);
      for (const deep of [
        '{"a":'.repeat(5000) + '1' + '}'.repeat(5000),
        '['.repeat(10_000) + ']'.repeat(10_000),
        JSON.stringify({ householder: '甲', grade: 'B', villageId: 1, x: JSON.parse('['.repeat(40) + ']'.repeat(40)) }),
      ]) {
        for (const [url, token] of [
          ['/api/auth/login', null],
          ['/api/households', t.adminToken],
        ] as const) {
          const res = await http(t, token).post(url).set('content-type', 'application/json').set('Accept-Language', 'en').send(deep);
          expect([url, res.status, res.body.code]).toEqual([url, 400, 'body_too_deep']);
          expect(res.body.message).toMatch(/more than 32 levels deep/);
        }
      }
      expect(await tableCounts(t)).toEqual(before);
    });

    it('refuses a body that is not JSON with a 400, and a huge one with a 413', async () => {
      const notJson = await http(t).post('/api/households').set('content-type', 'application/json').send('{"householder":').expect(400);
      expect(notJson.body.code).toBe('invalid_json');
      const huge = JSON.stringify({ householder: '甲', remarks: 'x'.repeat(100_000) });
      const tooLarge = await http(t).post('/api/households').set('content-type', 'application/json').send(huge).expect(413);
      expect(tooLarge.body.code).toBe('body_too_large');
    });

    it('edits fields with the current version, logs each change with who made it, and bumps the version once', async () => {
      const zhang = await createUser(t, {
        username: 'zhang.san',
        displayName: '张三',
        role: 'staff',
        scope: [{ level: 'township', id: townshipId }],
      });
      const h = await createHousehold(t, { villageId: mengfeng, householder: '郑某', grade: 'C', rooms: 3 });
      const appraisedC = async () => (await http(t).get('/api/reports/progress').expect(200)).body.total[1].appraised as number;
      const before = await appraisedC();
      const res = await http(t, zhang.token)
        .patch(`/api/households/${h.id}`)
        .send({ version: 1, grade: 'D', rooms: 3, remarks: '复核鉴定为D级' })
        .expect(200);
      expect(res.body).toMatchObject({ grade: 'D', rooms: 3, remarks: '复核鉴定为D级', version: 2 });
      const edits = await http(t).get(`/api/households/${h.id}/edits`).expect(200);
      expect(edits.body).toEqual([
        { field: 'grade', oldValue: 'C', newValue: 'D', actor: '张三', editedAt: '2021-12-23T04:00:00.000Z' },
        { field: 'remarks', oldValue: null, newValue: '复核鉴定为D级', actor: '张三', editedAt: '2021-12-23T04:00:00.000Z' },
      ]);
      // The re-appraisal moved the household out of the grade C figures, history and all.
      expect(await appraisedC()).toBe(before - 1);
      await expect(checkStatusCounters(t.dataSource)).resolves.toEqual({ consistent: true, differences: [] });
      const moved = await http(t).patch(`/api/households/${h.id}`).send({ version: 2, villageId: xiaowu }).expect(200);
      expect(moved.body.villageId).toBe(xiaowu);
      await expect(checkStatusCounters(t.dataSource)).resolves.toEqual({ consistent: true, differences: [] });
      await http(t).patch(`/api/households/${h.id}`).send({ version: 3, villageId: mengfeng }).expect(200);
      // The same values again change nothing and keep the version.
      const same = await http(t).patch(`/api/households/${h.id}`).send({ version: 4, grade: 'D' }).expect(200);
      expect(same.body.version).toBe(4);
      expect(await countRows(t, 'household_edits')).toBe(4);
    });

    it('refuses an edit on a stale version with a 409 and writes nothing', async () => {
      const h = await createHousehold(t, { villageId: mengfeng, householder: '赵某', grade: 'B' });
      await http(t).patch(`/api/households/${h.id}`).send({ version: 1, rooms: 5 }).expect(200);
      const before = await tableCounts(t);
      const res = await http(t).patch(`/api/households/${h.id}`).set('Accept-Language', 'en').send({ version: 1, rooms: 6 }).expect(409);
      expect(res.body.code).toBe('stale_version');
      expect(res.body.message).toMatch(/version 2, not 1/);
      expect(await tableCounts(t)).toEqual(before);
      const now = await http(t).get(`/api/households/${h.id}`).expect(200);
      expect(now.body).toMatchObject({ rooms: 5, version: 2 });
    });

    it.each([
      [{ rooms: 5 }, /version is required/],
      [{ version: 1, status: 'accepted' }, /Field "status" is not accepted/],
      [{ version: 1, householder: null }, /householder must not be null/],
      [{ version: 1, villageId: 999 }, /villageId 999 is not a known village/],
    ])('refuses the edit %p with a 400', async (body, message) => {
      const h = await createHousehold(t, { villageId: mengfeng, householder: '钱某', grade: 'B' });
      const res = await http(t).patch(`/api/households/${h.id}`).set('Accept-Language', 'en').send(body).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.message).toMatch(message);
      expect((await http(t).get(`/api/households/${h.id}`)).body.version).toBe(1);
    });

    it('answers 404 for unknown households and 400 for ids that are not ids', async () => {
      await http(t).get('/api/households/999999').expect(404);
      await http(t).patch('/api/households/999999').send({ version: 1 }).expect(404);
      await http(t).get('/api/households/999999/history').expect(404);
      await http(t).get('/api/households/999999/edits').expect(404);
      const first = await createHousehold(t, { villageId: mengfeng, householder: '周某', grade: 'B' });
      // Only plain decimal digits: hexadecimal, leading zeros, spaces and exponents are not ids.
      for (const id of [
        'abc',
        '0',
        '-1',
        '1.5',
        '99999999999',
        '12abc',
        '0x10',
        `0${first.id}`,
        '%201',
        `${first.id}%20`,
        '1e3',
        '+1',
        '0b1',
        'Infinity',
      ]) {
        const res = await http(t).get(`/api/households/${id}`).set('Accept-Language', 'en');
        expect([id, res.status]).toEqual([id, 400]);
        expect(res.body.message).toMatch(/id must be a positive integer/);
      }
    });
  });

  describe('the household list', () => {
    beforeAll(async () => {
      for (let i = 1; i <= 12; i++) {
        await createHousehold(t, { villageId: xiaowu, householder: `列表户${i}`, grade: i % 3 === 0 ? 'C' : 'B', address: `小武村${i}号` });
      }
    });

    it('filters by village, grade and status, and counts every match', async () => {
      const res = await http(t).get(`/api/households?villageId=${xiaowu}&grade=C&status=pending`).expect(200);
      expect(res.body.total).toBe(4);
      expect(res.body.items.every((h: { grade: string; villageId: number }) => h.grade === 'C' && h.villageId === xiaowu)).toBe(true);
    });

    it('pages: page counts from 1 and total counts beyond the page', async () => {
      const first = await http(t).get(`/api/households?villageId=${xiaowu}&q=列表户&pageSize=5`).expect(200);
      expect(first.body).toMatchObject({ total: 12, page: 1, pageSize: 5 });
      expect(first.body.items).toHaveLength(5);
      const third = await http(t).get(`/api/households?villageId=${xiaowu}&q=列表户&pageSize=5&page=3`).expect(200);
      expect(third.body.items.map((h: { householder: string }) => h.householder)).toEqual(['列表户11', '列表户12']);
      const beyond = await http(t).get(`/api/households?q=列表户&page=9`).expect(200);
      expect(beyond.body).toMatchObject({ items: [], total: 12 });
    });

    it('searches names and addresses, treating % and _ as text', async () => {
      expect((await http(t).get(`/api/households?q=${encodeURIComponent('小武村7号')}`)).body.total).toBe(1);
      expect((await http(t).get(`/api/households?q=${encodeURIComponent('%')}`)).body.total).toBe(0);
      expect((await http(t).get(`/api/households?q=_`)).body.total).toBe(0);
    });

    it.each([
      ['pageSize=501', /pageSize must not be greater than 500/],
      ['pageSize=0', /pageSize must not be less than 1/],
      ['page=0', /page must not be less than 1/],
      ['page=abc', /page must be an integer/],
      ['villageId=x', /villageId must be an integer/],
      ['villageId=0x10', /villageId must be an integer/],
      ['villageId=01', /villageId must be an integer/],
      ['villageId=%201', /villageId must be an integer/],
      ['villageId=1e3', /villageId must be an integer/],
      ['page=0x2', /page must be an integer/],
      ['pageSize=5e1', /pageSize must be an integer/],
      ['grade=Z', /grade must be one of/],
      ['status=done', /status must be one of/],
      ['sort=name', /Field "sort" is not accepted/],
    ])('refuses ?%s with a 400', async (query, message) => {
      const res = await http(t).get(`/api/households?${query}`).set('Accept-Language', 'en').expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.message).toMatch(message);
    });
  });
});
