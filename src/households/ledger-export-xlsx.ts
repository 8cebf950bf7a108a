import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  addLedgerDropdowns,
  BOX,
  LEDGER_SHEET,
  ledgerCellStyle,
  ledgerCellValue,
  ledgerColumnWidths,
  ledgerSheetColumns,
  ledgerSheetOptions,
  LISTS_SHEET,
  writeLedgerHeader,
  writeVillageList,
} from '../imports/ledger-sheet.js';
import { LEDGER_COLUMNS } from '../imports/ledger-columns.js';
import { TEMPLATE_ROWS } from '../imports/import-template.js';
import { lineCapacity, rowHeightFor, wrappedLines } from '../exports/tables/sheet-text-fit.js';
import type { LedgerRow } from './ledger-export.js';

/**
 * The household ledger as XLSX, in the import template's sheet (ledger-sheet.ts): 住户台账 with
 * the canonical headers in row 1 and a row per household, then the hidden list the 村 dropdown
 * reads. Text columns and the ID-card and phone numbers are text cells (18 digits stay 18
 * digits), dates are date cells, rooms a number; a remark such as =1+1 is a text cell, which no
 * spreadsheet runs. Every row is as tall as its wrapped text.
 *
 * Written with ExcelJS's streaming writer: each row goes to the zip when it is complete, so a
 * county's 30,000 households never sit in memory as a workbook model. The column widths are
 * worked out from all the rows first.
 */

export interface LedgerWorkbook {
  rows: readonly LedgerRow[];
  /** The villages in the caller's scope, for the 村 dropdown (a name repeated in another township listed once). */
  villages: readonly string[];
  generatedAt: Date;
}

const CREATOR = '因灾受损房屋修缮进度台账';

/** The text a cell shows, for measuring it ('' for a number or a date: they never wrap). */
const measured = (value: LedgerRow[keyof LedgerRow]): string => (typeof value === 'string' ? value : '');

/**
 * How many lines a text wraps to in a column `width` wide (wrappedLines). A CJK character, the
 * widest there is, takes two display units: text of one line no longer than half the line's
 * capacity in characters is one line, unmeasured (most names, addresses and dates). Longer
 * texts are measured once each: agencies, findings and remarks repeat down a county.
 */
function lineCounter(width: number): (text: string) => number {
  const capacity = lineCapacity(width);
  const counted = new Map<string, number>();
  return (text) => {
    if (text.length * 2 <= capacity && !/[\r\n]/.test(text)) return 1;
    let lines = counted.get(text);
    if (lines === undefined) counted.set(text, (lines = wrappedLines(text, width)));
    return lines;
  };
}

export async function ledgerXlsx(input: LedgerWorkbook): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = CREATOR;
  workbook.created = input.generatedAt;
  workbook.modified = input.generatedAt;
  const villages = [...new Set(input.villages)];

  const sheet = workbook.addWorksheet(LEDGER_SHEET, ledgerSheetOptions());
  const widths = ledgerColumnWidths((column) => {
    const texts = input.rows.map((row) => measured(row[column.key]));
    return column.kind === 'village' ? [...texts, ...villages] : texts;
  });
  sheet.columns = ledgerSheetColumns(widths);
  const header = sheet.getRow(1);
  writeLedgerHeader(header, widths);
  header.commit();

  // One style object per column, the column's own boxed: ExcelJS registers a style object once
  // and reuses its id for every cell that shares it.
  const styles = LEDGER_COLUMNS.map((column) => ({ ...ledgerCellStyle(column), border: BOX }));
  const lineCounts = widths.map((width) => lineCounter(width));
  input.rows.forEach((values, index) => {
    const row = sheet.getRow(index + 2);
    let lines = 1;
    LEDGER_COLUMNS.forEach((column, i) => {
      const cell = row.getCell(i + 1);
      cell.style = styles[i];
      const value = ledgerCellValue(column, values[column.key]);
      if (value === null) return;
      cell.value = value;
      if (typeof value === 'string') lines = Math.max(lines, lineCounts[i](value));
    });
    row.height = rowHeightFor(lines);
    row.commit();
  });
  // Room below the households for more, as in the template.
  addLedgerDropdowns(sheet, input.rows.length + 1 + TEMPLATE_ROWS, villages.length);
  sheet.commit();

  if (villages.length > 0) {
    const lists = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
    writeVillageList(lists, villages);
    lists.commit();
  }
  await workbook.commit();
  return Buffer.concat(chunks);
}
