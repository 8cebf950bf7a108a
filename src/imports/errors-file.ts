import ExcelJS from 'exceljs';
import { csvFile, type CsvField } from '../exports/csv.js';
import { fittedWidth } from '../exports/tables/sheet-text-fit.js';
import { cellText } from './cell-values.js';
import type { Language } from '../common/messages/language.js';
import { drawableText } from '../common/readable-text.js';
import { renderImportError } from './dto/import-response.js';
import type { ImportError } from './ledger-pass.js';
import type { LedgerFormat } from './reading/ledger-file.js';
import { A4 } from './ledger-sheet.js';
import { readLedgerRows } from './reading/ledger-rows.js';

/**
 * The errors file (错误行): the header row and every invalid row of an uploaded ledger as the
 * file had them, with a last column 错误说明 saying what to fix, so that the clerk corrects the
 * rows in Excel and uploads the file again. Dates stay date cells, text stays text (an ID-card
 * number is never turned into a number); CSV goes through the shared writer (BOM, formula guard).
 */

export const ERRORS_COLUMN = '错误说明';

export async function buildErrorsFile(
  bytes: Uint8Array,
  format: LedgerFormat,
  headerRow: number,
  errors: readonly ImportError[],
  language: Language,
  output: 'xlsx' | 'csv',
): Promise<Buffer> {
  const messages = new Map<number, string[]>();
  for (const error of errors) {
    const list = messages.get(error.row) ?? [];
    list.push(renderImportError(language, error));
    messages.set(error.row, list);
  }
  const rows: { cells: unknown[]; explanation: string | null }[] = [];
  let width = 0;
  for await (const row of readLedgerRows(bytes, format)) {
    const explanation = messages.get(row.row);
    if (row.row !== headerRow && explanation === undefined) continue;
    rows.push({ cells: row.cells, explanation: row.row === headerRow ? null : explanation!.join('；') });
    width = Math.max(width, row.cells.length);
    if (row.row === headerRow) width = row.cells.length;
  }
  const lines = rows.map(({ cells, explanation }) => [...padded(cells, width), explanation ?? ERRORS_COLUMN]);
  return output === 'csv' ? csvFile(lines.map((line) => line.map(csvValue))) : xlsx(lines, width);
}

function padded(cells: readonly unknown[], width: number): unknown[] {
  return Array.from({ length: width }, (_, i) => cells[i] ?? null);
}

function csvValue(value: unknown): CsvField {
  if (typeof value === 'number') return value;
  return cellText(value) ?? '';
}

const WIDTH_LIMITS = { min: 6, max: 30 };
const EXPLANATION_WIDTH = 60;

async function xlsx(lines: readonly unknown[][], width: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('错误行', {
    views: [{ state: 'frozen', ySplit: 1 }],
    // Printed on A4 landscape, as wide as the page, the header on every page.
    pageSetup: { paperSize: A4, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  sheet.columns = [
    ...Array.from({ length: width }, (_, column) => ({
      width: fittedWidth(
        lines.map((line) => cellText(line[column]) ?? ''),
        WIDTH_LIMITS,
      ),
    })),
    { width: EXPLANATION_WIDTH },
  ];
  lines.forEach((line, index) => {
    const row = sheet.getRow(index + 1);
    line.forEach((value, column) => {
      const cell = row.getCell(column + 1);
      if (value instanceof Date) {
        cell.value = value;
        cell.numFmt = 'yyyy-mm-dd';
      } else if (typeof value === 'number' || typeof value === 'boolean') {
        cell.value = value;
      } else {
        const text = cellText(value);
        if (text !== null) {
          cell.value = drawableText(text);
          cell.numFmt = '@';
        }
      }
    });
    const explanation = row.getCell(line.length);
    explanation.alignment = { wrapText: true, vertical: 'top' };
    if (index === 0) row.font = { bold: true };
    else explanation.font = { color: { argb: 'FFC00000' } };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
