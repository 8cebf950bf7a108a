import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import {
  buildPublicNoticeCsv,
  buildPublicNoticeXlsx,
  type PublicNotice,
  publicNoticeFileName,
  publicNoticeTitle,
} from './public-notice.js';
import { rowHeightFor, wrappedLines } from '../exports/tables/sheet-text-fit.js';

const TITLE = '清徐县孟封镇阎家营村因灾受损房屋鉴定结果公示';

/** A frozen clock: 04:05 UTC is 12:05 in Beijing. */
const GENERATED_AT = new Date('2021-12-23T04:05:00Z');

function notice(overrides: Partial<PublicNotice> = {}): PublicNotice {
  return {
    county: '清徐县',
    township: '孟封镇',
    village: '阎家营村',
    generatedAt: GENERATED_AT,
    rows: [
      { maskedName: '郑*亮', grade: 'C', appraisalAgency: '山西省建筑科学研究院', appraisalDate: '2021-11-05' },
      { maskedName: '王*', grade: 'B', appraisalAgency: '太原市房屋安全鉴定站, 清徐分站', appraisalDate: '2021-11-06' },
      { maskedName: '李*华', grade: 'A', appraisalAgency: '他们说"已鉴定"', appraisalDate: null },
      { maskedName: '=HYPERLINK("http://example.com")', grade: 'D', appraisalAgency: null, appraisalDate: null },
      { maskedName: '@SUM(A1)', grade: 'B', appraisalAgency: '+1', appraisalDate: '2021-11-07' },
      { maskedName: '-2', grade: 'C', appraisalAgency: '鉴定站\r\n第二行', appraisalDate: '2021-11-08' },
    ],
    omittedPlaceholders: 154,
    ...overrides,
  };
}

function csvText(n: PublicNotice): string {
  const buffer = buildPublicNoticeCsv(n);
  expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return buffer.subarray(3).toString('utf8');
}

describe('title and file name', () => {
  it('names the county, township and village', () => {
    expect(publicNoticeTitle(notice())).toBe(TITLE);
  });

  it.each(['csv', 'xlsx'] as const)('the %s file is the title with its extension', (ext) => {
    expect(publicNoticeFileName(notice(), ext)).toBe(`${TITLE}.${ext}`);
  });
});

