import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { PeriodReport, PeriodRow } from '../../reports/period/period-report.types.js';
import { QINGXU_WEEK } from '../../../test/support/exports/qingxu-week.fixture.js';
import { periodReportCsv } from './period-csv.js';
import { periodReportXlsx } from './period-xlsx.js';

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

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"' && field === '') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
    } else if (text[i] === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (text[i] === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (text[i] === '\n' || text[i] === '\r') {
      throw new Error(`bare line break at ${i}`);
    } else field += text[i++];
  }
  if (field !== '' || record.length > 0) throw new Error('last line not ended with CRLF');
  return records;
}

function readCsv(report: PeriodReport): string[][] {
  const file = periodReportCsv(report);
  expect(file.subarray(0, 3).toString('hex')).toBe('efbbbf');
  return parseCsv(file.subarray(3).toString('utf8'));
}

async function readSummarySheet(report: PeriodReport): Promise<ExcelJS.Worksheet> {
  const file = await periodReportXlsx(report);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(file).buffer);
  const sheet = workbook.getWorksheet('进度汇总');
  if (!sheet) throw new Error('sheet 进度汇总 missing');
  return sheet;
}

/** The spreadsheet's rows 4… (units, then totals) as the CSV must print them. */
function xlsxTableAsCsvText(sheet: ExcelJS.Worksheet, rows: number): string[][] {
  const table: string[][] = [];
  for (let r = 4; r < 4 + rows; r++) {
    const cells: string[] = [];
    for (let c = 1; c <= HEADERS.length; c++) {
      const cell = sheet.getCell(r, c);
      const value = cell.value;
      if (value === null) cells.push('');
      // What Excel shows for a '0.0%' cell: the stored value, rounded to nearest 0.1%.
      else if (typeof value === 'number' && cell.numFmt.includes('%')) cells.push(`${(value * 100).toFixed(1)}%`);
      else if (typeof value === 'number') cells.push(String(value));
      else if (typeof value === 'string') cells.push(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
      else throw new Error(`unexpected value in row ${r}, column ${c}`);
    }
    table.push(cells);
  }
  return table;
}

/** Two rows whose rates are 2499/2500 = 0.9996 (not all done) and 1 (all done). */
function nearlyDone(): PeriodReport {
  const base = QINGXU_WEEK.rows[0];
  const row = (grade: 'B' | 'C', appraised: number, done: number): PeriodRow => ({
    ...base,
    grade,
    appraised,
    completed: done,
    accepted: done,
    pending: appraised - done,
    remaining: appraised - done,
    completionRate: done / appraised,
    acceptanceRate: done / appraised,
  });
  return { ...QINGXU_WEEK, rows: [row('B', 2500, 2499), row('C', 40, 40)] };
}

describe('periodReportCsv with the Qingxu week', () => {
  it('starts with the byte order mark, then the title and the scope line', () => {
    const lines = readCsv(QINGXU_WEEK);
    expect(lines[0]).toEqual(['清徐县因灾受损房屋修缮进度周报 2021年第51周（12月20日—12月26日）']);
    expect(lines[1]).toEqual(['统计范围：清徐县　生成时间：2021-12-27 09:30（北京时间）']);
    expect(lines[2]).toEqual(HEADERS);
    expect(lines).toHaveLength(3 + 6 + 3);
  });

  it('prints 孟封村 B and the totals as in the golden lines', () => {
    const text = periodReportCsv(QINGXU_WEEK).subarray(3).toString('utf8').split('\r\n');
    expect(text[3]).toBe('孟封村,B级,174,158,2,148,1,90.8%,85.0%,16,1,—,');
    expect(text.slice(9)).toEqual([
      '合计,B级,397,358,3,325,1,90.1%,81.8%,39,1,—,',
      `合计,C级,222,161,0,0,0,72.5%,0.0%,61,0,—,${QINGXU_WEEK.total[1].remarks[0]}`,
      '合计,B+C合计,619,519,3,325,1,83.8%,52.5%,100,1,—,',
      '',
    ]);
  });

  it('prints every unit and total row exactly as the spreadsheet shows it', async () => {
    const lines = readCsv(QINGXU_WEEK);
    const sheet = await readSummarySheet(QINGXU_WEEK);
    expect(lines.slice(3)).toEqual(xlsxTableAsCsvText(sheet, 9));
  });

  it('keeps a remark with quotes, commas and a line break in one field', async () => {
    const remark = '补录, "含引号", 含逗号\r\n第二行';
    const report = { ...QINGXU_WEEK, rows: [{ ...QINGXU_WEEK.rows[0], remarks: [remark, '另一条'] }] };
    const lines = readCsv(report);
    expect(lines[3]).toHaveLength(13);
    expect(lines[3][12]).toBe(`${remark}；另一条`);
    expect(periodReportCsv(report).toString('utf8')).toContain('"补录, ""含引号"", 含逗号\r\n第二行；另一条"');
    // XML reads a cell's CRLF back as LF (Excel's own line break in a cell): the same text otherwise.
    const csvCells = lines.slice(3).map((cells) => cells.map((field) => field.replaceAll('\r\n', '\n')));
    expect(csvCells).toEqual(xlsxTableAsCsvText(await readSummarySheet(report), 4));
  });

  it('defuses a remark starting with = but writes numbers plainly', () => {
    const report = { ...QINGXU_WEEK, rows: [{ ...QINGXU_WEEK.rows[0], remarks: ['=HYPERLINK("http://example.com")'] }] };
    const lines = readCsv(report);
    expect(lines[3][12]).toBe(`'=HYPERLINK("http://example.com")`);
    expect(lines[3][2]).toBe('174');
  });

  it('leaves a rate empty when nothing is appraised', () => {
    const empty = { ...QINGXU_WEEK.rows[0], appraised: 0, completed: 0, accepted: 0, completionRate: null, acceptanceRate: null };
    const lines = readCsv({ ...QINGXU_WEEK, rows: [empty] });
    expect([lines[3][7], lines[3][8]]).toEqual(['', '']);
  });
});

describe('a rate of 0.9996 never shows as 100.0%', () => {
  it('the CSV prints 99.9% for 2499 of 2500 and 100.0% only for all done', () => {
    const lines = readCsv(nearlyDone());
    expect([lines[3][7], lines[3][8]]).toEqual(['99.9%', '99.9%']);
    expect([lines[4][7], lines[4][8]]).toEqual(['100.0%', '100.0%']);
  });

  it('the spreadsheet stores 0.999 and 1, which its 0.0% format shows as the CSV prints them', async () => {
    const sheet = await readSummarySheet(nearlyDone());
    expect([sheet.getCell('H4').value, sheet.getCell('I4').value]).toEqual([0.999, 0.999]);
    expect([sheet.getCell('H5').value, sheet.getCell('I5').value]).toEqual([1, 1]);
    expect(sheet.getCell('H4').numFmt).toBe('0.0%');
    const shown = xlsxTableAsCsvText(sheet, 2);
    expect([shown[0][7], shown[1][7]]).toEqual(['99.9%', '100.0%']);
    expect(shown).toEqual(readCsv(nearlyDone()).slice(3, 5));
  });
});
