import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { PeriodReport } from '../../reports/period/period-report.types.js';
import { REPAIR_STATUS_LABELS } from '../../repairs/repair-status.js';
import { formatBeijingTime } from '../../common/dates.js';
import { type SignOffItem, signOffLines } from '../sign-off.js';
import { cellText, flooredRate, type PeriodCell, periodTableRows, periodTableSubtitle, periodTableTitle } from './period-columns.js';
import { rowHeightOf, sheetFont, spanWidth, writeMergedLine } from './sheet-cells.js';
import { fittedWidth, rowHeightFor, wrappedLines } from './sheet-text-fit.js';

/**
 * The period report (日报 / 周报) as an XLSX workbook: 进度汇总 (the summary table, columns from
 * period-columns.ts, then the sign-off), 本期变动户 (the moves recorded in the period) and 停滞户
 * (households with no recorded change for a while), each list headed by how many there are and
 * how many it lists. Numbers are stored as numbers, so the sheet can add them up.
 *
 * Every cell names the CJK font, columns are fitted to their texts and every row is given the
 * height its wrapped text needs (sheet-text-fit.ts): the spreadsheets do not measure rows when
 * they open a file, and text left in a 15 pt row runs over the borders.
 *
 * Written with ExcelJS's streaming writer: each row goes to the zip as soon as it is complete,
 * so a province's 6,000 rows never sit in memory as a whole workbook model (issue 5's benchmark:
 * 1.1 s and ~300 MB of transient memory with the in-memory workbook, for 3,000 villages). So the
 * column widths are worked out from the report before the first row, and each row's height
 * before it is committed.
 */

type Workbook = ExcelJS.stream.xlsx.WorkbookWriter;

export const SUMMARY_SHEET = '进度汇总';
export const CHANGED_SHEET = '本期变动户';
export const STALLED_SHEET = '停滞户';

const CREATOR = '因灾受损房屋修缮进度台账';
const FIRST_RECORD = '（首次记录）';
// ExcelJS declares PaperSize as a type-only enum: 9 is A4 in the OOXML paper-size list.
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
const A4 = 9 as ExcelJS.PaperSize;
const TITLE_ROW = 1;
const SUBTITLE_ROW = 2;
const HEADER_ROW = 3;
const TITLE_SIZE = 16;
/** The narrowest any column is made, in Excel character units. */
const MIN_WIDTH = 6;

const THIN: Partial<ExcelJS.Border> = { style: 'thin' };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const REGULAR = sheetFont();
const BOLD = sheetFont({ bold: true });

export async function periodReportXlsx(report: PeriodReport): Promise<Buffer> {
  const generatedAt = new Date(report.generatedAt);
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = CREATOR;
  workbook.created = generatedAt;
  workbook.modified = generatedAt;
  addSummarySheet(workbook, report);
  addChangedSheet(workbook, report);
  addStalledSheet(workbook, report);
  await workbook.commit();
  return Buffer.concat(chunks);
}

/** A4 landscape, one page wide, as many pages long as it takes, `rows` repeated on each. */
function pageSetup(printTitlesRow: string): Partial<ExcelJS.PageSetup> {
  return { paperSize: A4, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow };
}

/** A line of text merged across the table's width, as tall as it wraps; the row is committed. */
function mergedLine(
  sheet: ExcelJS.Worksheet,
  rowNumber: number,
  text: string,
  widths: readonly number[],
  font: Partial<ExcelJS.Font> = REGULAR,
): void {
  const height = writeMergedLine(sheet, rowNumber, widths, { text, from: 1, to: widths.length, font });
  const row = sheet.getRow(rowNumber);
  row.height = height;
  row.commit();
}