describe('buildPublicNoticeCsv', () => {
  it('matches the golden file', () => {
    expect(csvText(notice())).toBe(
      [
        TITLE,
        '共160户，列出6户',
        '序号,户主,鉴定等级,等级说明,鉴定机构,鉴定日期',
        '1,郑*亮,C,局部危险（修缮加固）,山西省建筑科学研究院,2021-11-05',
        '2,王*,B,局部不安全（修缮）,"太原市房屋安全鉴定站, 清徐分站",2021-11-06',
        '3,李*华,A,安全,"他们说""已鉴定""",',
        `4,"'=HYPERLINK(""http://example.com"")",D,整体危险（拆除重建）,,`,
        "5,'@SUM(A1),B,局部不安全（修缮）,'+1,2021-11-07",
        `6,'-2,C,局部危险（修缮加固）,"鉴定站\r\n第二行",2021-11-08`,
        '公示期内如有异议，请向村委会或乡镇政府反映。',
        '另有154户为占位记录（来源未列户主），未列入本公示。',
        '生成时间：2021-12-23 12:05（北京时间）',
        '',
      ].join('\r\n'),
    );
  });

  it('starts with the byte order mark so spreadsheets read it as UTF-8', () => {
    expect(buildPublicNoticeCsv(notice()).subarray(0, 3).toString('hex')).toBe('efbbbf');
  });

  it('ends every line with CRLF and has no bare LF', () => {
    const text = csvText(notice({ rows: [] }));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it.each([
    [0, null],
    [1, '另有1户为占位记录（来源未列户主），未列入本公示。\r\n'],
    [154, '另有154户为占位记录（来源未列户主），未列入本公示。\r\n'],
  ])('with %p omitted placeholders prints %p', (omittedPlaceholders, line) => {
    const text = csvText(notice({ omittedPlaceholders }));
    if (line === null) expect(text).not.toContain('占位记录');
    else expect(text).toContain(line);
  });

  it.each([
    ['2021-12-23T04:05:00Z', '2021-12-23 12:05'],
    ['2021-12-23T16:00:00Z', '2021-12-24 00:00'],
    ['2021-12-22T23:59:00Z', '2021-12-23 07:59'],
  ])('prints the generation time %s in Beijing time as %s', (instant, expected) => {
    expect(csvText(notice({ generatedAt: new Date(instant) }))).toContain(`生成时间：${expected}（北京时间）\r\n`);
  });

  it('prints only title, header and notes when no household is listed', () => {
    const lines = csvText(notice({ rows: [], omittedPlaceholders: 0 })).split('\r\n');
    expect(lines).toEqual([
      TITLE,
      '共0户，列出0户',
      '序号,户主,鉴定等级,等级说明,鉴定机构,鉴定日期',
      '公示期内如有异议，请向村委会或乡镇政府反映。',
      '生成时间：2021-12-23 12:05（北京时间）',
      '',
    ]);
  });
});

async function readXlsx(n: PublicNotice): Promise<ExcelJS.Worksheet> {
  const file = await buildPublicNoticeXlsx(n);
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer, which a Node Buffer no longer satisfies in @types/node 20.
  await workbook.xlsx.load(new Uint8Array(file).buffer);
  expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['公示']);
  const sheet = workbook.getWorksheet('公示');
  if (!sheet) throw new Error('sheet 公示 missing');
  return sheet;
}

function rowValues(sheet: ExcelJS.Worksheet, rowNumber: number): unknown[] {
  const values: unknown[] = [];
  for (let column = 1; column <= 6; column++) values.push(sheet.getCell(rowNumber, column).value);
  return values;
}

describe('buildPublicNoticeXlsx', () => {
  it('puts the title in a merged, bold, larger first row', async () => {
    const sheet = await readXlsx(notice());
    const title = sheet.getCell('A1');
    expect(title.value).toBe(TITLE);
    expect(title.font).toMatchObject({ bold: true, size: 16 });
    expect(sheet.getCell('F1').isMerged).toBe(true);
    expect(sheet.getCell('F1').master.address).toBe('A1');
  });

  it('says how many households the village has and how many it lists, under the title', async () => {
    const sheet = await readXlsx(notice());
    expect(sheet.getCell('A2').value).toBe('共160户，列出6户');
    expect(sheet.getCell('F2').master.address).toBe('A2');
  });

  it('has a bold header row with a bottom border, frozen below it', async () => {
    const sheet = await readXlsx(notice());
    expect(rowValues(sheet, 3)).toEqual(['序号', '户主', '鉴定等级', '等级说明', '鉴定机构', '鉴定日期']);
    for (let column = 1; column <= 6; column++) {
      const cell = sheet.getCell(3, column);
      expect(cell.font).toMatchObject({ bold: true });
      expect(cell.border.bottom).toMatchObject({ style: 'thin' });
    }
    expect(sheet.views).toEqual([expect.objectContaining({ state: 'frozen', ySplit: 3 })]);
  });

  it.each([
    [4, [1, '郑*亮', 'C', '局部危险（修缮加固）', '山西省建筑科学研究院', '2021-11-05']],
    [5, [2, '王*', 'B', '局部不安全（修缮）', '太原市房屋安全鉴定站, 清徐分站', '2021-11-06']],
    [6, [3, '李*华', 'A', '安全', '他们说"已鉴定"', null]],
    [7, [4, '=HYPERLINK("http://example.com")', 'D', '整体危险（拆除重建）', null, null]],
  ])('row %p holds %p', async (rowNumber, expected) => {
    const sheet = await readXlsx(notice());
    expect(rowValues(sheet, rowNumber)).toEqual(expected);
  });

  it('stores 序号 as a number, dates as text and formula-looking names as plain text', async () => {
    const sheet = await readXlsx(notice());
    expect(sheet.getCell('A4').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('F4').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('F4').numFmt).toBe('@');
    expect(sheet.getCell('B7').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('E7').type).toBe(ExcelJS.ValueType.Null);
  });

  it('prints the notes after one blank row under the table', async () => {
    const sheet = await readXlsx(notice());
    // Six households in rows 4–9, row 10 blank, notes from row 11.
    expect(sheet.getCell('A10').value).toBeNull();
    expect([11, 12, 13].map((row) => sheet.getCell(row, 1).value)).toEqual([
      '公示期内如有异议，请向村委会或乡镇政府反映。',
      '另有154户为占位记录（来源未列户主），未列入本公示。',
      '生成时间：2021-12-23 12:05（北京时间）',
    ]);
    expect(sheet.rowCount).toBe(13);
  });

  it('leaves the placeholder note out when none were omitted', async () => {
    const sheet = await readXlsx(notice({ rows: notice().rows.slice(0, 1), omittedPlaceholders: 0 }));
    expect([6, 7].map((row) => sheet.getCell(row, 1).value)).toEqual([
      '公示期内如有异议，请向村委会或乡镇政府反映。',
      '生成时间：2021-12-23 12:05（北京时间）',
    ]);
    expect(sheet.rowCount).toBe(7);
  });

  it('prints on A4 portrait, one page wide, repeating the title and header', async () => {
    const sheet = await readXlsx(notice());
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, printTitlesRow: '1:3' });
  });

  it('fits the columns to their texts, within limits', async () => {
    const sheet = await readXlsx(notice());
    // 序号 户主 鉴定等级 等级说明 鉴定机构 鉴定日期: the formula-looking name wraps at 户主's limit, 16.
    expect(sheet.columns.map((column) => column.width)).toEqual([6, 16, 10, 23, 34, 16]);
    for (const row of [4, 5, 6, 7, 8, 9]) {
      for (const column of [3, 4, 5, 6])
        expect([row, column, wrappedLines(sheet.getCell(row, column).text.split(/\r?\n/)[0], sheet.getColumn(column).width ?? 0)]).toEqual([
          row,
          column,
          1,
        ]);
    }
    expect(wrappedLines(sheet.getCell('B7').text, 16)).toBe(3);
  });

  it('names the CJK font 等线 in every cell it writes, the title larger', async () => {
    const sheet = await readXlsx(notice());
    sheet.eachRow((row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.isMerged && cell.master.address !== cell.address) return;
        expect([cell.address, cell.font]).toEqual([
          cell.address,
          expect.objectContaining({ name: '等线', charset: 134, size: cell.address === 'A1' ? 16 : 11 }),
        ]);
      }),
    );
  });

  it('makes every row as tall as its wrapped text needs (read back from the file)', async () => {
    const agency = '太原市房屋安全鉴定站清徐分站（受清徐县住房和城乡建设局委托，负责孟封镇、东于镇、徐沟镇的鉴定工作）';
    const long = notice({
      rows: [...notice().rows, { maskedName: '欧阳*华', grade: 'C', appraisalAgency: agency, appraisalDate: '2021-11-09' }],
    });
    const sheet = await readXlsx(long);
    const widths = sheet.columns.map((column) => column.width ?? 0);
    const total = widths.reduce((sum, w) => sum + w, 0);
    sheet.eachRow((row, rowNumber) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (typeof cell.value !== 'string' || (cell.isMerged && cell.master.address !== cell.address)) return;
        // Title, count line and notes span the sheet; the others their column.
        const width = cell.isMerged ? total : widths[Number(cell.col) - 1];
        const size = cell.font.size ?? 11;
        const needed = rowHeightFor(wrappedLines(cell.value, width, size), size);
        expect([rowNumber, cell.address, row.height >= needed]).toEqual([rowNumber, cell.address, true]);
      });
    });
    // The long agency (row 10) wraps to four lines at the column's limit of 36, the agency with a line break (row 9) takes two.
    expect(sheet.getColumn(5).width).toBe(36);
    expect([sheet.getRow(10).height, sheet.getRow(9).height, sheet.getRow(4).height]).toEqual([
      rowHeightFor(4),
      rowHeightFor(2),
      rowHeightFor(1),
    ]);
  });
});
