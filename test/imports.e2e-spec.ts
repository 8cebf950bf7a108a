import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import { createUser, type TestUser } from './support/accounts.js';
import { binary, countRows, http } from './support/http.js';
import { committed, day, ledgerCsv, ledgerXlsx, settled, upload, validated, type LedgerCell } from './support/ledger-files.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Ledger import end to end (POST /api/imports, commit, errors file), on files the tests build
 * as county offices save them: title rows above the header, their own header names, dates in
 * every spelling, a blank row, GBK CSV. Runs on SQLite, and on PostgreSQL with DATABASE_URL.
 */

/** An 18-digit ID-card number with its GB 11643 check digit, from 17 digits. */
function idCard(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

const ZHANG = idCard('14012119650312001');
const LI = idCard('14012119700705002');
const ZHAO = idCard('14012119581120003');

/** The synonym headers of a township's own ledger, with a serial-number column the tracker ignores. */
const HEADERS = [
  '序号',
  '行政村',
  '户主姓名',
  '身份证号码',
  '联系方式',
  '门牌号',
  '房屋间数',
  '鉴定结果',
  '鉴定日期',
  '开工时间',
  '竣工日期',
  '验收时间',
  '备注',
];

type Row = {
  village?: string;
  name: string;
  id?: string | null;
  phone?: string | null;
  address?: string | null;
  rooms?: LedgerCell;
  grade?: LedgerCell;
  appraised?: LedgerCell;
  started?: LedgerCell;
  completed?: LedgerCell;
  accepted?: LedgerCell;
  remarks?: string | null;
};

function cells(n: number, r: Row): LedgerCell[] {
  return [
    n,
    r.village ?? '杨房村',
    r.name,
    r.id ?? null,
    r.phone ?? null,
    r.address ?? null,
    r.rooms ?? null,
    r.grade ?? 'B级',
    r.appraised ?? null,
    r.started ?? null,
    r.completed ?? null,
    r.accepted ?? null,
    r.remarks ?? null,
  ];
}

const TITLES = ['清徐县孟封镇因灾受损农房修缮台账', '填报单位：孟封镇人民政府    填报日期：2021年12月24日'];

/** The valid rows: every date spelling the contract lists. */
const VALID: Row[] = [
  // A date cell, a text date with slashes, one with 年月日.
  {
    name: '张建国',
    id: ZHANG,
    phone: '138 1234 5678',
    address: '杨房村东街 12 号',
    rooms: 3,
    grade: 'B级',
    appraised: day('2021-10-20'),
    started: '2021/11/02',
    completed: '2021年11月20日',
    accepted: '2021.12.10',
  },
  // An Excel serial number (44490 = 2021-10-21), a compact date, full-width digits.
  {
    name: '李秀英',
    id: LI,
    address: '杨房村西街 3 号',
    rooms: '2间',
    grade: 'C',
    appraised: 44490,
    started: '20211105',
    completed: '２０２１－１２－０１',
  },
  // No dates at all: pending on the import day.
  { name: '王福', address: '杨房村南巷 7 号', grade: 'Ｂ' },
  // Only a start: in progress since then, its baseline that day.
  { name: '赵德胜', id: ZHAO, address: '杨房村北街 1 号', grade: 'D级', started: day('2021-11-15') },
];

describe('ledger import', () => {
  let t: TestApp;
  let yangfang: number;
  let mengfeng: number;
  let staff: TestUser;
  let otherStaff: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.freeze('2021-12-25T04:00:00Z');
    await seedQingxu(t.dataSource);
    yangfang = (
      await http(t)
        .post('/api/regions')
        .send({ level: 'village', parentId: 2, name: '杨房村', aliases: ['杨房'] })
        .expect(201)
    ).body.id;
    const villages = (await http(t).get('/api/villages').expect(200)).body as { id: number; name: string }[];
    mengfeng = villages.find((v) => v.name === '孟封村')!.id;
    staff = await createUser(t, { username: 'wang.yangfang', role: 'staff', scope: [{ level: 'village', id: yangfang }] });
    otherStaff = await createUser(t, { username: 'liu.mengfeng', role: 'staff', scope: [{ level: 'village', id: mengfeng }] });
    supervisor = await createUser(t, { username: 'zhao.supervisor', role: 'supervisor', scope: [{ level: 'county', id: 1 }] });
  });
  afterAll(() => t.dispose());

  const invalidRows: Row[] = [
    { name: '钱一', grade: 'E' },
    { name: '孙二', id: '140121196503120010' },
    { name: '周三', completed: '2021-12-30' },
    { name: '吴四', started: '2021-12-01', completed: '2021-11-01' },
    { name: '郑五', village: '不存在村' },
    { name: '张建国', id: ZHANG, address: '重复的一行' },
    { name: '冯六', accepted: '2021-12-01' },
    { name: '陈七', appraised: '明年春天' },
  ];

  let first: { id: number };
  const firstFile = () =>
    ledgerXlsx({
      titles: TITLES,
      headers: HEADERS,
      rows: [...VALID.map((r, i) => cells(i + 1, r)), 'blank', ...invalidRows.map((r, i) => cells(VALID.length + i + 1, r))],
      formats: { 身份证号码: '@' },
    });

  it('reads title rows, synonym headers, every date spelling and a blank row, and reports each invalid row at its row and column', async () => {
    const v = await validated(t, t.adminToken, await firstFile(), '孟封镇杨房村台账.xlsx');
    expect(v.status).toBe('validated');
    expect(v.summary).toEqual({ rows: 12, create: 4, update: 0, unchanged: 0, invalid: 8, removedPlaceholders: 0, changedFields: {} });
    // Titles on rows 1 and 2, the header on 3, data from 4; row 8 is blank.
    const byRow = Object.fromEntries(v.errors.map((e) => [e.row, e]));
    expect(byRow[9]).toMatchObject({ column: '鉴定结果', value: 'E', code: 'grade_unknown' });
    expect(byRow[10]).toMatchObject({ column: '身份证号码', value: '140121********0010', code: 'id_card_check_digit' });
    expect(byRow[11]).toMatchObject({ column: '竣工日期', code: 'date_in_future' });
    expect(byRow[12]).toMatchObject({ column: '竣工日期', code: 'dates_out_of_order' });
    expect(byRow[12].message).toBe('竣工日期 2021-11-01 早于开工日期 2021-12-01：日期应按鉴定、开工、完工、验收的先后');
    expect(byRow[13]).toMatchObject({ column: '行政村', value: '不存在村', code: 'village_not_found' });
    expect(byRow[14]).toMatchObject({ column: '身份证号码', code: 'duplicate_row' });
    expect(byRow[14].message).toContain('与第 4 行是同一户');
    expect(byRow[15]).toMatchObject({ column: '验收时间', code: 'accepted_without_completion' });
    expect(byRow[16]).toMatchObject({ column: '鉴定日期', value: '明年春天', code: 'date_unreadable' });
    expect(v.errors).toHaveLength(8);
    expect(v.warnings).toEqual([{ code: 'unknown_columns', message: '以下列不是台账的列，已忽略：序号' }]);
    // Nothing is written by validation.
    expect(await countRows(t, `households WHERE village_id = ${yangfang}`)).toBe(0);
    first = v;
  });

  it('answers in English when asked', async () => {
    const res = await http(t).get(`/api/imports/${first.id}`).set('Accept-Language', 'en').expect(200);
    const grade = res.body.errors.find((e: { row: number }) => e.row === 9);
    expect(grade.message).toBe("grade 'E' must be A, B, C or D (also written 'B级')");
  });

  it('refuses to commit while rows are invalid, and writes nothing', async () => {
    const res = await http(t).post(`/api/imports/${first.id}/commit`).send({}).expect(422);
    expect(res.body.code).toBe('import_has_invalid_rows');
    expect(res.body.message).toContain('有 8 行有误');
    expect(await countRows(t, `households WHERE village_id = ${yangfang}`)).toBe(0);
  });

  it('commits the valid rows with skipInvalid: households with the history the dates give', async () => {
    const before = await countRows(t, 'status_changes');
    const c = await committed(t, t.adminToken, first.id, { skipInvalid: true });
    expect([c.status, c.failure]).toEqual(['committed', null]);
    expect(c.summary).toMatchObject({ create: 4, invalid: 8 });
    const list = await http(t).get(`/api/households?villageId=${yangfang}&pageSize=50`).expect(200);
    const byName = Object.fromEntries(list.body.items.map((h: { householder: string }) => [h.householder, h]));
    expect(Object.keys(byName).sort()).toEqual(['张建国', '李秀英', '王福', '赵德胜'].sort());
    expect(byName['张建国']).toMatchObject({
      status: 'accepted',
      rooms: 3,
      grade: 'B',
      phone: '13812345678',
      appraisal: expect.objectContaining({ date: '2021-10-20' }),
    });
    expect(byName['李秀英']).toMatchObject({
      status: 'completed',
      rooms: 2,
      grade: 'C',
      appraisal: expect.objectContaining({ date: '2021-10-21' }),
    });
    expect(byName['王福']).toMatchObject({ status: 'pending' });
    expect(byName['赵德胜']).toMatchObject({ status: 'in_progress', grade: 'D' });
    // 4 + 3 + 1 + 1 history entries.
    expect((await countRows(t, 'status_changes')) - before).toBe(9);
    const history = await http(t).get(`/api/households/${byName['张建国'].id}/history`).expect(200);
    expect(history.body.map((e: { to: string; occurredOn: string }) => [e.to, e.occurredOn])).toEqual([
      ['pending', '2021-10-20'],
      ['in_progress', '2021-11-02'],
      ['completed', '2021-11-20'],
      ['accepted', '2021-12-10'],
    ]);
    expect(history.body[1].note).toBe('导入台账：孟封镇杨房村台账.xlsx 第 4 行');
  });

  it('answers past-date reports from the file’s dates', async () => {
    const at = async (asOf: string) => {
      const res = await http(t).get(`/api/reports/progress?asOf=${asOf}`).expect(200);
      return res.body.rows.filter((r: { unit: { id: number } }) => r.unit.id === yangfang);
    };
    const rowFor = (rows: { grade: string }[], grade: string) => rows.find((r) => r.grade === grade);
    // On 2021-10-20 only 张建国 (B) is recorded; 李秀英 (C) is appraised the next day.
    expect(rowFor(await at('2021-10-20'), 'B')).toMatchObject({ appraised: 1, completed: 0, accepted: 0 });
    expect(rowFor(await at('2021-10-20'), 'C')).toMatchObject({ appraised: 0 });
    expect(rowFor(await at('2021-11-20'), 'B')).toMatchObject({ appraised: 1, completed: 1, accepted: 0 });
    expect(rowFor(await at('2021-11-30'), 'C')).toMatchObject({ appraised: 1, completed: 0, inProgress: 1 });
    expect(rowFor(await at('2021-12-10'), 'B')).toMatchObject({ completed: 1, accepted: 1 });
    // 王福 has no date: pending from the import day on.
    expect(rowFor(await at('2021-12-24'), 'B')).toMatchObject({ appraised: 1 });
    expect(rowFor(await at('2021-12-25'), 'B')).toMatchObject({ appraised: 2, pending: 1 });
  });

  it('changes nothing when the same file comes again', async () => {
    const counts = [await countRows(t, 'status_changes'), await countRows(t, 'household_edits'), await countRows(t, 'households')];
    const v = await validated(t, t.adminToken, await firstFile(), '孟封镇杨房村台账.xlsx');
    expect(v.summary).toMatchObject({ create: 0, update: 0, unchanged: 4, invalid: 8 });
    const c = await committed(t, t.adminToken, v.id, { skipInvalid: true });
    expect(c.status).toBe('committed');
    expect([await countRows(t, 'status_changes'), await countRows(t, 'household_edits'), await countRows(t, 'households')]).toEqual(counts);
  });

  it('updates only what a changed file changes: one field in the edit log, one new dated move', async () => {
    const changed = VALID.map((r) => ({ ...r }));
    changed[2].phone = '0351-5551234'; // 王福 gets a phone
    changed[3].completed = '2021-12-20'; // 赵德胜 is completed
    const file = await ledgerXlsx({
      titles: TITLES,
      headers: HEADERS,
      rows: changed.map((r, i) => cells(i + 1, r)),
      formats: { 身份证号码: '@' },
    });
    const edits = await countRows(t, 'household_edits');
    const moves = await countRows(t, 'status_changes');
    const v = await validated(t, t.adminToken, file, '杨房村台账（12月24日）.xlsx');
    expect(v.summary).toEqual({
      rows: 4,
      create: 0,
      update: 2,
      unchanged: 2,
      invalid: 0,
      removedPlaceholders: 0,
      changedFields: { phone: 1 },
    });
    const c = await committed(t, t.adminToken, v.id);
    expect([c.status, c.failure]).toEqual(['committed', null]);
    expect((await countRows(t, 'household_edits')) - edits).toBe(1);
    expect((await countRows(t, 'status_changes')) - moves).toBe(1);
    const list = await http(t).get(`/api/households?villageId=${yangfang}&pageSize=50`).expect(200);
    const zhao = list.body.items.find((h: { householder: string }) => h.householder === '赵德胜');
    expect(zhao.status).toBe('completed');
  });

  it('refuses a row whose dates go backwards against the stored history', async () => {
    const backwards = VALID.map((r) => ({ ...r }));
    backwards[0].completed = '2021-11-25'; // recorded as 2021-11-20
    const file = await ledgerXlsx({ headers: HEADERS, rows: backwards.map((r, i) => cells(i + 1, r)), formats: { 身份证号码: '@' } });
    const v = await validated(t, t.adminToken, file, 'backwards.xlsx');
    expect(v.errors).toEqual([expect.objectContaining({ row: 2, column: '竣工日期', code: 'milestone_differs' })]);
  });

  it('writes the invalid rows back out with 错误说明, as they were', async () => {
    const res = await http(t).get(`/api/imports/${first.id}/errors?format=xlsx`).buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...HEADERS, '错误说明']);
    expect(sheet.rowCount).toBe(9);
    expect(sheet.getRow(2).getCell(3).text).toBe('钱一');
    expect(sheet.getRow(2).getCell(HEADERS.length + 1).text).toContain('鉴定结果“E”不对');
    expect(sheet.getRow(3).getCell(4).text).toBe('140121196503120010');
    const csv = await http(t).get(`/api/imports/${first.id}/errors?format=csv`).buffer(true).parse(binary).expect(200);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('\ufeff序号,行政村,户主姓名')).toBe(true);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(9);
  });

  it('reads a GBK CSV as Chinese Excel saves it', async () => {
    const csv = ledgerCsv(
      { headers: HEADERS, rows: [cells(1, { name: '韩八', address: '杨房村新村 9 号', grade: 'C级', appraised: '2021/10/22' })] },
      'gbk',
    );
    expect(csv.includes(Buffer.from('韩八', 'utf8'))).toBe(false);
    const v = await validated(t, staff.token, csv, '杨房村补充.csv');
    expect(v.summary).toMatchObject({ rows: 1, create: 1, invalid: 0 });
    expect((await committed(t, staff.token, v.id)).status).toBe('committed');
    const list = await http(t).get(`/api/households?villageId=${yangfang}&q=韩八`).expect(200);
    expect(list.body.items[0]).toMatchObject({ grade: 'C', appraisal: expect.objectContaining({ date: '2021-10-22' }) });
  });

  it('keeps staff in their scope: another village reads as unknown, an acceptance is not theirs to record', async () => {
    const file = await ledgerXlsx({
      headers: HEADERS,
      rows: [
        cells(1, { name: '孟一', village: '孟封村' }),
        cells(2, { name: '卫九', address: '杨房村 5 号', started: '2021-11-01', completed: '2021-11-20', accepted: '2021-12-01' }),
      ],
    });
    const v = await validated(t, staff.token, file, 'scope.xlsx');
    expect(v.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '行政村', 'village_not_found'],
      [3, '验收时间', 'role_may_not_enter_accepted'],
    ]);
    // Imports are their creator's (and any admin's) to see.
    await http(t, otherStaff.token).get(`/api/imports/${v.id}`).expect(404);
    expect((await http(t, otherStaff.token).get('/api/imports').expect(200)).body).toEqual([]);
    await http(t).get(`/api/imports/${v.id}`).expect(200);
    await http(t, supervisor.token).get(`/api/imports/${v.id}`).expect(403);
  });

  it('takes a village that holds placeholders only with replacePlaceholders, removing them in the same commit', async () => {
    const file = await ledgerXlsx({
      headers: HEADERS,
      rows: [cells(1, { village: '孟封村', name: '孟德才', address: '孟封村 88 号', grade: 'B' })],
    });
    const refused = await validated(t, otherStaff.token, file, '孟封村.xlsx');
    expect(refused.errors).toEqual([expect.objectContaining({ row: 2, column: '行政村', code: 'village_has_placeholders' })]);
    expect(refused.errors[0].message).toContain('示意数据');

    const placeholders = await countRows(
      t,
      `households WHERE village_id = ${mengfeng} AND is_placeholder = ${t.dataSource.options.type === 'postgres' ? 'true' : '1'}`,
    );
    expect(placeholders).toBeGreaterThan(100);
    const v = await validated(t, otherStaff.token, file, '孟封村.xlsx', { replacePlaceholders: 'true' });
    expect(v.summary).toMatchObject({ create: 1, invalid: 0, removedPlaceholders: placeholders });
    const c = await committed(t, otherStaff.token, v.id);
    expect(c.summary).toMatchObject({ create: 1, removedPlaceholders: placeholders });
    const all = await http(t).get(`/api/households?villageId=${mengfeng}&pageSize=50`).expect(200);
    // Only the imported household is left: the village held placeholders only.
    expect(all.body.items.map((h: { householder: string }) => h.householder)).toEqual(['孟德才']);
    const report = await http(t).get('/api/reports/progress').expect(200);
    const b = report.body.rows.find((r: { unit: { id: number }; grade: string }) => r.unit.id === mengfeng && r.grade === 'B');
    expect(b.appraised).toBe(1);
    const c2 = report.body.rows.find((r: { unit: { id: number }; grade: string }) => r.unit.id === mengfeng && r.grade === 'C');
    expect(c2.appraised).toBe(0);
  });

  it.each(['xlsx', 'csv'])('reads its own export (%s) back as changing nothing', async (format) => {
    const exported = await http(t)
      .get(`/api/households/export?format=${format}&villageId=${yangfang}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const v = await validated(t, t.adminToken, exported.body as Buffer, `export.${format}`);
    expect(v.errors).toEqual([]);
    const total = (await http(t).get(`/api/households?villageId=${yangfang}&pageSize=1`).expect(200)).body.total;
    expect(v.summary).toMatchObject({ rows: total, create: 0, update: 0, unchanged: total, invalid: 0 });
  });

  it('refuses files that are not ledgers, with the reason, and stores nothing', async () => {
    const imports = await countRows(t, 'ledger_imports');
    const refuse = async (bytes: Buffer, name: string, status: number, problem: string) => {
      const res = await http(t).post('/api/imports').attach('file', bytes, name).expect(status);
      expect([res.body.code, res.body.params?.problem ?? problemOf(res.body.message)]).toEqual(['ledger_file_refused', problem]);
      return res.body.message as string;
    };
    const problemOf = (message: string) => message;
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]);
    expect(await refuse(ole, '台账.xls', 415, expect.anything() as never)).toContain('另存为');
    expect(await refuse(Buffer.from('%PDF-1.7 …'), '台账.pdf', 415, expect.anything() as never)).toContain('不是表格文件');
    expect(await refuse(Buffer.from(zipSync({ 'a.txt': new Uint8Array(10) })), '台账.xlsx', 415, expect.anything() as never)).toContain(
      '不是 Excel 工作簿',
    );
    expect(await refuse(Buffer.alloc(0), '空.csv', 400, expect.anything() as never)).toContain('空');
    expect(await refuse(Buffer.alloc(20 * 1024 * 1024 + 10, 0x41), '大.csv', 413, expect.anything() as never)).toContain('20 MB');
    const notMultipart = await http(t).post('/api/imports').send({ file: 'x' }).expect(415);
    expect(notMultipart.body.code).toBe('import_file_missing');
    const noFile = await http(t).post('/api/imports').field('replacePlaceholders', 'true').expect(400);
    expect(noFile.body.code).toBe('import_file_missing');
    const badField = await http(t)
      .post('/api/imports')
      .field('replacePlaceholders', 'yes')
      .attach('file', Buffer.from('村,户主,鉴定等级\r\n'), 'a.csv')
      .expect(400);
    expect(badField.body.fields[0].field).toBe('replacePlaceholders');
    expect(await countRows(t, 'ledger_imports')).toBe(imports);
  });

  it('fails a file without a header row, saying what it lacks', async () => {
    const file = await ledgerXlsx({ headers: ['序号', '姓名', '地址'], rows: [[1, '甲', '乙']] });
    const started = await upload(t, t.adminToken, file, 'noheader.xlsx');
    const v = await settled(t, t.adminToken, started.id);
    // The whole failure, so a different one shows its reason in the diff.
    expect(v).toMatchObject({ status: 'failed', failure: { code: 'header_row_not_found' } });
    expect(v.failure?.message).toContain('缺少村、鉴定等级');
  });

  it('refuses a commit twice, and one for a file not validated', async () => {
    const res = await http(t).post(`/api/imports/${first.id}/commit`).send({ skipInvalid: true }).expect(409);
    expect(res.body.code).toBe('import_not_validated');
  });

  it('refuses a commit when a household it updates changed since validation', async () => {
    const changed = VALID.map((r) => ({ ...r }));
    changed[1].phone = '13900001111';
    const file = await ledgerXlsx({ headers: HEADERS, rows: changed.map((r, i) => cells(i + 1, r)), formats: { 身份证号码: '@' } });
    const v = await validated(t, t.adminToken, file, 'stale.xlsx');
    expect(v.summary).toMatchObject({ update: 1 });
    const li = (await http(t).get(`/api/households?villageId=${yangfang}&q=李秀英`).expect(200)).body.items[0];
    await http(t).patch(`/api/households/${li.id}`).send({ version: li.version, remarks: '已电话回访' }).expect(200);
    const res = await http(t).post(`/api/imports/${v.id}/commit`).send({}).expect(409);
    expect(res.body.code).toBe('import_stale');
  });
});
