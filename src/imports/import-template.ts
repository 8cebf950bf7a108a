import type ExcelJS from 'exceljs';
import { lazyModule } from '../common/lazy-module.js';
import { csvFile, type CsvField } from '../exports/csv.js';
import { rowHeightOf, sheetFont, writeMergedLine } from '../exports/tables/sheet-cells.js';
import { fittedWidth } from '../exports/tables/sheet-text-fit.js';
import { ROOMS_MAX, ROOMS_MIN } from './cell-values.js';
import { type ColumnKind, HEADER_SEARCH_ROWS, LEDGER_COLUMNS, type LedgerColumn, type LedgerColumnKey } from './ledger-columns.js';

/** ExcelJS loads on first use (see lazyModule). */
const excel = lazyModule(async () => (await import('exceljs')).default);

/**
 * The ledger import template (台账导入模板): an empty ledger with the canonical headers
 * (ledger-columns.ts) and one example row, for offices to fill in or paste their own ledger
 * into. As XLSX it also has dropdowns for 村 (the caller's villages), 鉴定等级 and the three
 * 是/否 columns, text-formatted number columns, and a 说明 sheet describing every column; as
 * CSV only the header and the example row. Pure: the villages come from the caller.
 */

export type TemplateFormat = 'xlsx' | 'csv';

export const LEDGER_SHEET = '住户台账';
export const INSTRUCTIONS_SHEET = '说明';
/** A hidden sheet holding the 村 dropdown's list: a list written into the validation itself is limited to 255 characters. */
export const LISTS_SHEET = '下拉选项';

/** What the example row's 备注 says, so that the import can recognise the row if it is left in. */
export const EXAMPLE_REMARK = '示例行，导入前请删除';

/** How many rows under the header get the dropdowns and the column formats' reminder. */
export const TEMPLATE_ROWS = 2000;

export const GRADE_CHOICES = ['A级', 'B级', 'C级', 'D级'] as const;
export const YES_NO_CHOICES = ['是', '否'] as const;

/**
 * The example household: made up (张三 is the Chinese "John Doe"), marked 示例 where a name or a
 * number could be taken for a real one. The ID-card and phone cells are left blank: any
 * well-formed number might be somebody's.
 */
export const TEMPLATE_EXAMPLE: Readonly<Record<LedgerColumnKey, string | number | null>> = {
  township: '孟封镇',
  village: '孟封村',
  householder: '张三（示例）',
  idCardNumber: null,
  phone: null,
  address: '孟封村1号（示例）',
  rooms: 3,
  grade: 'B级',
  appraisalAgency: '某房屋安全鉴定机构（示例）',
  appraisalDate: '2021-11-05',
  appraisalReportNo: '示例-2021-001',
  appraisalFindings: '墙体开裂，屋面渗漏',
  startedOn: '2021-11-20',
  completedOn: '2021-12-15',
  acceptedOn: null,
  designDrawings: '是',
  constructionSupervision: '否',
  technicalService: '是',
  remarks: EXAMPLE_REMARK,
};

export const TEMPLATE_FILE_NAMES: Record<TemplateFormat, string> = { xlsx: '台账导入模板.xlsx', csv: '台账导入模板.csv' };

/** The date spellings the import reads (cell-values.ts parseDate), as the 说明 sheet lists them. */
export const DATE_FORMATS_NOTE =
  '日期可写作 2021-12-23、2021/12/23、2021.12.23、2021年12月23日或 20211223（月、日可为一位数，全角数字亦可），也可使用 Excel 的日期单元格';

/** What a column accepts, for the 说明 sheet. */
function acceptedValues(column: LedgerColumn): string {
  switch (column.kind) {
    case 'text':
      return `文字，最多 ${column.maxLength} 个字${'multiline' in column ? '，可换行' : ''}`;
    case 'village':
      return '您管辖范围内的村名、村的别名或 12 位统计用区划代码；可从下拉列表选择';
    case 'integer':
      return `${ROOMS_MIN}–${ROOMS_MAX} 的整数，可带“间”字，如 3 或 3间`;
    case 'date':
      return '日期（写法见表下说明）';
    case 'grade':
      return 'A、B、C 或 D，也可写作 A级…D级（全角字母亦可）；可从下拉列表选择';
    case 'yes-no':
      return '是或否（也可写有/无、√/×、Y/N）；未记录的留空；可从下拉列表选择';
    case 'id-card':
      return '18 位居民身份证号码，最后一位可为 X；本列为文本格式，请勿改为数字格式';
    case 'phone':
      return '手机号（11 位）或带区号的固定电话（如 0351-5551234）；本列为文本格式';
  }
}

