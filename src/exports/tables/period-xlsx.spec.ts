import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { PeriodReport } from '../../reports/period/period-report.types.js';
import { QINGXU_WEEK } from '../../../test/support/exports/qingxu-week.fixture.js';
import { manyUnitsReport } from '../../../test/support/exports/many-units.fixture.js';
import { changedCountLine, periodReportXlsx, signOffSplit, stalledCountLine } from './period-xlsx.js';
import { rowHeightFor, wrappedLines } from './sheet-text-fit.js';

const HEADERS = [
  '村',
  '等级',
  '鉴定户数',
  '完工户数',
  '本期完工',
  '验收户数',
  '本期验收',
  '完工率',
  '验收率',
  '剩余',
  '停滞户数',
  '预计完成',
  '备注',
];
/** Title, subtitle, header; then the six unit rows (4–9) and the three totals (10–12). */
const FIRST_BODY_ROW = 4;
const FIRST_TOTAL_ROW = 10;

async function readWorkbook(report: PeriodReport): Promise<ExcelJS.Workbook> {
  const file = await periodReportXlsx(report);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(file).buffer);
  return workbook;
}

function sheetOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`sheet ${name} missing`);
  return sheet;
}

/** The merged ranges, as 'A1:M1'. */
function merges(sheet: ExcelJS.Worksheet): string[] {
  return (sheet.model as { merges?: string[] }).merges ?? [];
}

