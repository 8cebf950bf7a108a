import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { lazyModule } from '../../common/lazy-module.js';
import { LEDGER_LIMITS, LedgerFileRefusal, type LedgerFormat } from './ledger-file.js';

/**
 * The rows of a ledger file as the spreadsheet shows them: `row` is the row number a person
 * sees in Excel or WPS, `cells` the values from column A on. Blank rows are left out (their
 * numbers are skipped, so later rows keep theirs). Cell values are what the cell shows:
 * a formula's cached result, a rich text's text, a hyperlink's text, a date cell's Date,
 * a number as a number, an error as null.
 *
 * XLSX is streamed (ExcelJS's WorkbookReader: the first worksheet, row by row); CSV is decoded
 * as UTF-8 (with or without a BOM) when it is valid UTF-8, otherwise as GB18030 (a superset of
 * GBK, what Chinese Excel saves), then parsed by csv-parse.
 */

export interface LedgerRow {
  row: number;
  cells: unknown[];
}

export function readLedgerRows(bytes: Uint8Array, format: LedgerFormat, maxRows = LEDGER_LIMITS.maxRows): AsyncGenerator<LedgerRow> {
  return limited(format === 'xlsx' ? xlsxRows(bytes) : csvRows(bytes), maxRows);
}

async function* limited(rows: AsyncGenerator<LedgerRow>, maxRows: number): AsyncGenerator<LedgerRow> {
  let count = 0;
  for await (const row of rows) {
    if (row.cells.every(isBlank)) continue;
    if (++count > maxRows) throw new LedgerFileRefusal('too_many_rows');
    yield row;
  }
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** ExcelJS (about 27 MB resident) is loaded with the first XLSX ledger, not at start. */
const loadExcel = lazyModule(async () => (await import('exceljs')).default);

async function* xlsxRows(bytes: Uint8Array): AsyncGenerator<LedgerRow> {
  const excel = await loadExcel();
  const reader = new excel.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date cell from a number (its number format).
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sawWorksheet = false;
  try {
    for await (const worksheet of reader) {
      sawWorksheet = true;
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        // row.values is 1-based: index 0 is always empty.
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        yield { row: row.number, cells: Array.from(values, cellValue) };
      }
      // Only the first worksheet is the ledger (others hold notes or pivot tables).
      break;
    }
  } catch (error) {
    if (error instanceof LedgerFileRefusal) throw error;
    throw new LedgerFileRefusal('unreadable', { cause: error });
  }
  if (!sawWorksheet) throw new LedgerFileRefusal('no_worksheet');
}

/** What a cell shows, from ExcelJS's value shapes. */
export function cellValue(value: ExcelJS.CellValue | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value !== 'object') return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return 'result' in value ? cellValue(value.result) : null;
  if ('error' in value) return null;
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellValue(value.text);
  return null;
}

/** UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), otherwise GB18030. */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    // The decoder drops a leading BOM itself.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

async function* csvRows(bytes: Uint8Array): AsyncGenerator<LedgerRow> {
  const parser = Readable.from([decodeCsv(bytes)]).pipe(parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false }));
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { row, cells: record };
    }
  } catch (error) {
    throw new LedgerFileRefusal('unreadable', { cause: error });
  }
}
