import type ExcelJS from 'exceljs';
import { lazyModule } from '../common/lazy-module.js';
import { csvFile, type CsvField } from '../exports/csv.js';
import { rowHeightOf, sheetFont, writeMergedLine } from '../exports/tables/sheet-cells.js';
import { ROOMS_MAX, ROOMS_MIN } from './cell-values.js';
import { HEADER_SEARCH_ROWS, LEDGER_COLUMNS, type LedgerColumn, type LedgerColumnKey } from './ledger-columns.js';
import {
  A4,
  addLedgerDropdowns,
  BOX,
  HEADER_FILL,
  LEDGER_SHEET,
  ledgerCellValue,
  ledgerColumnWidths,
  ledgerSheetColumns,
  ledgerSheetOptions,
  LISTS_SHEET,
  REQUIRED_FILL,
  writeLedgerHeader,
  writeVillageList,
} from './ledger-sheet.js';

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

// The ledger sheet's layout is shared with the household ledger export (ledger-sheet.ts).
export { GRADE_CHOICES, LEDGER_SHEET, LISTS_SHEET, YES_NO_CHOICES } from './ledger-sheet.js';
export const INSTRUCTIONS_SHEET = '说明';

/** What the example row's 备注 says, so that the import can recognise the row if it is left in. */
export const EXAMPLE_REMARK = '示例行，导入前请删除';

/** How many rows under the header get the dropdowns and the column formats' reminder. */
export const TEMPLATE_ROWS = 2000;

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

/** The example row is grey, so that nobody takes it for a household. */
const EXAMPLE_FONT: Partial<ExcelJS.Font> = { ...sheetFont(), color: { argb: 'FF7F7F7F' } };
const CREATOR = '因灾受损房屋修缮进度台账';

/** The example row as the sheet shows it (dates as text here; the XLSX writes them as date cells). */
const exampleText = (column: LedgerColumn): string => String(TEMPLATE_EXAMPLE[column.key] ?? '');

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
  if (villages.length > 0) writeVillageList(workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' }), villages);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addLedgerSheet(workbook: ExcelJS.Workbook, villages: readonly string[]): void {
  const sheet = workbook.addWorksheet(LEDGER_SHEET, ledgerSheetOptions());
  const widths = ledgerColumnWidths((column) => (column.kind === 'village' ? [exampleText(column), ...villages] : [exampleText(column)]));
  sheet.columns = ledgerSheetColumns(widths);
  writeLedgerHeader(sheet.getRow(1), widths);

  const example = sheet.getRow(2);
  LEDGER_COLUMNS.forEach((column, i) => {
    const value = ledgerCellValue(column, TEMPLATE_EXAMPLE[column.key]);
    const cell = example.getCell(i + 1);
    cell.font = EXAMPLE_FONT;
    if (value !== null) cell.value = value;
  });
  example.height = rowHeightOf(LEDGER_COLUMNS.map((column, i) => ({ text: exampleText(column), width: widths[i] })));

  addLedgerDropdowns(sheet, TEMPLATE_ROWS + 1, villages.length);
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