function parseRange(range: string): { row: number; from: number; to: number } {
  const [, fromColumn, row, toColumn] = /^([A-Z]+)(\d+):([A-Z]+)\d+$/.exec(range) ?? [];
  const column = (letters: string) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
  return { row: Number(row), from: column(fromColumn), to: column(toColumn) };
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
      // Then a blank row and the three lines of the sign-off.
      expect(sheet.rowCount).toBe(16);
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
      expect(sheet.pageSetup).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '1:3',
      });
    });

    it('fits the columns to their texts: the remarks at their widest, every header and figure on one line', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '进度汇总');
      const widths = sheet.columns.map((column) => column.width ?? 0);
      // 村 等级 鉴定户数 完工户数 本期完工 验收户数 本期验收 完工率 验收率 剩余 停滞户数 预计完成 备注
      expect(widths).toEqual([10, 11, 10, 10, 10, 10, 10, 10, 10, 7, 10, 16, 50]);
      for (let row = 3; row <= 12; row++) {
        for (let column = 1; column <= 12; column++)
          expect([row, column, wrappedLines(sheet.getCell(row, column).text, widths[column - 1])]).toEqual([row, column, 1]);
      }
    });

    it('makes a row with a long remark two lines tall, the others one', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '进度汇总');
      expect([1, 2, 3].map((r) => sheet.getRow(r).height)).toEqual([26.25, 19, 19]);
      // 孟封村 B, C, 小武村 B, C, 阎家营村 B, C, then the totals B, C, B+C: the C rows carry the remark.
      expect([4, 5, 6, 7, 8, 9, 10, 11, 12].map((r) => sheet.getRow(r).height)).toEqual([19, 35, 19, 35, 19, 35, 19, 35, 19]);
    });

    it('widens the unit column for a long name, up to its limit, and the row grows instead', async () => {
      const long = {
        ...QINGXU_WEEK.rows[0],
        unit: { ...QINGXU_WEEK.rows[0].unit, name: '东于镇西马峪村委会第一村民小组（原西马峪村与东马峪村合并）' },
      };
      const sheet = sheetOf(await readWorkbook({ ...QINGXU_WEEK, rows: [long] }), '进度汇总');
      expect(sheet.getColumn(1).width).toBe(24);
      expect(sheet.getRow(4).height).toBe(rowHeightFor(wrappedLines(long.unit.name, 24)));
      expect(sheet.getRow(4).height).toBeGreaterThanOrEqual(51);
    });
  });

  describe('sign-off', () => {
    it('follows the table after a blank row: 填报单位 and 填报人 filled in, 审核人, 联系电话 and 日期 left to write', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '进度汇总');
      expect(sheet.getRow(13).cellCount).toBe(0);
      expect([14, 15, 16].map((r) => [sheet.getCell(r, 1).value, sheet.getCell(r, 10).value])).toEqual([
        ['填报单位：清徐县住房和城乡建设局', '填报人：王办事员'],
        ['审核人：', '联系电话：'],
        ['日期：　　　　年　　月　　日', null],
      ]);
      expect(merges(sheet)).toEqual(expect.arrayContaining(['A14:H14', 'J14:M14', 'A15:H15', 'J15:M15', 'A16:H16']));
    });

    it('draws each item on a line to sign on: a bottom border under the whole item, and room above it', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '进度汇总');
      for (const [row, columns] of [
        [14, [1, 8, 10, 13]],
        [15, [1, 8, 10, 13]],
        [16, [1, 8]],
      ] as const) {
        for (const column of columns) expect(sheet.getCell(row, column).border.bottom).toMatchObject({ style: 'thin' });
        expect(sheet.getRow(row).height).toBeGreaterThanOrEqual(30);
        expect(sheet.getCell(row, 1).alignment).toMatchObject({ vertical: 'bottom', wrapText: true });
      }
      // The gap between the halves has no line.
      expect(sheet.getCell(14, 9).border as ExcelJS.Borders | undefined).toBeUndefined();
    });

    it('leaves the 填报单位 and 填报人 lines blank when the organisation is not configured and nobody in particular generated it', async () => {
      const sheet = sheetOf(await readWorkbook({ ...QINGXU_WEEK, organization: null, preparedBy: null }), '进度汇总');
      expect([sheet.getCell('A14').value, sheet.getCell('J14').value]).toEqual(['填报单位：', '填报人：']);
      expect(sheet.getCell('A14').border.bottom).toMatchObject({ style: 'thin' });
    });

    it('splits the line where the table is halved, with a column between', () => {
      expect(signOffSplit([10, 11, 10, 10, 10, 10, 10, 10, 10, 7, 10, 16, 50])).toBe(10);
      expect(signOffSplit([10, 10, 10, 10])).toBe(3);
    });
  });

  describe('every sheet, for LibreOffice, WPS and Excel', () => {
    const SHEETS = ['进度汇总', '本期变动户', '停滞户'];
    /** A report with long texts everywhere: names, remarks, notes, several lines of them. */
    const LONG =
      '该村C级户因施工队伍不足、建材运输受阻，已协调县住建局另派两支施工队，预计下周恢复施工；Contact: Wang Jianguo (site manager)';
    const longReport: PeriodReport = {
      ...QINGXU_WEEK,
      rows: QINGXU_WEEK.rows.map((r, i) => ({
        ...r,
        unit: { ...r.unit, name: i === 2 ? '东于镇西马峪村委会第一村民小组' : r.unit.name },
        remarks: [...r.remarks, LONG.slice(0, 10 + i * 15)],
      })),
      changedHouseholds: QINGXU_WEEK.changedHouseholds.map((h, i) => ({
        ...h,
        householder: i === 1 ? '欧阳娜娜（户主已故，由其子欧阳建军代办）' : h.householder,
        note: `${LONG}\n第二段`,
      })),
      organization: '清徐县住房和城乡建设局农村危房改造工作领导小组办公室（县乡村振兴局代章）',
    };

    it.each(SHEETS)(
      '%s names the CJK font 等线 (with the GB2312 charset, so Windows can substitute) in every cell it writes',
      async (name) => {
        const sheet = sheetOf(await readWorkbook(longReport), name);
        let cells = 0;
        sheet.eachRow((row) =>
          row.eachCell({ includeEmpty: false }, (cell) => {
            if (cell.isMerged && cell.master.address !== cell.address) return;
            cells++;
            expect([cell.address, cell.font]).toEqual([cell.address, expect.objectContaining({ name: '等线', charset: 134, family: 2 })]);
            expect(cell.font.size).toBe(cell.address === 'A1' && name === '进度汇总' ? 16 : 11);
          }),
        );
        expect(cells).toBeGreaterThan(10);
      },
    );

    it.each(SHEETS)('%s: every row is as tall as its wrapped text needs (read back from the file)', async (name) => {
      for (const report of [QINGXU_WEEK, longReport]) {
        const sheet = sheetOf(await readWorkbook(report), name);
        const ranges = merges(sheet).map(parseRange);
        let wrapping = 0;
        sheet.eachRow((row, rowNumber) => {
          expect([rowNumber, row.height]).toEqual([rowNumber, expect.any(Number)]);
          row.eachCell({ includeEmpty: false }, (cell) => {
            if (typeof cell.value !== 'string' || (cell.isMerged && cell.master.address !== cell.address)) return;
            expect([cell.address, cell.alignment.wrapText]).toEqual([cell.address, true]);
            const range = ranges.find((r) => r.row === rowNumber && r.from === Number(cell.col));
            let width = 0;
            for (let column = Number(cell.col); column <= (range?.to ?? Number(cell.col)); column++)
              width += sheet.getColumn(column).width ?? 0;
            const size = cell.font.size ?? 11;
            const lines = wrappedLines(cell.value, width, size);
            if (lines > 1) wrapping++;
            // The layout's own measure, and a plain one: at least 1.4 × the font size a line.
            const needed = rowHeightFor(lines, size);
            expect([cell.address, row.height >= needed ? 'fits' : `${row.height} pt < ${needed} pt`]).toEqual([cell.address, 'fits']);
            expect(row.height).toBeGreaterThanOrEqual(lines * size * 1.4);
          });
        });
        if (report === longReport && name !== '停滞户') expect(wrapping).toBeGreaterThan(2);
      }
    });

    it('measures the merged title and sign-off lines across their columns', async () => {
      const sheet = sheetOf(await readWorkbook(longReport), '进度汇总');
      const range = merges(sheet)
        .map(parseRange)
        .find((r) => r.row === 14 && r.from === 1);
      let left = 0;
      for (let column = 1; column <= (range?.to ?? 0); column++) left += sheet.getColumn(column).width ?? 0;
      expect(sheet.getRow(14).height).toBe(Math.max(30, rowHeightFor(wrappedLines(sheet.getCell('A14').text, left))));
      expect(wrappedLines(sheet.getCell('A14').text, left)).toBeGreaterThan(1);
    });
  });
  describe('sheet 本期变动户', () => {
    it('says how many moves there are and how many it lists, then lists them with Chinese statuses and Beijing record times under a frozen header', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '本期变动户');
      expect(sheet.getCell('A1').value).toBe('本期状态变动共3条，列出3条');
      expect(sheet.getCell('I1').master.address).toBe('A1');
      expect(rowValues(sheet, 2, 9)).toEqual(['村', '户主', '等级', '原状态', '新状态', '发生日期', '记录人', '记录时间', '备注']);
      expect([3, 4, 5].map((r) => rowValues(sheet, r, 9))).toEqual([
        ['孟封村', '王建国', 'B级', '施工中', '已完工', '2021-12-21', '王办事员', '2021-12-21 17:00', null],
        ['孟封村', '李秀英', 'B级', '已完工', '已验收', '2021-12-22', '李验收', '2021-12-22 17:00', '验收合格'],
        ['阎家营村', '郑清亮', 'C级', '施工中', '已完工', '2021-12-23', '王办事员', '2021-12-24 10:00', '补录, "含引号", 含逗号'],
      ]);
      expect(sheet.rowCount).toBe(5);
      expect(sheet.views).toEqual([expect.objectContaining({ state: 'frozen', ySplit: 2 })]);
    });

    it('writes （首次记录） for a first recorded status', async () => {
      const first = { ...QINGXU_WEEK.changedHouseholds[0], from: null, to: 'pending' as const };
      const sheet = sheetOf(await readWorkbook({ ...QINGXU_WEEK, changedHouseholds: [first], changedHouseholdsTotal: 1 }), '本期变动户');
      expect([sheet.getCell('D3').value, sheet.getCell('E3').value]).toEqual(['（首次记录）', '待修缮']);
    });

    it('says 本期无 when nothing changed', async () => {
      const sheet = sheetOf(await readWorkbook({ ...QINGXU_WEEK, changedHouseholds: [], changedHouseholdsTotal: 0 }), '本期变动户');
      expect(sheet.getCell('A1').value).toBe('本期状态变动共0条，列出0条');
      expect(sheet.getCell('A3').value).toBe('本期无');
      expect(sheet.rowCount).toBe(3);
    });
  });

  describe('sheet 停滞户', () => {
    it('says what it lists, how many there are and how many it lists, then lists 赵某 with the days as a number', async () => {
      const sheet = sheetOf(await readWorkbook(QINGXU_WEEK), '停滞户');
      expect(sheet.getCell('A1').value).toBe('未验收且14天以上无记录变动的户：共1户，列出1户');
      expect(sheet.getCell('F1').master.address).toBe('A1');
      expect(rowValues(sheet, 2, 6)).toEqual(['村', '户主', '等级', '状态', '最后变动日期', '停滞天数']);
      expect(rowValues(sheet, 3, 6)).toEqual(['孟封村', '赵某', 'B级', '施工中', '2021-12-01', 25]);
      expect(typeof sheet.getCell('F3').value).toBe('number');
      expect(sheet.views).toEqual([expect.objectContaining({ state: 'frozen', ySplit: 2 })]);
    });

    it('says how many it leaves out when the list is cut short', async () => {
      const sheet = sheetOf(await readWorkbook({ ...QINGXU_WEEK, stalledHouseholdsTotal: 5000 }), '停滞户');
      expect(sheet.getCell('A1').value).toBe('未验收且14天以上无记录变动的户：共5000户，列出停滞最久的1户');
      const changed = sheetOf(await readWorkbook({ ...QINGXU_WEEK, changedHouseholdsTotal: 4000 }), '本期变动户');
      expect(changed.getCell('A1').value).toBe('本期状态变动共4000条，列出最早的3条');
    });

    it('says 无 when no household is stalled', async () => {
      const sheet = sheetOf(await readWorkbook({ ...QINGXU_WEEK, stalledHouseholds: [], stalledHouseholdsTotal: 0 }), '停滞户');
      expect(sheet.getCell('A1').value).toBe('未验收且14天以上无记录变动的户：共0户，列出0户');
      expect(sheet.getCell('A3').value).toBe('无');
      expect(sheet.rowCount).toBe(3);
    });
  });
});

