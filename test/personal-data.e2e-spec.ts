import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import { createUser, type TestUser } from './support/accounts.js';
import { binary, http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { extractText, getDocumentProxy } from 'unpdf';

async function pdfText(buffer: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(buffer)), { mergePages: true });
  return text;
}

/** Appends the GB 11643 check character to 17 digits. */
function withCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + Number(first17[i]) * w, 0);
  return first17 + '10X98765432'[sum % 11];
}

const ID_CARD = withCheckDigit('14012119650412301');
const PHONE = '13935112468';
const MASKED_ID = `140121********${ID_CARD.slice(-4)}`;
const MASKED_PHONE = '139****2468';

describe('personal data stays masked', () => {
  let t: TestApp;
  let dir: string;
  let logFile: string;
  let staff: TestUser;
  let supervisor: TestUser;
  let inspector: TestUser;
  let yanjiaying: number;
  let householdId: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tracker-pii-'));
    logFile = join(dir, 'app.log');
    t = await startTestApp({ logFile });
    await seedQingxu(t.dataSource);
    const villages = (await http(t).get('/api/villages').expect(200)).body as { id: number; name: string }[];
    yanjiaying = villages.find((v) => v.name === '阎家营村')!.id;
    const scope = [{ level: 'township', id: 2 }];
    staff = await createUser(t, { username: 'staff.yjy', role: 'staff', scope: [{ level: 'village', id: yanjiaying }] });
    supervisor = await createUser(t, { username: 'supervisor.mf', role: 'supervisor', scope });
    inspector = await createUser(t, { username: 'inspector.mf', role: 'inspector', scope });
  });
  afterAll(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks ID-card numbers per GB 11643 and refuses a wrong one with a 400 naming the field', async () => {
    const wrongCheck = ID_CARD.slice(0, 17) + (ID_CARD[17] === '0' ? '1' : '0');
    for (const idCardNumber of [wrongCheck, '14012119650412301', '1401211965041230XX', '140121196513123012']) {
      for (const language of ['zh-CN', 'en']) {
        const res = await http(t, staff.token)
          .post('/api/households')
          .set('Accept-Language', language)
          .send({ villageId: yanjiaying, householder: '甲', grade: 'B', idCardNumber })
          .expect(400);
        expect(res.body.fields).toEqual([{ field: 'idCardNumber', code: expect.stringMatching(/^id_card_/), message: expect.any(String) }]);
        expect(res.body.message).toMatch(language === 'en' ? /^idCardNumber / : /^身份证号/);
        expect(JSON.stringify(res.body)).not.toContain(idCardNumber);
      }
    }
    const phone = await http(t, staff.token)
      .post('/api/households')
      .set('Accept-Language', 'en')
      .send({ villageId: yanjiaying, householder: '甲', grade: 'B', phone: '12345' })
      .expect(400);
    expect(phone.body.fields).toEqual([{ field: 'phone', code: 'phone_mobile', message: expect.stringMatching(/^phone /) }]);
  });

  it('shows staff and admins the numbers, and supervisors and inspectors only masked ones', async () => {
    const created = await http(t, staff.token)
      .post('/api/households')
      .send({ villageId: yanjiaying, householder: '郑清华', grade: 'C', idCardNumber: ID_CARD.toLowerCase(), phone: '139-3511-2468' })
      .expect(201);
    householdId = created.body.id;
    expect(created.body).toMatchObject({ idCardNumber: ID_CARD, phone: PHONE });
    for (const [who, token, id, phone] of [
      ['admin', t.adminToken, ID_CARD, PHONE],
      ['staff', staff.token, ID_CARD, PHONE],
      ['supervisor', supervisor.token, MASKED_ID, MASKED_PHONE],
      ['inspector', inspector.token, MASKED_ID, MASKED_PHONE],
    ]) {
      const one = await http(t, token).get(`/api/households/${householdId}`).expect(200);
      expect([who, one.body.idCardNumber, one.body.phone]).toEqual([who, id, phone]);
      const list = await http(t, token).get(`/api/households?villageId=${yanjiaying}&pageSize=500`).expect(200);
      const item = list.body.items.find((h: { id: number }) => h.id === householdId);
      expect([who, item.idCardNumber, item.phone]).toEqual([who, id, phone]);
    }
  });

  it('never answers a supervisor with an unmasked number, on any route it may read', async () => {
    const urls = [
      `/api/households/${householdId}`,
      `/api/households?pageSize=500`,
      `/api/households/${householdId}/history`,
      `/api/households/${householdId}/edits`,
      `/api/villages/${yanjiaying}/public-notice?format=csv`,
    ];
    for (const url of urls) {
      const res = await http(t, supervisor.token).get(url).expect(200);
      expect(res.text).not.toContain(ID_CARD);
      expect(res.text).not.toContain(PHONE);
    }
  });

  it('keeps personal data masked in the edit log, even for an admin', async () => {
    await http(t, staff.token).patch(`/api/households/${householdId}`).send({ version: 1, phone: '0351-5551234' }).expect(200);
    const edits = await http(t).get(`/api/households/${householdId}/edits`).expect(200);
    expect(edits.body).toEqual([expect.objectContaining({ field: 'phone', oldValue: MASKED_PHONE, newValue: '0351****234' })]);
    const stored = await t.dataSource.query(`SELECT old_value, new_value FROM household_edits WHERE household_id = ${householdId}`);
    expect(JSON.stringify(stored)).not.toContain(PHONE);
  });

  it('publishes the public notice as CSV: masked names, grade, agency and date; no numbers; placeholders left out', async () => {
    const res = await http(t, supervisor.token)
      .get(`/api/villages/${yanjiaying}/public-notice?format=csv`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('清徐县孟封镇阎家营村')}`);
    const body: Buffer = res.body;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8');
    expect(text).toContain('清徐县孟封镇阎家营村因灾受损房屋鉴定结果公示');
    expect(text).toContain('郑*亮');
    expect(text).toContain('郑*华');
    expect(text).not.toMatch(/郑清亮|郑清华|占位-/);
    expect(text).toContain('另有154户为占位记录');
    expect(text).not.toContain(ID_CARD);
    expect(text).not.toContain('0351');
  });

  it('publishes the public notice as XLSX with the same rows', async () => {
    const res = await http(t, inspector.token)
      .get(`/api/villages/${yanjiaying}/public-notice?format=xlsx`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    const sheet = workbook.worksheets[0];
    const cells: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text)));
    expect(cells).toEqual(expect.arrayContaining(['郑*亮', '郑*华', 'C']));
    expect(cells.join('|')).not.toMatch(new RegExp(`${ID_CARD}|郑清亮|占位-`));
  });

  it('refuses an unknown format with 400 and a village outside the scope with 404', async () => {
    await http(t, supervisor.token).get(`/api/villages/${yanjiaying}/public-notice?format=pdf`).expect(400);
    const other = await createUser(t, { username: 'staff.other', role: 'staff', scope: [{ level: 'village', id: yanjiaying - 1 }] });
    await http(t, other.token).get(`/api/villages/${yanjiaying}/public-notice`).expect(404);
    await http(t, other.token).get(`/api/households/${householdId}`).expect(404);
  });

  it('prints the household record with the numbers masked by default, for every role', async () => {
    for (const [who, token] of [
      ['admin', t.adminToken],
      ['staff', staff.token],
      ['supervisor', supervisor.token],
      ['inspector', inspector.token],
    ]) {
      const res = await http(t, token).get(`/api/households/${householdId}/record?format=pdf`).buffer(true).parse(binary).expect(200);
      const text = await pdfText(res.body);
      expect([who, text.includes(MASKED_ID), text.includes('0351****234')]).toEqual([who, true, true]);
      expect([who, text.includes(ID_CARD), text.includes('03515551234')]).toEqual([who, false, false]);
    }
  });

  it('prints full numbers only when admin or staff ask for them, and logs who did, without the numbers', async () => {
    for (const token of [t.adminToken, staff.token]) {
      const res = await http(t, token)
        .get(`/api/households/${householdId}/record?format=pdf&personalData=full`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const text = await pdfText(res.body);
      expect([text.includes(ID_CARD), text.includes('03515551234')]).toEqual([true, true]);
    }
    for (const token of [supervisor.token, inspector.token]) {
      const refused = await http(t, token).get(`/api/households/${householdId}/record?personalData=full`).expect(403);
      expect(refused.body.code).toBe('personal_data_not_allowed');
      expect(refused.body.message).toMatch(/^要打印完整的身份证号和联系电话：.*不能查看完整号码，只有系统管理员和工作人员可以打印/);
    }
    await http(t).get(`/api/households/${householdId}/record?personalData=everything`).expect(400);
    const lines = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('household record exported with full personal data'))
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.householdId, l.username])).toEqual([
      [householdId, 'admin'],
      [householdId, staff.username],
    ]);
    expect(lines.every((l) => typeof l.time === 'number')).toBe(true);
  });

  it('logs a search for a phone or ID-card number without its digits', async () => {
    for (const q of [PHONE, '139 3511 2468', ID_CARD]) {
      await http(t, staff.token)
        .get(`/api/households?q=${encodeURIComponent(q)}`)
        .expect(200);
    }
    const searches = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"url":"/api/households?q='))
      .map((line) => JSON.parse(line).req.url);
    expect(searches).toEqual([
      '/api/households?q=***********',
      '/api/households?q=*** **** ****',
      `/api/households?q=${ID_CARD.replace(/\d/g, '*')}`,
    ]);
  });

  it('never writes a full ID-card or phone number, or a password, into the logs', async () => {
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('public notice exported');
    expect(log).toContain('household created');
    for (const secret of [
      ID_CARD,
      ID_CARD.toLowerCase(),
      PHONE,
      '139-3511-2468',
      '0351-5551234',
      '03515551234',
      '清徐县修缮进度-口令-2021',
      'test-admin-清徐-2021',
    ]) {
      expect([secret, log.includes(secret)]).toEqual([secret, false]);
    }
    expect(log).not.toMatch(/Bearer [\w-]+\./);
  });
});
