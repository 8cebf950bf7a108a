import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import { rowHeightFor, wrappedLines } from '../src/exports/tables/sheet-text-fit.js';
import { createUser, type TestUser } from './support/accounts.js';
import { binary, http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The files county offices open in LibreOffice, WPS and Excel, downloaded from the seed: the
 * sign-off (填报单位 from REPORT_ORGANIZATION, 填报人 the user who asked), the count lines, and
 * rows as tall as their wrapped text. The files are also written to test/.artifacts/spreadsheets/
 * (not committed), to be converted with `libreoffice --headless --convert-to pdf` and looked at.
 */

const ORGANIZATION = '清徐县住房和城乡建设局';
const ARTIFACTS = join(process.cwd(), 'test', '.artifacts', 'spreadsheets');

async function workbookOf(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(body).buffer);
  return workbook;
}

/** Every text cell's wrapped lines fit the row's height; merged cells measured across their range. */
function expectRowsFitTheirText(sheet: ExcelJS.Worksheet): void {
  const merges = ((sheet.model as { merges?: string[] }).merges ?? []).map((range) => {
    const [from, to] = range.split(':').map((address) => sheet.getCell(address));
    return { row: Number(from.row), from: Number(from.col), to: Number(to.col) };
  });
  let checked = 0;
  sheet.eachRow((row, rowNumber) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (typeof cell.value !== 'string' || (cell.isMerged && cell.master.address !== cell.address)) return;
      const range = merges.find((m) => m.row === rowNumber && m.from === Number(cell.col));
      let width = 0;
      for (let column = Number(cell.col); column <= (range?.to ?? Number(cell.col)); column++) width += sheet.getColumn(column).width ?? 0;
      const size = cell.font.size;
      const needed = rowHeightFor(wrappedLines(cell.value, width, size), size);
      expect([sheet.name, cell.address, row.height >= needed]).toEqual([sheet.name, cell.address, true]);
      checked++;
    });
  });
  expect(checked).toBeGreaterThan(0);
}

describe('spreadsheets and the sign-off for the Qingxu seed', () => {
  let t: TestApp;
  let staff: TestUser;

  beforeAll(async () => {
    process.env.REPORT_ORGANIZATION = ORGANIZATION;
    t = await startTestApp();
    t.clock.freeze('2021-12-27T01:30:00Z');
    await seedQingxu(t.dataSource);
    staff = await createUser(t, { username: 'wang.clerk', displayName: '王办事员', role: 'staff', scope: [{ level: 'county', id: 1 }] });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    delete process.env.REPORT_ORGANIZATION;
    await t.dispose();
  });

  const download = async (path: string, token: string, artifact: string): Promise<Buffer> => {
    const res = await http(t, token).get(path).buffer(true).parse(binary).expect(200);
    writeFileSync(join(ARTIFACTS, artifact), res.body as Buffer);
    return res.body as Buffer;
  };

  it('the report says who it is from and who prepared it: the configured organisation and the user who asked', async () => {
    const res = await http(t, staff.token).get('/api/reports/period?period=week&date=2021-12-23').expect(200);
    expect([res.body.organization, res.body.preparedBy]).toEqual([ORGANIZATION, '王办事员']);
    const admin = await http(t).get('/api/reports/period?period=week&date=2021-12-23').expect(200);
    expect(admin.body.preparedBy).toBe('系统管理员');
  });

  it('weekly XLSX: the sign-off under the table, count lines on the lists, the CJK font, rows that fit their text', async () => {
    const workbook = await workbookOf(
      await download('/api/reports/period?period=week&date=2021-12-23&format=xlsx', staff.token, 'weekly.xlsx'),
    );
    const [summary, changed, stalled] = workbook.worksheets;
    const texts: string[] = [];
    summary.eachRow((row) => row.eachCell((cell) => texts.push(cell.text)));
    expect(texts).toEqual(
      expect.arrayContaining([`填报单位：${ORGANIZATION}`, '填报人：王办事员', '审核人：', '联系电话：', '日期：　　　　年　　月　　日']),
    );
    expect(changed.getCell('A1').value).toMatch(/^本期状态变动共\d+条，列出\d+条$/);
    expect(stalled.getCell('A1').value).toMatch(/^未验收且14天以上无记录变动的户：共\d+户，列出\d+户$/);
    for (const sheet of workbook.worksheets) {
      expect(sheet.getCell('A1').font).toMatchObject({ name: '等线' });
      expectRowsFitTheirText(sheet);
    }
    // The seed's C rows carry the long remark: two lines, not one.
    const remarkRow = summary.getRow(5);
    expect(remarkRow.getCell(13).text).toContain('来源报道未给出C级验收户数');
    expect(remarkRow.height).toBeGreaterThanOrEqual(rowHeightFor(2));
  });

  it('weekly PDF: the same sign-off', async () => {
    const pdf = await getDocumentProxy(
      new Uint8Array(await download('/api/reports/period?period=week&date=2021-12-23&format=pdf', staff.token, 'weekly.pdf')),
    );
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text.replace(/\s+/g, '')).toContain(`填报单位：${ORGANIZATION}填报人：王办事员审核人：联系电话：日期：年月日`);
  });

  it('公示 XLSX: the count line (placeholders counted, not listed) and rows that fit their text', async () => {
    const villages = (await http(t).get('/api/villages').expect(200)).body as { id: number; name: string }[];
    const yanjiaying = villages.find((v) => v.name === '阎家营村')!.id;
    const workbook = await workbookOf(
      await download(`/api/villages/${yanjiaying}/public-notice?format=xlsx`, t.adminToken, 'public-notice.xlsx'),
    );
    const sheet = workbook.worksheets[0];
    const [, total, listed] = /^共(\d+)户，列出(\d+)户$/.exec(sheet.getCell('A2').text) ?? [];
    let rows = 0;
    sheet.eachRow((row, n) => {
      if (n > 3 && typeof row.getCell(1).value === 'number') rows++;
    });
    expect(Number(listed)).toBe(rows);
    expect(Number(total) - Number(listed)).toBe(154);
    expectRowsFitTheirText(sheet);
  });
});
