import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { PeriodReport } from '../../reports/period/period-report.types.js';
import { QINGXU_WEEK } from '../testing/qingxu-week.fixture.js';
import { periodReportXlsx } from './period-xlsx.js';

const HEADERS = ['村', '等级', '鉴定户数', '完工户数', '本期完工', '验收户数', '本期验收', '完工率', '验收率', '剩余', '停滞户数', '预计完成', '备注'];
/** Title, subtitle, header; then the six unit rows (4–9) and the three totals (10–12). */
const FIRST_BODY_ROW = 4;
const FIRST_TOTAL_ROW = 10;

async function readWorkbook(report: PeriodReport): Promise<ExcelJS.Workbook> {
  const file = await periodReportXlsx(report);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(file).buffer as ArrayBuffer);
  return workbook;
}

function sheetOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`sheet ${name} missing`);
  return sheet;
}

function rowValues(sheet: ExcelJS.Worksheet, rowNumber: number, columns: number): unknown[] {
  const values: unknown[] = [];
  for (let column = 1; column <= columns; column++) values.push(sheet.getCell(rowNumber, column).value);
  return values;
}

describe('periodReportXlsx with the Qingxu week', () => {
  it('has the three sheets in order, and the creator and generation time', async () => {
    const workbook = await readWorkbook(QINGXU_WEEK);
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['进度汇总', '本期变动户', '停滞户']);
    expect(workbook.creator).toBe('因灾受损房屋修缮进度台账');
    expect(workbook.created.toISOString()).toBe('2021-12-27T01:30:00.000Z');
  });

  describe('sheet 进度汇总', () => {
    it('has the title merged, bold and larger across the table, and the scope line under it', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '进度汇总');
      const title = sheet.getCell('A1');
      expect(title.text).toContain('清徐县因灾受损房屋修缮进度周报');
      expect(title.text).toContain('2021年第51周');
      expect(title.font).toMatchObject({ bold: true, size: 16 });
      expect(sheet.getCell('M1').master.address).toBe('A1');
      expect(sheet.getCell('A2').value).toBe('统计范围：清徐县　生成时间：2021-12-27 09:30（北京时间）');
      expect(sheet.getCell('M2').master.address).toBe('A2');
    });

    it('has the Chinese headers in row 3, bold, filled and boxed', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '进度汇总');
      expect(rowValues(sheet, 3, 14)).toEqual([...HEADERS, null]);
      for (let column = 1; column <= HEADERS.length; column++) {
        const cell = sheet.getCell(3, column);
        expect(cell.font).toMatchObject({ bold: true });
        expect(cell.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
        expect(cell.border).toMatchObject({ top: { style: 'thin' }, bottom: { style: 'thin' } });
      }
    });

    it('heads the unit column 镇 when grouped by township', async () => {
      const sheet = sheetOf(await readWorkbook({ ...QINGXU_WEEK, groupBy: 'township' }), '进度汇总');
      expect(sheet.getCell('A3').value).toBe('镇');
    });

    it('stores 孟封村 B as numbers, its rates rounded down with a percentage format', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '进度汇总');
      expect(rowValues(sheet, FIRST_BODY_ROW, 13)).toEqual(['孟封村', 'B级', 174, 158, 2, 148, 1, 0.908, 0.85, 16, 1, '—', null]);
      for (const address of ['C4', 'D4', 'F4']) expect(typeof sheet.getCell(address).value).toBe('number');
      expect(sheet.getCell('H4').numFmt).toContain('%');
      expect(sheet.getCell('I4').numFmt).toContain('%');
    });

    it('prints every unit row in the report order, with the projected finish and the remarks', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '进度汇总');
      const rows = [4, 5, 6, 7, 8, 9].map((r) => rowValues(sheet, r, 13));
      expect(rows.map((cells) => cells.slice(0, 4))).toEqual([
        ['孟封村', 'B级', 174, 158],
        ['孟封村', 'C级', 65, 45],
        ['小武村', 'B级', 124, 104],
        ['小武村', 'C级', 101, 74],
        ['阎家营村', 'B级', 99, 96],
        ['阎家营村', 'C级', 56, 42],
      ]);
      expect(rows[4][11]).toBe('2022-01-09');
      expect(rows[1][12]).toBe(QINGXU_WEEK.rows[1].remarks[0]);
    });

    it('ends with the bold total rows, the first under a heavier line', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '进度汇总');
      const totals = [0, 1, 2].map((i) => rowValues(sheet, FIRST_TOTAL_ROW + i, 13));
      expect(totals.map((cells) => [cells[0], cells[1], cells[2], cells[3], cells[5]])).toEqual([
        ['合计', 'B级', 397, 358, 325],
        ['合计', 'C级', 222, 161, 0],
        ['合计', 'B+C合计', 619, 519, 325],
      ]);
      // 519/619 = 0.83845… and 325/619 = 0.52504…
      expect([totals[2][7], totals[2][8]]).toEqual([0.838, 0.525]);
      for (let column = 1; column <= 13; column++) {
        expect(sheet.getCell(FIRST_TOTAL_ROW, column).font).toMatchObject({ bold: true });
        expect(sheet.getCell(FIRST_TOTAL_ROW, column).border.top).toMatchObject({ style: 'medium' });
      }
      expect(sheet.rowCount).toBe(12);
    });

    it('leaves a rate empty when nothing is appraised', async () => {
      const empty = { ...QINGXU_WEEK.rows[0], appraised: 0, completed: 0, accepted: 0, completionRate: null, acceptanceRate: null };
      const sheet = sheetOf(await readWorkbook({ ...QINGXU_WEEK, rows: [empty] }), '进度汇总');
      expect(sheet.getCell('H4').type).toBe(ExcelJS.ValueType.Null);
      expect(sheet.getCell('I4').type).toBe(ExcelJS.ValueType.Null);
    });

    it('keeps a remark that looks like a formula as plain text', async () => {
      const report = { ...QINGXU_WEEK, rows: [{ ...QINGXU_WEEK.rows[0], remarks: ['=1+1'] }] };
      const cell = sheetOf(await readWorkbook(report), '进度汇总').getCell('M4');
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe('=1+1');
    });

    it('is frozen below the header and after the first column, with a filter over the units', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '进度汇总');
      expect(sheet.views).toEqual([expect.objectContaining({ state: 'frozen', xSplit: 1, ySplit: 3 })]);
      expect(sheet.autoFilter).toBe('A3:M9');
    });

    it('prints on A4 landscape, one page wide, repeating rows 1 to 3', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '进度汇总');
      expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:3' });
    });

    it('gives the columns room for Chinese headers and remarks', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '进度汇总');
      const widths = sheet.columns.map((column) => column.width ?? 0);
      expect(widths).toHaveLength(13);
      for (const width of widths) expect(width).toBeGreaterThanOrEqual(8);
      expect(widths[12]).toBeGreaterThanOrEqual(40);
    });
  });

  describe('sheet 本期变动户', () => {
    it('lists the changed households with Chinese statuses and Beijing record times under a frozen header', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '本期变动户');
      expect(rowValues(sheet, 1, 9)).toEqual(['村', '户主', '等级', '原状态', '新状态', '发生日期', '记录人', '记录时间', '备注']);
      expect([2, 3, 4].map((r) => rowValues(sheet, r, 9))).toEqual([
        ['孟封村', '王建国', 'B级', '施工中', '已完工', '2021-12-21', '王办事员', '2021-12-21 17:00', null],
        ['孟封村', '李秀英', 'B级', '已完工', '已验收', '2021-12-22', '李验收', '2021-12-22 17:00', '验收合格'],
        ['阎家营村', '郑清亮', 'C级', '施工中', '已完工', '2021-12-23', '王办事员', '2021-12-24 10:00', '补录, "含引号", 含逗号'],
      ]);
      expect(sheet.rowCount).toBe(4);
      expect(sheet.views).toEqual([expect.objectContaining({ state: 'frozen', ySplit: 1 })]);
    });

    it('writes （首次记录） for a first recorded status', async () => {
      const first = { ...QINGXU_WEEK.changedHouseholds[0], from: null, to: 'pending' as const };
      const sheet = sheetOf(await readWorkbook({ ...QINGXU_WEEK, changedHouseholds: [first], changedHouseholdsTotal: 1 }), '本期变动户');
      expect([sheet.getCell('D2').value, sheet.getCell('E2').value]).toEqual(['（首次记录）', '待修缮']);
    });

    it('says 本期无 when nothing changed', async () => {
      const sheet = sheetOf(await readWorkbook({ ...QINGXU_WEEK, changedHouseholds: [], changedHouseholdsTotal: 0 }), '本期变动户');
      expect(sheet.getCell('A2').value).toBe('本期无');
      expect(sheet.rowCount).toBe(2);
    });
  });

  describe('sheet 停滞户', () => {
    it('explains the list, then lists 赵某 with the days as a number', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '停滞户');
      expect(sheet.getCell('A1').value).toBe('未验收且14天以上无记录变动的户，共1户');
      expect(rowValues(sheet, 2, 6)).toEqual(['村', '户主', '等级', '状态', '最后变动日期', '停滞天数']);
      expect(rowValues(sheet, 3, 6)).toEqual(['孟封村', '赵某', 'B级', '施工中', '2021-12-01', 25]);
      expect(typeof sheet.getCell('F3').value).toBe('number');
      expect(sheet.views).toEqual([expect.objectContaining({ state: 'frozen', ySplit: 2 })]);
    });

    it('says how many it leaves out when the list is cut short', async () => {
      const sheet = sheetOf(await readWorkbook({ ...QINGXU_WEEK, stalledHouseholdsTotal: 5000 }), '停滞户');
      expect(sheet.getCell('A1').value).toBe('未验收且14天以上无记录变动的户，共5000户，此处列出停滞最久的1户');
      const changed = sheetOf(await readWorkbook({ ...QINGXU_WEEK, changedHouseholdsTotal: 4000 }), '本期变动户');
      expect(changed.getCell('A1').value).toBe('本期共4000条状态变动，此处列出最早的3条');
    });

    it('says 无 when no household is stalled', async () => {
      const sheet = sheetOf(await readWorkbook({ ...QINGXU_WEEK, stalledHouseholds: [], stalledHouseholdsTotal: 0 }), '停滞户');
      expect(sheet.getCell('A3').value).toBe('无');
      expect(sheet.rowCount).toBe(3);
    });
  });
});