/** The notes printed under the 说明 table. */
function instructionNotes(): string[] {
  return [
    `表头：须在前 ${HEADER_SEARCH_ROWS} 行之内（上方可以有标题），列的顺序不限；“也可写作”中的名称都能识别，表头可带“（必填）”或“*”。不认识的列会被忽略，并在导入结果中列出。`,
    `必填列：${LEDGER_COLUMNS.filter((c) => c.required)
      .map((c) => c.header)
      .join('、')}（表头底色为橙色）。每户一行。`,
    `${DATE_FORMATS_NOTE}。`,
    '身份证号、联系电话两列已设为文本格式：数字格式的单元格里，Excel 只保留 15 位有效数字（18 位身份证号的最后几位会变成 0），固定电话区号开头的 0 也会丢失。从别的表格粘贴时，请使用“选择性粘贴 → 数值”或“只粘贴文本”，以免把数字格式一起带入。',
    `第 2 行是示例（备注为“${EXAMPLE_REMARK}”），导入前请删除。`,
  ];
}

/** Text columns, and the ID-card and phone numbers, are text cells: Excel would read 1-2 as a date and 18 digits as a number. */
const isTextFormatted = (column: LedgerColumn): boolean => ['text', 'village', 'id-card', 'phone'].includes(column.kind);

const DATE_FORMAT = 'yyyy-mm-dd';
/** What people type into the columns the example leaves blank or short, so that it shows whole: 18 digits, a landline, a date. */
const WIDEST_TYPED: Partial<Record<ColumnKind, readonly string[]>> = {
  'id-card': ['14012119900101123X'],
  phone: ['0351-55512345'],
  date: ['2021-12-23'],
};
/** Short values (dates, grades, 是/否, rooms) are centred, as in the tracker's other sheets. */
const CENTRED_KINDS: readonly ColumnKind[] = ['date', 'grade', 'yes-no', 'integer'];
/** The widest a column is made for its header and example; longer text wraps. */
const MAX_WIDTH = 24;
const MIN_WIDTH = 8;

const THIN: Partial<ExcelJS.Border> = { style: 'thin' };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };
/** The example row is grey, so that nobody takes it for a household. */
const EXAMPLE_FONT: Partial<ExcelJS.Font> = { ...sheetFont(), color: { argb: 'FF7F7F7F' } };
// ExcelJS declares PaperSize as a type-only enum: 9 is A4 in the OOXML paper-size list.
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
const A4 = 9 as ExcelJS.PaperSize;
const CREATOR = '因灾受损房屋修缮进度台账';

/** The example row as the sheet shows it (dates as text here; the XLSX writes them as date cells). */
const exampleText = (column: LedgerColumn): string => String(TEMPLATE_EXAMPLE[column.key] ?? '');

/**
 * ExcelJS types only the per-cell `dataValidation` setter, which would create every cell of
 * every validated row. Its worksheet keeps them in `dataValidations`, whose `add` also takes a
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

export interface TemplateInput {
  /** The caller's villages, for the 村 dropdown, in the order to list them (a name repeated in another township is listed once). */
  villages: readonly string[];
  /** When the file is made: the workbook's created and modified dates. */
  generatedAt: Date;
}

