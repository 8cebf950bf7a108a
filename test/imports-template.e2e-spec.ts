import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import { LEDGER_SHEET, LISTS_SHEET } from '../src/imports/import-template.js';
import { LEDGER_COLUMNS } from '../src/imports/ledger-columns.js';
import { ROLE_LABELS } from '../src/users/roles.js';
import { createUser, type TestUser } from './support/accounts.js';
import { binary, http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * GET /api/imports/template: the ledger import template, for the roles that enter households
 * (admin, staff), its 村 dropdown listing the caller's villages and no others.
 */

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER_LINE = LEDGER_COLUMNS.map((c) => c.header).join(',');

async function workbookOf(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(body).buffer);
  return workbook;
}

/** The names the 村 dropdown offers (the hidden list sheet), none when it is absent. */
function dropdownVillages(workbook: ExcelJS.Workbook): string[] {
  const names: string[] = [];
  workbook.getWorksheet(LISTS_SHEET)?.eachRow((row) => names.push(row.getCell(1).text));
  return names;
}

describe('GET /api/imports/template', () => {
  let t: TestApp;
  let mengfengStaff: TestUser;
  let townshipStaff: TestUser;
  let supervisor: TestUser;
  let inspector: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.freeze('2021-12-25T04:00:00Z');
    await seedQingxu(t.dataSource);
    const villages = (await http(t).get('/api/villages').expect(200)).body as { id: number; name: string }[];
    const mengfeng = villages.find((v) => v.name === '孟封村')!.id;
    mengfengStaff = await createUser(t, { username: 'wang.mengfeng', role: 'staff', scope: [{ level: 'village', id: mengfeng }] });
    townshipStaff = await createUser(t, { username: 'li.township', role: 'staff', scope: [{ level: 'township', id: 2 }] });
    supervisor = await createUser(t, { username: 'zhao.supervisor', role: 'supervisor', scope: [{ level: 'county', id: 1 }] });
    inspector = await createUser(t, { username: 'sun.inspector', role: 'inspector', scope: [{ level: 'county', id: 1 }] });
  });
  afterAll(() => t.dispose());

  const download = (token: string, query = '') => http(t, token).get(`/api/imports/template${query}`).buffer(true).parse(binary);

  it('sends the XLSX by default, saved as 台账导入模板.xlsx', async () => {
    const res = await download(mengfengStaff.token).expect(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('台账导入模板.xlsx')}`);
    expect(res.headers['content-disposition']).toContain('filename=ledger-import-template.xlsx;');
    const workbook = await workbookOf(res.body as Buffer);
    const sheet = workbook.getWorksheet(LEDGER_SHEET)!;
    expect(LEDGER_COLUMNS.map((_, i) => sheet.getCell(1, i + 1).value)).toEqual(LEDGER_COLUMNS.map((c) => c.header));
    expect(sheet.getCell('B2').value).toBe('孟封村');
  });

  it("lists only the villages in the caller's scope in the 村 dropdown", async () => {
    expect(dropdownVillages(await workbookOf((await download(mengfengStaff.token, '?format=xlsx').expect(200)).body as Buffer))).toEqual([
      '孟封村',
    ]);
    const township = await workbookOf((await download(townshipStaff.token).expect(200)).body as Buffer);
    expect(dropdownVillages(township)).toEqual(['孟封村', '小武村', '阎家营村']);
    expect(township.getWorksheet(LEDGER_SHEET)!.getCell('B2').dataValidation).toMatchObject({
      type: 'list',
      formulae: [`'${LISTS_SHEET}'!$A$1:$A$3`],
    });
  });

  it("gives an admin every village, a new county's too", async () => {
    const county = await http(t).post('/api/regions').send({ level: 'county', name: '阳曲县', code: '140122' }).expect(201);
    const township = await http(t).post('/api/regions').send({ level: 'township', name: '黄寨镇', parentId: county.body.id }).expect(201);
    await http(t).post('/api/villages').send({ name: '黄寨村', townshipId: township.body.id }).expect(201);
    expect(dropdownVillages(await workbookOf((await download(t.adminToken).expect(200)).body as Buffer))).toEqual([
      '孟封村',
      '小武村',
      '阎家营村',
      '黄寨村',
    ]);
    // The township clerk of 孟封镇 still sees its own three.
    expect(dropdownVillages(await workbookOf((await download(townshipStaff.token).expect(200)).body as Buffer))).toHaveLength(3);
  });

  it('sends the CSV: UTF-8 with a BOM, the header and the example row', async () => {
    const res = await download(mengfengStaff.token, '?format=csv').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('台账导入模板.csv')}`);
    const body = res.body as Buffer;
    expect(body.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const lines = body.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(HEADER_LINE);
    expect(lines[1]).toMatch(/^孟封镇,孟封村,张三（示例）,/);
    expect(lines).toHaveLength(3);
  });

  it.each(['supervisor', 'inspector'] as const)('refuses the role %s with 403: only admin and staff enter households', async (role) => {
    const user = role === 'supervisor' ? supervisor : inspector;
    const res = await http(t, user.token).get('/api/imports/template').expect(403);
    expect(res.body).toMatchObject({
      code: 'role_forbidden',
      message: `只有系统管理员或工作人员可以这样操作；您的账号是${ROLE_LABELS[role]}`,
    });
  });

  it('refuses an unknown format with 400, naming the field', async () => {
    const res = await http(t, mengfengStaff.token).get('/api/imports/template?format=pdf').expect(400);
    expect(res.body).toMatchObject({ code: 'validation_failed', fields: [{ field: 'format', code: 'not_one_of' }] });
  });

  it('needs a sign-in', async () => {
    const res = await http(t, null).get('/api/imports/template').expect(401);
    expect(res.body).toMatchObject({ code: 'sign_in_required' });
  });
});
