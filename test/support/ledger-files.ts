import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from '@jest/globals';
import { http } from './http.js';
import type { TestApp } from './test-app.js';
import type { ImportResponse } from '../../src/imports/dto/import.response.js';

/** A ledger row: cells by header, in the header's order; a Date becomes a date cell. */
export type LedgerCell = string | number | Date | null;

export interface LedgerSheet {
  /** Rows above the header (a title, a unit and date line), each one cell merged across the sheet. */
  titles?: string[];
  headers: string[];
  rows: (LedgerCell[] | 'blank')[];
  /** Header text → number format for the column (`@` text, `yyyy-mm-dd` dates). */
  formats?: Record<string, string>;
}

/** The ledger as an .xlsx, as a county office's Excel would save it. */
export async function ledgerXlsx(sheet: LedgerSheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('台账');
  let r = 1;
  for (const title of sheet.titles ?? []) {
    ws.getRow(r).getCell(1).value = title;
    ws.mergeCells(r, 1, r, sheet.headers.length);
    r += 1;
  }
  sheet.headers.forEach((h, i) => (ws.getRow(r).getCell(i + 1).value = h));
  r += 1;
  for (const row of sheet.rows) {
    if (row !== 'blank') {
      row.forEach((value, i) => {
        const cell = ws.getRow(r).getCell(i + 1);
        cell.value = value;
        if (value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
        const format = sheet.formats?.[sheet.headers[i]];
        if (format) cell.numFmt = format;
      });
    }
    r += 1;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The ledger as CSV: `utf8` (with a BOM, as Excel's "CSV UTF-8") or `gbk` (as Chinese Excel's plain "CSV"). */
export function ledgerCsv(sheet: LedgerSheet, encoding: 'utf8' | 'gbk'): Buffer {
  const field = (value: LedgerCell) => {
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : value === null ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [
    ...(sheet.titles ?? []).map((t) => field(t)),
    sheet.headers.map(field).join(','),
    ...sheet.rows.map((row) => (row === 'blank' ? '' : row.map(field).join(','))),
  ];
  const text = lines.join('\r\n') + '\r\n';
  return encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** A date cell's value: ExcelJS writes a Date as the UTC day. */
export const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** An import as the API answers it. */
export type ImportBody = ImportResponse;

/** Uploads a ledger and answers the 202's body. */
export async function upload(
  t: TestApp,
  token: string,
  bytes: Buffer,
  fileName: string,
  fields: Record<string, string> = {},
  language?: string,
): Promise<ImportBody> {
  let req = http(t, token).post('/api/imports');
  if (language) req = req.set('Accept-Language', language);
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  const res = await req.attach('file', bytes, fileName);
  expect([res.status, res.body.code]).toEqual([202, undefined]);
  return res.body as ImportBody;
}

/** Polls the import until it leaves `validating` / `committing`. */
export async function settled(t: TestApp, token: string, id: number, language?: string): Promise<ImportBody> {
  for (let i = 0; i < 600; i++) {
    let req = http(t, token).get(`/api/imports/${id}`);
    if (language) req = req.set('Accept-Language', language);
    const res = await req.expect(200);
    if (res.body.status !== 'validating' && res.body.status !== 'committing') return res.body as ImportBody;
    await sleep(20);
  }
  throw new Error(`Import ${id} did not settle`);
}

/** Uploads and waits for the validation. */
export async function validated(
  t: TestApp,
  token: string,
  bytes: Buffer,
  fileName: string,
  fields: Record<string, string> = {},
  language?: string,
) {
  const started = await upload(t, token, bytes, fileName, fields, language);
  return settled(t, token, started.id, language);
}

/** Commits and waits for the outcome. */
export async function committed(t: TestApp, token: string, id: number, body: object = {}): Promise<ImportBody> {
  const res = await http(t, token).post(`/api/imports/${id}/commit`).send(body);
  expect([res.status, res.body.code]).toEqual([202, undefined]);
  return settled(t, token, id);
}