function headerRow(sheet: ExcelJS.Worksheet, rowNumber: number, headers: readonly string[], widths: readonly number[]): void {
  const row = sheet.getRow(rowNumber);
  headers.forEach((text, i) => {
    const cell = row.getCell(i + 1);
    cell.value = text;
    cell.font = BOLD;
    cell.fill = HEADER_FILL;
    cell.border = BOX;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  row.height = rowHeightOf(headers.map((text, i) => ({ text, width: widths[i] })));
  row.commit();
}

/** Text as text (never a formula, '@' format), numbers as numbers; an empty text leaves the cell empty. */
function writeValue(cell: ExcelJS.Cell, value: string | number, font: Partial<ExcelJS.Font>, centred = false): void {
  cell.font = font;
  if (typeof value === 'number') {
    cell.value = value;
    cell.numFmt = '0';
    cell.alignment = { horizontal: 'right', vertical: 'middle' };
    return;
  }
  if (value !== '') cell.value = value;
  cell.numFmt = '@';
  cell.alignment = { horizontal: centred ? 'center' : 'left', vertical: 'middle', wrapText: true };
}

function writeTableCell(cell: ExcelJS.Cell, value: PeriodCell, font: Partial<ExcelJS.Font>, centred = false): void {
  if (value.kind !== 'rate') {
    writeValue(cell, value.value, font, centred);
    return;
  }
  cell.font = font;
  cell.alignment = { horizontal: 'right', vertical: 'middle' };
  if (value.value === null) return;
  // Excel's '0.0%' rounds to nearest, so 0.9996 would show 100.0% although not every household
  // is done. The stored value is the rate already rounded down to 0.1% (0.999 → 99.9%), the same
  // figure formatPercent prints in the CSV; the exact fraction stays in the report's JSON.
  cell.value = flooredRate(value.value);
  cell.numFmt = '0.0%';
}

/**
 * Measures table rows at a sheet's column widths: a row is as tall as its longest-wrapping text
 * cell (numbers never wrap). Line counts are remembered per column and text, since remarks and
 * names repeat down a province's 6,000 rows.
 */
function tableRowHeights(widths: readonly number[]): (cells: readonly (string | number)[]) => number {
  const counts = new Map<string, number>();
  return (cells) => {
    let lines = 1;
    cells.forEach((value, i) => {
      if (typeof value !== 'string' || value === '') return;
      const key = `${i}\u0000${value}`;
      let n = counts.get(key);
      if (n === undefined) counts.set(key, (n = wrappedLines(value, widths[i])));
      lines = Math.max(lines, n);
    });
    return rowHeightFor(lines);
  };
}

/**
 * Column widths fitted to a table's header and cells. Every row is measured, so a width is known
 * before the first row is committed.
 */
function fittedWidths(header: readonly string[], rows: readonly (readonly string[])[], maxWidths: readonly number[]): number[] {
  return header.map((title, c) => fittedWidth([title, ...rows.map((cells) => cells[c])], { min: MIN_WIDTH, max: maxWidths[c] }));
}

function addSummarySheet(workbook: Workbook, report: PeriodReport): void {
  const table = periodTableRows(report);
  const texts = (cells: PeriodCell[]) => cells.map(cellText);
  const widths = fittedWidths(
    table.header,
    [...table.body, ...table.total].map(texts),
    table.columns.map((c) => c.maxWidth),
  );
  const sheet = workbook.addWorksheet(SUMMARY_SHEET, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: HEADER_ROW }],
    pageSetup: pageSetup(`${TITLE_ROW}:${HEADER_ROW}`),
  });
  sheet.columns = widths.map((width) => ({ width }));
  const rowHeight = tableRowHeights(widths);

  mergedLine(sheet, TITLE_ROW, periodTableTitle(report), widths, sheetFont({ bold: true, size: TITLE_SIZE }));
  mergedLine(sheet, SUBTITLE_ROW, periodTableSubtitle(report), widths);
  headerRow(sheet, HEADER_ROW, table.header, widths);

  const firstBodyRow = HEADER_ROW + 1;
  table.body.forEach((cells, i) => {
    const row = sheet.getRow(firstBodyRow + i);
    cells.forEach((value, c) => {
      const cell = row.getCell(c + 1);
      writeTableCell(cell, value, REGULAR, table.columns[c].centred);
      cell.border = BOX;
    });
    row.height = rowHeight(texts(cells));
    row.commit();
  });

  const firstTotalRow = firstBodyRow + table.body.length;
  table.total.forEach((cells, i) => {
    const row = sheet.getRow(firstTotalRow + i);
    cells.forEach((value, c) => {
      const cell = row.getCell(c + 1);
      writeTableCell(cell, value, BOLD, table.columns[c].centred);
      cell.border = i === 0 ? { ...BOX, top: { style: 'medium' } } : BOX;
    });
    row.height = rowHeight(texts(cells));
    row.commit();
  });

  // The filter covers the units only, so sorting never moves the totals in among them.
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: firstTotalRow - 1, column: widths.length } };
  // One blank row, then the sign-off.
  addSignOff(sheet, firstTotalRow + table.total.length + 1, widths, report);
  sheet.commit();
}

