import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { rowHeightFor, wrappedLines } from '../exports/tables/sheet-text-fit.js';
import { parseLedgerCell } from './cell-values.js';
import {
  buildImportTemplateCsv,
  buildImportTemplateXlsx,
  EXAMPLE_REMARK,
  INSTRUCTIONS_SHEET,
  instructionRows,
  LEDGER_SHEET,
  LISTS_SHEET,
  TEMPLATE_EXAMPLE,
  TEMPLATE_ROWS,
} from './import-template.js';
import { LEDGER_COLUMNS, matchHeaderRow } from './ledger-columns.js';

const GENERATED_AT = new Date('2021-12-23T04:05:00Z');
const HEADERS: string[] = LEDGER_COLUMNS.map((c) => c.header);
/** The sheet column (1-based) of a ledger column. */
const columnOf = (header: string) => HEADERS.indexOf(header) + 1;
const letterOf = (header: string) => String.fromCharCode(64 + columnOf(header));

async function readBack(villages: readonly string[] = ['孟封村', '小武村', '阎家营村']): Promise<ExcelJS.Workbook> {
  const file = await buildImportTemplateXlsx({ villages, generatedAt: GENERATED_AT });
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer, which a Node Buffer no longer satisfies in @types/node 20.
  await workbook.xlsx.load(new Uint8Array(file).buffer);
  return workbook;
}

function sheetOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`sheet ${name} missing`);
  return sheet;
}

function rowValues(sheet: ExcelJS.Worksheet, rowNumber: number, columns: number): unknown[] {
  return Array.from({ length: columns }, (_, i) => sheet.getCell(rowNumber, i + 1).value);
}

