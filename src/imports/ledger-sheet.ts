import type ExcelJS from 'exceljs';
import { rowHeightOf, sheetFont } from '../exports/tables/sheet-cells.js';
import { displayWidth, fittedWidth } from '../exports/tables/sheet-text-fit.js';
import { type ColumnKind, LEDGER_COLUMNS, type LedgerColumn } from './ledger-columns.js';

/**
 * The ledger sheet (住户台账) as the tracker writes it: the import template's sheet and the
 * household ledger export share it, so that what one writes the other's readers take back. The
 * canonical headers in row 1 (no title above them), frozen and repeated on every printed page;
 * text columns and the ID-card and phone numbers as text cells, dates as date cells shown
 * YYYY-MM-DD, short values centred, dropdowns for 村, 鉴定等级 and the 是/否 columns. Works on
 * both of ExcelJS's worksheets, the streaming writer's and the in-memory one.
 */

export const LEDGER_SHEET = '住户台账';
/** A hidden sheet holding the 村 dropdown's list: a list written into the validation itself is limited to 255 characters. */
export const LISTS_SHEET = '下拉选项';

export const GRADE_CHOICES = ['A级', 'B级', 'C级', 'D级'] as const;
export const YES_NO_CHOICES = ['是', '否'] as const;

export const LEDGER_DATE_FORMAT = 'yyyy-mm-dd';
/** What people type into the columns a sample leaves blank or short, so that it shows whole: 18 digits, a landline, a date. */
const WIDEST_TYPED: Partial<Record<ColumnKind, readonly string[]>> = {
  'id-card': ['14012119900101123X'],
  phone: ['0351-55512345'],
  date: ['2021-12-23'],
};
/** Short values (dates, grades, 是/否, rooms) are centred, as in the tracker's other sheets. */
const CENTRED_KINDS: readonly ColumnKind[] = ['date', 'grade', 'yes-no', 'integer'];
/** The widest a column is made for its texts; longer text wraps. */
const MAX_WIDTH = 24;
const MIN_WIDTH = 8;

const THIN: Partial<ExcelJS.Border> = { style: 'thin' };
export const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
export const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };
// ExcelJS declares PaperSize as a type-only enum: 9 is A4 in the OOXML paper-size list.
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
export const A4 = 9 as ExcelJS.PaperSize;

/** Text columns, and the ID-card and phone numbers, are text cells: Excel would read 1-2 as a date and 18 digits as a number. */
export const isTextFormatted = (column: LedgerColumn): boolean => ['text', 'village', 'id-card', 'phone'].includes(column.kind);

/** The ledger sheet's options: the header row frozen, A4 landscape one page wide, the header repeated on every page. */
export function ledgerSheetOptions(): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
    pageSetup: { paperSize: A4, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  };
}

const WIDTH_LIMITS = { min: MIN_WIDTH, max: MAX_WIDTH };

/**
 * A column's width fitted to its texts (fittedWidth), measuring as few as it can: a county's
 * 30,000 rows. Once a line makes the column as wide as it may be, the rest are not measured;
 * and a CJK character, the widest there is, is two display units, so a line not longer than
 * twice the widest so far in characters cannot be wider and is skipped.
 */
function fittedColumnWidth(texts: Iterable<string>): number {
  let widest = '';
  let widestUnits = 0;
  for (const text of texts) {
    if (text.length * 2 <= widestUnits) continue;
    for (const line of text.split(/\r\n|\r|\n/)) {
      if (line.length * 2 <= widestUnits) continue;
      const units = displayWidth(line);
      if (units <= widestUnits) continue;
      [widest, widestUnits] = [line, units];
      if (fittedWidth([widest], WIDTH_LIMITS) === MAX_WIDTH) return MAX_WIDTH;
    }
  }
  return fittedWidth([widest], WIDTH_LIMITS);
}

/**
 * Each column's width, fitted to its header and `texts(column)` within 8–24 (longer text wraps),
 * and never narrower than the numbers and dates typed into it (a number is never wrapped).
 */
export function ledgerColumnWidths(texts: (column: LedgerColumn) => Iterable<string>): number[] {
  return LEDGER_COLUMNS.map((column) =>
    Math.max(
      fittedColumnWidth([column.header, ...texts(column)]),
      fittedWidth(WIDEST_TYPED[column.kind] ?? [], { min: MIN_WIDTH, max: Number.POSITIVE_INFINITY }),
    ),
  );
}