/**
 * The column where the sign-off's right half starts: the one that splits the table's width
 * most evenly (the 备注 column is wide, so it is rarely the middle column).
 */
export function signOffSplit(widths: readonly number[]): number {
  const total = spanWidth(widths, 1, widths.length);
  let best = 2;
  for (let column = 2; column <= widths.length; column++) {
    if (Math.abs(2 * spanWidth(widths, 1, column - 1) - total) < Math.abs(2 * spanWidth(widths, 1, best - 1) - total)) best = column;
  }
  return best;
}

/** How a sign-off item reads in a cell: '填报人：王办事员', '审核人：', or the date's label, room for the year, then 年 月 日. */
export function signOffText(item: SignOffItem): string {
  if (item.value !== '') return `${item.label}${item.value}`;
  // Four ideographic spaces leave room for the year before 年.
  return item.guide === undefined ? item.label : `${item.label}${'\u3000'.repeat(4)}${item.guide}`;
}

/** 填报单位 / 填报人, 审核人 / 联系电话, 日期: each item on a line (its cell's bottom border) to write on. */
function addSignOff(sheet: ExcelJS.Worksheet, firstRow: number, widths: readonly number[], report: PeriodReport): void {
  const split = signOffSplit(widths);
  // A column's gap between the two halves, where the table is wide enough to spare one.
  const leftEnd = split - 1 > 2 ? split - 2 : split - 1;
  signOffLines(report).forEach(([left, right], i) => {
    const rowNumber = firstRow + i;
    const underline: Partial<ExcelJS.Borders> = { bottom: THIN };
    const line = (item: SignOffItem, from: number, to: number) =>
      writeMergedLine(sheet, rowNumber, widths, { text: signOffText(item), from, to, border: underline, vertical: 'bottom' });
    const heights = [line(left, 1, leftEnd)];
    if (right !== null) heights.push(line(right, split, widths.length));
    const row = sheet.getRow(rowNumber);
    // Room above each line for a signature.
    row.height = Math.max(...heights, SIGNATURE_ROW_HEIGHT);
    row.commit();
  });
}

/** Points: a line to sign on needs more room than a line of print. */
const SIGNATURE_ROW_HEIGHT = 30;

interface ListColumn {
  header: string;
  /** The widest the column is made, in Excel character units; longer text wraps. */
  maxWidth: number;
  centred?: boolean;
}

interface ListSheet {
  name: string;
  /** The first line: how many there are and how many are listed. */
  count: string;
  columns: ListColumn[];
  rows: (string | number)[][];
  /** What the sheet says when the list is empty. */
  empty: string;
}

const LIST_HEADER_ROW = 2;