describe('period-xlsx count lines', () => {
  it.each([
    [3, 3, '本期状态变动共3条，列出3条'],
    [1000, 1000, '本期状态变动共1000条，列出1000条'],
    [1000, 4321, '本期状态变动共4321条，列出最早的1000条'],
    [0, 0, '本期状态变动共0条，列出0条'],
  ])('%p of %p moves listed: %p', (listed, total, line) => {
    const changedHouseholds = Array.from({ length: listed }, () => QINGXU_WEEK.changedHouseholds[0]);
    expect(changedCountLine({ changedHouseholds, changedHouseholdsTotal: total })).toBe(line);
  });

  it.each([
    [1, 1, '未验收且14天以上无记录变动的户：共1户，列出1户'],
    [1000, 25000, '未验收且14天以上无记录变动的户：共25000户，列出停滞最久的1000户'],
  ])('%p of %p stalled households listed: %p', (listed, total, line) => {
    const stalledHouseholds = Array.from({ length: listed }, () => QINGXU_WEEK.stalledHouseholds[0]);
    expect(stalledCountLine({ stalledAfterDays: 14, stalledHouseholds, stalledHouseholdsTotal: total })).toBe(line);
  });
});

describe('periodReportXlsx at province size', () => {
  it('keeps 6,000 rows streaming, each with its height', async () => {
    const sheet = sheetOf(await readWorkbook(manyUnitsReport(3000)), '进度汇总');
    expect(sheet.rowCount).toBe(3 + 6000 + 3 + 1 + 3);
    expect(sheet.getRow(4).height).toBe(19);
    expect(sheet.getRow(5).height).toBe(35);
    expect(sheet.getRow(6003).height).toBe(35);
  }, 30_000);
});