/** A column's cell style: the sheet font, wrapping, centred where short, and its text or date format. */
export function ledgerCellStyle(column: LedgerColumn): Partial<ExcelJS.Style> {
  return {
    font: sheetFont(),
    alignment: { vertical: 'middle', wrapText: true, ...(CENTRED_KINDS.includes(column.kind) ? { horizontal: 'center' as const } : {}) },
    ...(isTextFormatted(column) ? { numFmt: '@' } : column.kind === 'date' ? { numFmt: LEDGER_DATE_FORMAT } : {}),
  };
}

/** The sheet's columns: their widths, and styles that reach the cells people type into later (the font, text or date formats). */
export function ledgerSheetColumns(widths: readonly number[]): Partial<ExcelJS.Column>[] {
  return LEDGER_COLUMNS.map((column, i) => ({ key: column.key, width: widths[i], style: ledgerCellStyle(column) }));
}

/** Row 1: the canonical headers, bold, boxed, the required columns' fill orange, as tall as the longest wraps. */
export function writeLedgerHeader(row: ExcelJS.Row, widths: readonly number[]): void {
  LEDGER_COLUMNS.forEach((column, i) => {
    const cell = row.getCell(i + 1);
    cell.value = column.header;
    cell.font = sheetFont({ bold: true });
    cell.fill = column.required ? REQUIRED_FILL : HEADER_FILL;
    cell.border = BOX;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  row.height = rowHeightOf(LEDGER_COLUMNS.map((column, i) => ({ text: column.header, width: widths[i] })));
}

/**
 * A ledger value as its cell holds it: a date ('YYYY-MM-DD') as a date cell, as Excel makes one
 * when a date is typed (ExcelJS writes a UTC midnight as the day's serial number); text and
 * numbers as they are; null as no value.
 */
export function ledgerCellValue(column: LedgerColumn, value: string | number | null): string | number | Date | null {
  if (value === null) return null;
  return column.kind === 'date' && typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value;
}

/**
 * ExcelJS types only the per-cell `dataValidation` setter, which would create every cell of
 * every validated row. Its worksheets keep them in `dataValidations`, whose `add` also takes a
 * range and writes it as one `<dataValidation sqref="B2:B2001">`; reading the file back gives
 * the validation of each cell (cell.dataValidation).
 */
function addValidation(sheet: ExcelJS.Worksheet, range: string, validation: ExcelJS.DataValidation): void {
  (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations.add(
    range,
    validation,
  );
}

/** A dropdown that warns, rather than refuses, a value not in its list: the import reads other spellings too. */
function dropdown(formula: string, errorTitle: string, error: string): ExcelJS.DataValidation {
  return { type: 'list', allowBlank: true, formulae: [formula], showErrorMessage: true, errorStyle: 'warning', errorTitle, error };
}

/**
 * Dropdowns from row 2 down to `lastRow`: 村 from the first `villageCount` names of the hidden
 * LISTS_SHEET (none when there are none), 鉴定等级 and the three 是/否 columns from their choices.
 */
export function addLedgerDropdowns(sheet: ExcelJS.Worksheet, lastRow: number, villageCount: number): void {
  LEDGER_COLUMNS.forEach((column, i) => {
    const letter = sheet.getColumn(i + 1).letter;
    const range = `${letter}2:${letter}${lastRow}`;
    if (column.kind === 'village' && villageCount > 0) {
      const list = dropdown(
        `'${LISTS_SHEET}'!$A$1:$A$${villageCount}`,
        '村名不在列表中',
        '列表中是您管辖范围内的村。填写的是村的别名或区划代码时，可以继续。',
      );
      addValidation(sheet, range, list);
    } else if (column.kind === 'grade') {
      addValidation(sheet, range, dropdown(`"${GRADE_CHOICES.join(',')}"`, '鉴定等级', '鉴定等级应为 A级、B级、C级或D级。'));
    } else if (column.kind === 'yes-no') {
      addValidation(sheet, range, dropdown(`"${YES_NO_CHOICES.join(',')}"`, column.header, '请填“是”或“否”；未记录的留空。'));
    }
  });
}

/** The 村 dropdown's list, one name a row in column A of the (hidden) LISTS_SHEET, as text cells. */
export function writeVillageList(sheet: ExcelJS.Worksheet, villages: readonly string[]): void {
  villages.forEach((name, i) => {
    const cell = sheet.getCell(i + 1, 1);
    cell.value = name;
    cell.numFmt = '@';
  });
}