/** A plain list: the count line, a bold frozen header, one row per item (or one line saying none). */
function addListSheet(workbook: Workbook, list: ListSheet): void {
  const header = list.columns.map((c) => c.header);
  const widths = fittedWidths(
    header,
    list.rows.map((cells) => cells.map(String)),
    list.columns.map((c) => c.maxWidth),
  );
  const sheet = workbook.addWorksheet(list.name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: LIST_HEADER_ROW }],
    pageSetup: pageSetup(`1:${LIST_HEADER_ROW}`),
  });
  sheet.columns = widths.map((width) => ({ width }));
  const rowHeight = tableRowHeights(widths);
  mergedLine(sheet, 1, list.count, widths);
  headerRow(sheet, LIST_HEADER_ROW, header, widths);

  if (list.rows.length === 0) {
    mergedLine(sheet, LIST_HEADER_ROW + 1, list.empty, widths);
  } else {
    list.rows.forEach((values, i) => {
      const row = sheet.getRow(LIST_HEADER_ROW + 1 + i);
      values.forEach((value, c) => {
        const cell = row.getCell(c + 1);
        writeValue(cell, value, REGULAR, list.columns[c].centred);
        cell.border = BOX;
      });
      row.height = rowHeight(values);
      row.commit();
    });
    sheet.autoFilter = {
      from: { row: LIST_HEADER_ROW, column: 1 },
      to: { row: LIST_HEADER_ROW + list.rows.length, column: widths.length },
    };
  }
  sheet.commit();
}

/** '本期状态变动共3条，列出3条': the list holds moves, and a household may move twice in a period. */
export function changedCountLine(report: Pick<PeriodReport, 'changedHouseholds' | 'changedHouseholdsTotal'>): string {
  const listed = report.changedHouseholds.length;
  const total = report.changedHouseholdsTotal;
  return `本期状态变动共${total}条，列出${total > listed ? `最早的${listed}` : listed}条`;
}

/** '未验收且14天以上无记录变动的户：共1户，列出1户'. */
export function stalledCountLine(report: Pick<PeriodReport, 'stalledAfterDays' | 'stalledHouseholds' | 'stalledHouseholdsTotal'>): string {
  const listed = report.stalledHouseholds.length;
  const total = report.stalledHouseholdsTotal;
  return `未验收且${report.stalledAfterDays}天以上无记录变动的户：共${total}户，列出${total > listed ? `停滞最久的${listed}` : listed}户`;
}

function addChangedSheet(workbook: Workbook, report: PeriodReport): void {
  addListSheet(workbook, {
    name: CHANGED_SHEET,
    count: changedCountLine(report),
    columns: [
      { header: '村', maxWidth: 20 },
      { header: '户主', maxWidth: 16 },
      { header: '等级', maxWidth: 8, centred: true },
      { header: '原状态', maxWidth: 14 },
      { header: '新状态', maxWidth: 10 },
      { header: '发生日期', maxWidth: 16 },
      { header: '记录人', maxWidth: 16 },
      { header: '记录时间', maxWidth: 26 },
      { header: '备注', maxWidth: 50 },
    ],
    rows: report.changedHouseholds.map((h) => [
      h.village,
      h.householder,
      `${h.grade}级`,
      h.from === null ? FIRST_RECORD : REPAIR_STATUS_LABELS[h.from],
      REPAIR_STATUS_LABELS[h.to],
      h.occurredOn,
      h.actor,
      formatBeijingTime(h.recordedAt),
      h.note ?? '',
    ]),
    empty: '本期无',
  });
}

function addStalledSheet(workbook: Workbook, report: PeriodReport): void {
  addListSheet(workbook, {
    name: STALLED_SHEET,
    count: stalledCountLine(report),
    columns: [
      { header: '村', maxWidth: 20 },
      { header: '户主', maxWidth: 16 },
      { header: '等级', maxWidth: 8, centred: true },
      { header: '状态', maxWidth: 10 },
      { header: '最后变动日期', maxWidth: 18 },
      { header: '停滞天数', maxWidth: 10 },
    ],
    rows: report.stalledHouseholds.map((h) => [
      h.village,
      h.householder,
      `${h.grade}级`,
      REPAIR_STATUS_LABELS[h.status],
      h.lastChangeOn,
      h.daysWithoutChange,
    ]),
    empty: '无',
  });
}
