/**
 * CSV as spreadsheets read it: UTF-8 with a byte order mark (so Excel reads the Chinese), CRLF
 * line ends, RFC 4180 quoting, and text that a spreadsheet would run as a formula defused.
 * Every CSV the tracker writes (period reports, the public notice) goes through here.
 */

import { drawableText } from '../common/readable-text.js';

/** Text is printed as given (after the formula guard); numbers as plain numbers, never guarded. */
export type CsvField = string | number;

/**
 * Spreadsheets run text starting with these as a formula (OWASP "CSV injection"): = + - @, also
 * after leading spaces (Excel and LibreOffice skip them), in their full-width forms ＝＋－＠ that
 * a Chinese input method types (spreadsheets that fold full-width input to ASCII would run them
 * too), and a leading tab or carriage return.
 */
const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/;

/**
 * One CSV field: characters a spreadsheet can't show replaced (drawableText: text stored before
 * the input rules), formula starts defused with an apostrophe, then RFC 4180 quoting.
 */
export function csvField(value: CsvField): string {
  let text = typeof value === 'string' ? drawableText(value) : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The lines as a CSV file: BOM, fields joined with commas, every line ended with CRLF. */
export function csvFile(lines: readonly (readonly CsvField[])[]): Buffer {
  const text = lines.map((fields) => fields.map(csvField).join(',') + '\r\n').join('');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