describe('buildImportTemplateXlsx', () => {
  it('has the ledger first, then 说明, then the hidden list of villages', async () => {
    const workbook = await readBack();
    expect(workbook.worksheets.map((ws) => [ws.name, ws.state])).toEqual([
      [LEDGER_SHEET, 'visible'],
      [INSTRUCTIONS_SHEET, 'visible'],
      [LISTS_SHEET, 'hidden'],
    ]);
    expect(workbook.created).toEqual(GENERATED_AT);
  });

  it('has the canonical headers in row 1, bold, frozen, the required ones marked by their fill', async () => {
    const sheet = sheetOf(await readBack(), LEDGER_SHEET);
    expect(rowValues(sheet, 1, HEADERS.length + 1)).toEqual([...HEADERS, null]);
    const fills = LEDGER_COLUMNS.map((c, i) => [c.header, (sheet.getCell(1, i + 1).fill as ExcelJS.FillPattern).fgColor?.argb]);
    expect(fills.filter(([, argb]) => argb === 'FFFCE4D6').map(([header]) => header)).toEqual(['村', '户主', '鉴定等级']);
    expect(sheet.getCell('A1').font).toMatchObject({ name: '等线', bold: true });
    expect(sheet.views).toEqual([expect.objectContaining({ state: 'frozen', ySplit: 1 })]);
  });

  it('is found by the import as a header row with every column and nothing unknown', async () => {
    const sheet = sheetOf(await readBack(), LEDGER_SHEET);
    expect(matchHeaderRow([rowValues(sheet, 1, HEADERS.length)])).toMatchObject({ ok: true, rowIndex: 0, unknown: [], duplicates: [] });
  });

  it('has one example row in 孟封村, which the cell parsers read', async () => {
    const sheet = sheetOf(await readBack(), LEDGER_SHEET);
    const example = rowValues(sheet, 2, HEADERS.length);
    expect(example.slice(0, 3)).toEqual(['孟封镇', '孟封村', '张三（示例）']);
    expect(sheet.getCell(2, columnOf('间数')).value).toBe(3);
    expect(sheet.getCell(2, columnOf('鉴定等级')).value).toBe('B级');
    expect(sheet.getCell(2, columnOf('备注')).value).toBe(EXAMPLE_REMARK);
    // Dates as date cells, shown YYYY-MM-DD.
    const appraised = sheet.getCell(2, columnOf('鉴定日期'));
    expect(appraised.value).toEqual(new Date('2021-11-05T00:00:00Z'));
    expect(appraised.numFmt).toBe('yyyy-mm-dd');
    // No ID-card or phone number that could be somebody's.
    expect([sheet.getCell(2, columnOf('身份证号')).value, sheet.getCell(2, columnOf('联系电话')).value]).toEqual([null, null]);
    const parsed = LEDGER_COLUMNS.map((column, i) => parseLedgerCell(column, example[i], { today: '2021-12-23' }));
    expect(parsed.filter((result) => !result.ok)).toEqual([]);
    expect(sheet.rowCount).toBe(2);
  });

  it('formats the ID-card and phone columns as text, so Excel keeps every digit', async () => {
    const sheet = sheetOf(await readBack(), LEDGER_SHEET);
    for (const header of ['身份证号', '联系电话']) {
      expect([header, sheet.getColumn(columnOf(header)).numFmt]).toEqual([header, '@']);
      // A cell nobody has written yet takes its column's format.
      expect([header, sheet.getCell(500, columnOf(header)).numFmt]).toEqual([header, '@']);
    }
    expect(sheet.getColumn(columnOf('户主')).numFmt).toBe('@');
    expect(sheet.getColumn(columnOf('完工日期')).numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getColumn(columnOf('间数')).numFmt).toBeUndefined();
  });

  it('makes the ID-card column wide enough for 18 digits and no header wraps', async () => {
    const sheet = sheetOf(await readBack(), LEDGER_SHEET);
    expect(wrappedLines('14012119900101123X', sheet.getColumn(columnOf('身份证号')).width!)).toBe(1);
    LEDGER_COLUMNS.forEach((column, i) => {
      expect([column.header, wrappedLines(column.header, sheet.getColumn(i + 1).width!)]).toEqual([column.header, 1]);
    });
  });

  it("offers the caller's villages, the grades and 是/否 as dropdowns down to the last template row", async () => {
    const workbook = await readBack(['孟封村', '小武村', '阎家营村', '孟封村']);
    const sheet = sheetOf(workbook, LEDGER_SHEET);
    const validation = (address: string) => sheet.getCell(address).dataValidation as ExcelJS.DataValidation | undefined;
    const last = TEMPLATE_ROWS + 1;
    for (const row of [2, last]) {
      expect(validation(`${letterOf('村')}${row}`)).toMatchObject({ type: 'list', formulae: [`'${LISTS_SHEET}'!$A$1:$A$3`] });
      expect(validation(`${letterOf('鉴定等级')}${row}`)).toMatchObject({ type: 'list', formulae: ['"A级,B级,C级,D级"'] });
      for (const header of ['设计图集', '监理服务', '技术服务']) {
        expect(validation(`${letterOf(header)}${row}`)).toMatchObject({ type: 'list', formulae: ['"是,否"'], allowBlank: true });
      }
    }
    expect(validation(`${letterOf('村')}${last + 1}`)).toBeUndefined();
    expect(validation(`${letterOf('户主')}2`)).toBeUndefined();
    expect(validation(`${letterOf('村')}1`)).toBeUndefined();
    // A name found in two townships is listed once.
    const lists = sheetOf(workbook, LISTS_SHEET);
    expect([1, 2, 3, 4].map((row) => lists.getCell(row, 1).value)).toEqual(['孟封村', '小武村', '阎家营村', null]);
  });

  it('warns, rather than refuses, a value not in a list: aliases, codes and other spellings are read too', async () => {
    const sheet = sheetOf(await readBack(), LEDGER_SHEET);
    for (const header of ['村', '鉴定等级', '设计图集']) {
      expect(sheet.getCell(`${letterOf(header)}2`).dataValidation).toMatchObject({ showErrorMessage: true, errorStyle: 'warning' });
    }
  });

  it('leaves out the village dropdown and the list sheet when the caller has no village', async () => {
    const workbook = await readBack([]);
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual([LEDGER_SHEET, INSTRUCTIONS_SHEET]);
    const sheet = sheetOf(workbook, LEDGER_SHEET);
    expect(sheet.getCell(`${letterOf('村')}2`).dataValidation).toBeUndefined();
    expect(sheet.getCell(`${letterOf('鉴定等级')}2`).dataValidation).toMatchObject({ type: 'list' });
  });

  it('lists every column on the 说明 sheet: required or not, the headers it is read from, what it accepts', async () => {
    const sheet = sheetOf(await readBack(), INSTRUCTIONS_SHEET);
    expect(sheet.getCell('A1').value).toBe('台账导入模板说明');
    expect(rowValues(sheet, 2, 5)).toEqual(['列名', '必填', '也可写作', '可填写的内容', '说明']);
    const rows = LEDGER_COLUMNS.map((_, i) => rowValues(sheet, 3 + i, 5).map((v) => v ?? ''));
    expect(rows).toEqual(instructionRows());
    expect(rows.map((r) => r[0])).toEqual(HEADERS);
    expect(rows.filter((r) => r[1] === '是').map((r) => r[0])).toEqual(['村', '户主', '鉴定等级']);
    const row = (header: string) => rows.find((r) => r[0] === header)!;
    expect(row('户主')[2]).toBe('户主姓名、姓名、户主名');
    expect(row('完工日期')[2]).toContain('竣工日期');
    expect(row('间数')[3]).toBe('0–200 的整数，可带“间”字，如 3 或 3间');
    expect(row('身份证号')[3]).toContain('文本格式');
    expect(row('技术服务')[3]).toContain('是或否');
    expect(row('地址')[3]).toBe('文字，最多 200 个字');
  });

  it('gives the date formats, the text-format warning and the example row under the 说明 table', async () => {
    const sheet = sheetOf(await readBack(), INSTRUCTIONS_SHEET);
    const notes: string[] = [];
    for (let r = 3 + LEDGER_COLUMNS.length; r <= sheet.rowCount; r++) {
      const value = sheet.getCell(r, 1).value;
      if (typeof value === 'string') notes.push(value);
    }
    const text = notes.join('\n');
    for (const format of ['2021-12-23', '2021/12/23', '2021.12.23', '2021年12月23日', '20211223']) expect(text).toContain(format);
    expect(text).toContain('15 位有效数字');
    expect(text).toContain(EXAMPLE_REMARK);
    expect(text).toContain('前 10 行');
  });

  it('makes every row of 说明 as tall as its wrapped text, in 等线', async () => {
    const sheet = sheetOf(await readBack(), INSTRUCTIONS_SHEET);
    const widths = [1, 2, 3, 4, 5].map((c) => sheet.getColumn(c).width!);
    const total = widths.reduce((a, b) => a + b, 0);
    let checked = 0;
    sheet.eachRow((row, rowNumber) => {
      row.eachCell((cell) => {
        if (typeof cell.value !== 'string' || (cell.isMerged && cell.master.address !== cell.address)) return;
        const width = cell.isMerged ? total : widths[Number(cell.col) - 1];
        const needed = rowHeightFor(wrappedLines(cell.value, width, cell.font.size), cell.font.size);
        expect([cell.address, cell.font.name, row.height >= needed]).toEqual([cell.address, '等线', true]);
        checked++;
      });
      expect(rowNumber).toBeGreaterThan(0);
    });
    expect(checked).toBeGreaterThan(LEDGER_COLUMNS.length * 3);
  });
});