/** The template as an XLSX workbook: 住户台账 (header and example row), 说明, and the hidden list of villages. */
export async function buildImportTemplateXlsx(input: TemplateInput): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = CREATOR;
  workbook.created = input.generatedAt;
  workbook.modified = input.generatedAt;
  const villages = [...new Set(input.villages)];
  addLedgerSheet(workbook, villages);
  addInstructionsSheet(workbook);
  if (villages.length > 0) {
    const lists = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
    villages.forEach((name, i) => {
      const cell = lists.getCell(i + 1, 1);
      cell.value = name;
      cell.numFmt = '@';
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addLedgerSheet(workbook: ExcelJS.Workbook, villages: readonly string[]): void {
  const sheet = workbook.addWorksheet(LEDGER_SHEET, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
    pageSetup: { paperSize: A4, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  const widths = LEDGER_COLUMNS.map((column) => {
    const texts = [column.header, exampleText(column)];
    if (column.kind === 'village') texts.push(...villages);
    // A number is never wrapped: its column is as wide as it takes, past the maximum.
    return Math.max(
      fittedWidth(texts, { min: MIN_WIDTH, max: MAX_WIDTH }),
      fittedWidth(WIDEST_TYPED[column.kind] ?? [], { min: MIN_WIDTH, max: Number.POSITIVE_INFINITY }),
    );
  });
  // Column styles reach the cells people type into later: the font, and text or date formats.
  sheet.columns = LEDGER_COLUMNS.map((column, i) => ({
    key: column.key,
    width: widths[i],
    style: {
      font: sheetFont(),
      alignment: { vertical: 'middle', wrapText: true, ...(CENTRED_KINDS.includes(column.kind) ? { horizontal: 'center' as const } : {}) },
      ...(isTextFormatted(column) ? { numFmt: '@' } : column.kind === 'date' ? { numFmt: DATE_FORMAT } : {}),
    },
  }));

  const header = sheet.getRow(1);
  LEDGER_COLUMNS.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = column.header;
    cell.font = sheetFont({ bold: true });
    cell.fill = column.required ? REQUIRED_FILL : HEADER_FILL;
    cell.border = BOX;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  header.height = rowHeightOf(LEDGER_COLUMNS.map((column, i) => ({ text: column.header, width: widths[i] })));

  const example = sheet.getRow(2);
  LEDGER_COLUMNS.forEach((column, i) => {
    const value = TEMPLATE_EXAMPLE[column.key];
    const cell = example.getCell(i + 1);
    cell.font = EXAMPLE_FONT;
    if (value === null) return;
    // A date cell, as Excel makes one when a date is typed: ExcelJS writes a UTC midnight as the day's serial number.
    cell.value = column.kind === 'date' ? new Date(`${value}T00:00:00Z`) : value;
  });
  example.height = rowHeightOf(LEDGER_COLUMNS.map((column, i) => ({ text: exampleText(column), width: widths[i] })));

  const lastRow = TEMPLATE_ROWS + 1;
  LEDGER_COLUMNS.forEach((column, i) => {
    const letter = sheet.getColumn(i + 1).letter;
    const range = `${letter}2:${letter}${lastRow}`;
    if (column.kind === 'village' && villages.length > 0) {
      const list = dropdown(
        `'${LISTS_SHEET}'!$A$1:$A$${villages.length}`,
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

const INSTRUCTION_HEADERS = ['列名', '必填', '也可写作', '可填写的内容', '说明'] as const;
const INSTRUCTION_WIDTHS = [14, 6, 30, 44, 36];

/** One 说明 row per column: its header, whether required, the other headers read as it, what it accepts, what it holds. */
export function instructionRows(): string[][] {
  return LEDGER_COLUMNS.map((column) => [
    column.header,
    column.required ? '是' : '',
    column.synonyms.join('、'),
    acceptedValues(column),
    column.description,
  ]);
}

function addInstructionsSheet(workbook: ExcelJS.Workbook): void {
  const sheet = workbook.addWorksheet(INSTRUCTIONS_SHEET, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 2 }],
    pageSetup: { paperSize: A4, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2' },
  });
  const widths = INSTRUCTION_WIDTHS;
  sheet.columns = widths.map((width) => ({ width }));
  const lastColumn = widths.length;
  sheet.getRow(1).height = writeMergedLine(sheet, 1, widths, {
    text: '台账导入模板说明',
    from: 1,
    to: lastColumn,
    font: sheetFont({ bold: true, size: 14 }),
    horizontal: 'center',
  });

  const header = sheet.getRow(2);
  INSTRUCTION_HEADERS.forEach((text, i) => {
    const cell = header.getCell(i + 1);
    cell.value = text;
    cell.font = sheetFont({ bold: true });
    cell.fill = HEADER_FILL;
    cell.border = BOX;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  header.height = rowHeightOf(INSTRUCTION_HEADERS.map((text, i) => ({ text, width: widths[i] })));

  const rows = instructionRows();
  rows.forEach((cells, index) => {
    const row = sheet.getRow(3 + index);
    cells.forEach((text, i) => {
      const cell = row.getCell(i + 1);
      if (text !== '') cell.value = text;
      cell.font = sheetFont({ bold: i === 0 });
      if (i === 0 && LEDGER_COLUMNS[index].required) cell.fill = REQUIRED_FILL;
      cell.border = BOX;
      cell.alignment = { vertical: 'middle', wrapText: true, horizontal: i < 2 ? 'center' : 'left' };
    });
    row.height = rowHeightOf(cells.map((text, i) => ({ text, width: widths[i] })));
  });

  const firstNote = 3 + rows.length + 1;
  instructionNotes().forEach((text, i) => {
    sheet.getRow(firstNote + i).height = writeMergedLine(sheet, firstNote + i, widths, { text, from: 1, to: lastColumn });
  });
}

/** The template as CSV: the header row and the example row, UTF-8 with a BOM (csv.ts). */
export function buildImportTemplateCsv(): Buffer {
  const header: CsvField[] = LEDGER_COLUMNS.map((column) => column.header);
  const example: CsvField[] = LEDGER_COLUMNS.map((column) => TEMPLATE_EXAMPLE[column.key] ?? '');
  return csvFile([header, example]);
}
