import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { inspectLedgerFile, LEDGER_LIMITS, LedgerFileRefusal, type LedgerFileProblem } from './ledger-file.js';
import { decodeCsv, readLedgerRows, type LedgerRow } from './ledger-rows.js';

async function rows(bytes: Uint8Array, fileName: string, maxRows?: number): Promise<LedgerRow[]> {
  const out: LedgerRow[] = [];
  for await (const row of readLedgerRows(bytes, inspectLedgerFile(bytes, fileName), maxRows)) out.push(row);
  return out;
}

function refusalOf(work: () => unknown): LedgerFileProblem | 'accepted' {
  try {
    work();
    return 'accepted';
  } catch (error) {
    if (error instanceof LedgerFileRefusal) return error.problem;
    throw error;
  }
}

async function asyncRefusalOf(work: () => Promise<unknown>): Promise<LedgerFileProblem | 'accepted'> {
  try {
    await work();
    return 'accepted';
  } catch (error) {
    if (error instanceof LedgerFileRefusal) return error.problem;
    throw error;
  }
}

/** A ledger as a township clerk types it: a merged title row, a blank row, a formula, rich text and a date cell. */
async function clerkWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.mergeCells('A1:E1');
  sheet.getCell('A1').value = '孟封镇农村受损房屋修缮台账';
  sheet.addRow(['村名', '户主姓名', '鉴定等级', '间数', '完工日期']);
  sheet.addRow([
    '孟封村',
    { richText: [{ text: '张' }, { text: '三', font: { bold: true } }] },
    'B级',
    { formula: '1+2', result: 3 },
    new Date(Date.UTC(2021, 11, 20)),
  ]);
  sheet.addRow([]);
  sheet.addRow(['小武村', '李四', 'C', 4, '2021年12月23日']);
  workbook.addWorksheet('说明').addRow(['这一页不是台账']);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const zip = (files: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
const WORKBOOK_PARTS = { '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' };

describe('inspectLedgerFile: judged by the bytes, not the name', () => {
  it.each<[string, LedgerFileProblem | 'accepted', Uint8Array, string]>([
    ['an empty file', 'empty', new Uint8Array(), 'ledger.csv'],
    ['an old .xls (Compound File)', 'xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'ledger.xls'],
    [
      'a password-protected .xlsx (Office wraps it in a Compound File)',
      'encrypted',
      Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      '台账.xlsx',
    ],
    ['a macro workbook', 'macro', zip({ ...WORKBOOK_PARTS, 'xl/vbaProject.bin': 'macro' }), 'ledger.xlsx'],
    [
      'a Word document renamed .xlsx',
      'not_a_workbook',
      zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>' }),
      'ledger.xlsx',
    ],
    ['a zip that is not a zip', 'unreadable', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'ledger.xlsx'],
    ['a PDF', 'not_a_spreadsheet', strToU8('%PDF-1.7 …'), 'ledger.csv'],
    ['a PNG', 'not_a_spreadsheet', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'ledger.xlsx'],
    ['UTF-16 text', 'not_a_spreadsheet', Buffer.from('\ufeff村,户主', 'utf16le'), 'ledger.csv'],
    ['a CSV', 'accepted', strToU8('村,户主,鉴定等级\n孟封村,张三,B\n'), 'ledger.txt'],
    ['a minimal workbook package', 'accepted', zip(WORKBOOK_PARTS), 'anything'],
  ])('%s → %s', (_name, expected, bytes, fileName) => {
    expect(refusalOf(() => inspectLedgerFile(bytes, fileName))).toBe(expected);
  });

  it('refuses a file over the size limit, and a zip that would unpack past its limit before unpacking it', () => {
    const limits = { ...LEDGER_LIMITS, maxBytes: 1000, maxUnpackedBytes: 100_000 };
    expect(refusalOf(() => inspectLedgerFile(new Uint8Array(1001).fill(0x41), 'big.csv', limits))).toBe('too_large');
    const bomb = zipSync({
      ...Object.fromEntries(Object.entries(WORKBOOK_PARTS).map(([n, t]) => [n, strToU8(t)])),
      'xl/worksheets/sheet1.xml': new Uint8Array(200_000),
    });
    expect(bomb.length).toBeLessThan(1000);
    expect(refusalOf(() => inspectLedgerFile(bomb, 'bomb.xlsx', limits))).toBe('unpacks_too_large');
  });
});

describe('readLedgerRows', () => {
  it('reads the first worksheet as Excel numbers its rows, with what each cell shows, skipping blank rows', async () => {
    const read = await rows(await clerkWorkbook(), 'ledger.xlsx');
    expect(read).toEqual([
      // The merged title: ExcelJS gives the value once, in the merge's first cell.
      { row: 1, cells: ['孟封镇农村受损房屋修缮台账'] },
      { row: 2, cells: ['村名', '户主姓名', '鉴定等级', '间数', '完工日期'] },
      { row: 3, cells: ['孟封村', '张三', 'B级', 3, new Date(Date.UTC(2021, 11, 20))] },
      { row: 5, cells: ['小武村', '李四', 'C', 4, '2021年12月23日'] },
    ]);
  });

  it.each([
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('村,户主\r\n孟封村,张三\r\n', 'utf8')])],
    ['UTF-8 without a BOM', Buffer.from('村,户主\n孟封村,张三\n', 'utf8')],
    ['GBK, as Chinese Excel saves a CSV', iconv.encode('村,户主\r\n孟封村,张三\r\n', 'gbk')],
    ['GB18030', iconv.encode('村,户主\r\n孟封村,张三\r\n', 'gb18030')],
  ])('decodes a CSV in %s', async (_name, bytes) => {
    expect(await rows(bytes, 'ledger.csv')).toEqual([
      { row: 1, cells: ['村', '户主'] },
      { row: 2, cells: ['孟封村', '张三'] },
    ]);
  });

  it('keeps a quoted cell with a line break as one row, and numbers rows as a spreadsheet shows them', async () => {
    const csv = Buffer.from('村,户主,备注\n孟封村,张三,"墙体开裂\n屋顶漏雨"\n\n小武村,李四,\n', 'utf8');
    expect(await rows(csv, 'ledger.csv')).toEqual([
      { row: 1, cells: ['村', '户主', '备注'] },
      { row: 2, cells: ['孟封村', '张三', '墙体开裂\n屋顶漏雨'] },
      { row: 4, cells: ['小武村', '李四', ''] },
    ]);
  });

  it('refuses a file with more data rows than the limit', async () => {
    const csv = Buffer.from('村,户主\n' + '孟封村,张三\n'.repeat(5), 'utf8');
    await expect(asyncRefusalOf(() => rows(csv, 'ledger.csv', 5))).resolves.toBe('too_many_rows');
    await expect(asyncRefusalOf(() => rows(csv, 'ledger.csv', 6))).resolves.toBe('accepted');
  });

  it('decodes text that is not UTF-8 as GB18030, and never throws on it', () => {
    expect(decodeCsv(Uint8Array.from([0xb4, 0xe5]))).toBe('村');
    expect(typeof decodeCsv(Uint8Array.from([0xff, 0xfe, 0xfd]))).toBe('string');
  });
});