describe('buildImportTemplateCsv', () => {
  const csv = buildImportTemplateCsv();
  const lines = csv.subarray(3).toString('utf8').split('\r\n');

  it('starts with the byte order mark so spreadsheets read it as UTF-8', () => {
    expect(csv.subarray(0, 3).toString('hex')).toBe('efbbbf');
  });

  it('has the header line, the example line and nothing else', () => {
    expect(lines[0]).toBe(
      '乡镇,村,户主,身份证号,联系电话,地址,间数,鉴定等级,鉴定机构,鉴定日期,鉴定报告编号,受损情况,开工日期,完工日期,验收日期,设计图集,监理服务,技术服务,备注',
    );
    expect(lines[1]).toBe(
      '孟封镇,孟封村,张三（示例）,,,孟封村1号（示例）,3,B级,某房屋安全鉴定机构（示例）,2021-11-05,示例-2021-001,墙体开裂，屋面渗漏,2021-11-20,2021-12-15,,是,否,是,示例行，导入前请删除',
    );
    expect(lines.slice(2)).toEqual(['']);
  });

  it('holds the same example as the workbook', () => {
    expect(lines[1].split(',')).toEqual(LEDGER_COLUMNS.map((c) => String(TEMPLATE_EXAMPLE[c.key] ?? '')));
  });
});
