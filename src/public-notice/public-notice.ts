import type ExcelJS from 'exceljs';
import { lazyModule } from '../common/lazy-module.js';
import { csvFile } from '../exports/csv.js';
import { formatBeijingTime } from '../common/dates.js';
import type { DamageGrade } from '../households/damage-grade.js';
import { rowHeightOf, sheetFont, writeMergedLine } from '../exports/tables/sheet-cells.js';
import { fittedWidth } from '../exports/tables/sheet-text-fit.js';

/** ExcelJS loads on first use (see lazyModule). */
const excel = lazyModule(async () => (await import('exceljs')).default);

/**
 * The village's public notice of appraisal results (鉴定结果公示), as CSV and XLSX files built
 * from plain rows. Names arrive already masked: this module never sees a full name.
 */

export interface PublicNoticeRow {
  /** The householder's name as masked for the public, e.g. 郑*亮. */
  maskedName: string;
  grade: DamageGrade;
  appraisalAgency: string | null;
  /** YYYY-MM-DD */
  appraisalDate: string | null;
}

export interface PublicNotice {
  county: string;
  township: string;
  village: string;
  generatedAt: Date;
  rows: PublicNoticeRow[];
  /** Placeholder households (no householder in the source) left out of the notice. */
  omittedPlaceholders: number;
}

const HEADERS = ['序号', '户主', '鉴定等级', '等级说明', '鉴定机构', '鉴定日期'] as const;

const GRADE_MEANINGS: Record<DamageGrade, string> = {
  A: '安全',
  B: '局部不安全（修缮）',
  C: '局部危险（修缮加固）',
  D: '整体危险（拆除重建）',
};

const OBJECTION_NOTE = '公示期内如有异议，请向村委会或乡镇政府反映。';

/** '清徐县孟封镇阎家营村因灾受损房屋鉴定结果公示' */
export function publicNoticeTitle(n: PublicNotice): string {
  return `${n.county}${n.township}${n.village}因灾受损房屋鉴定结果公示`;
}

/** The title with the extension. The name is Chinese: send it RFC 5987-encoded (filename*=UTF-8''…). */
export function publicNoticeFileName(n: PublicNotice, ext: 'csv' | 'xlsx'): string {
  return `${publicNoticeTitle(n)}.${ext}`;
}

type Cell = string | number;

/** One table row: number, name, grade, meaning, agency, date (absent values as empty text). */
function tableRow(row: PublicNoticeRow, index: number): Cell[] {
  return [index + 1, row.maskedName, row.grade, GRADE_MEANINGS[row.grade], row.appraisalAgency ?? '', row.appraisalDate ?? ''];
}

/** '共160户，列出6户': the village's households, and how many the notice lists (placeholders are not). */
export function publicNoticeCountLine(n: PublicNotice): string {
  return `共${n.rows.length + n.omittedPlaceholders}户，列出${n.rows.length}户`;
}

/** The lines printed under the table. */
function noteLines(n: PublicNotice): string[] {
  return [
    OBJECTION_NOTE,
    ...(n.omittedPlaceholders > 0 ? [`另有${n.omittedPlaceholders}户为占位记录（来源未列户主），未列入本公示。`] : []),
    `生成时间：${formatBeijingTime(n.generatedAt)}（北京时间）`,
  ];
}

/** The notice as CSV: UTF-8 with a byte order mark (so Excel reads the Chinese), CRLF line ends. */
export function buildPublicNoticeCsv(n: PublicNotice): Buffer {
  const lines: Cell[][] = [
    [publicNoticeTitle(n)],
    [publicNoticeCountLine(n)],
    [...HEADERS],
    ...n.rows.map(tableRow),
    ...noteLines(n).map((line) => [line]),
  ];
  return csvFile(lines);
}

/** The widest each column is made to fit its texts, in Excel character units; longer text wraps. */
const MAX_WIDTHS = [8, 16, 10, 24, 36, 16];
const MIN_WIDTH = 6;
const TITLE_ROW = 1;
const COUNT_ROW = 2;
const HEADER_ROW = 3;
const TITLE_SIZE = 16;
const A4 = 9;

/**
 * The notice as an XLSX workbook: one sheet 公示 with the title merged over the table, the count
 * line, a bold header frozen in view and repeated on every printed page, A4 portrait fitted to
 * the width, and the notes under the table after one blank row. Every cell but 序号 is text.
 * Every cell names the CJK font; columns are fitted to their texts and each row is as tall as
 * its wrapped text (see sheet-text-fit.ts), so a long agency name never runs into the next row.
 */
export async function buildPublicNoticeXlsx(n: PublicNotice): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  workbook.created = n.generatedAt;
  workbook.modified = n.generatedAt;
  const rows = n.rows.map(tableRow);
  const widths = HEADERS.map((header, c) =>
    fittedWidth([header, ...rows.map((cells) => String(cells[c]))], { min: MIN_WIDTH, max: MAX_WIDTHS[c] }),
  );
  const lastColumn = HEADERS.length;

  const sheet = workbook.addWorksheet('公示', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW }],
    pageSetup: {
      // ExcelJS declares PaperSize as a type-only enum: 9 is A4 in the OOXML paper-size list.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
      paperSize: A4 as ExcelJS.PaperSize,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${TITLE_ROW}:${HEADER_ROW}`,
    },
  });
  sheet.columns = widths.map((width) => ({ width }));
  const line = (rowNumber: number, text: string, style: { bold?: boolean; size?: number } = {}, horizontal: 'left' | 'center' = 'left') => {
    sheet.getRow(rowNumber).height = writeMergedLine(sheet, rowNumber, widths, {
      text,
      from: 1,
      to: lastColumn,
      font: sheetFont(style),
      horizontal,
    });
  };

  line(TITLE_ROW, publicNoticeTitle(n), { bold: true, size: TITLE_SIZE }, 'center');
  line(COUNT_ROW, publicNoticeCountLine(n));

  const header = sheet.getRow(HEADER_ROW);
  HEADERS.forEach((text, i) => {
    const cell = header.getCell(i + 1);
    cell.value = text;
    cell.font = sheetFont({ bold: true });
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
  });
  header.height = rowHeightOf(HEADERS.map((text, i) => ({ text, width: widths[i] })));

  rows.forEach((cells, index) => {
    const sheetRow = sheet.getRow(HEADER_ROW + 1 + index);
    cells.forEach((value, i) => {
      const cell = sheetRow.getCell(i + 1);
      if (value !== '') cell.value = value;
      if (typeof value === 'string') cell.numFmt = '@';
      cell.font = sheetFont();
      cell.alignment = { vertical: 'middle', wrapText: true, horizontal: i === 4 ? 'left' : 'center' };
    });
    sheetRow.height = rowHeightOf(cells.map((value, i) => ({ text: String(value), width: widths[i] })));
  });

  const firstNoteRow = HEADER_ROW + n.rows.length + 2;
  noteLines(n).forEach((text, i) => line(firstNoteRow + i, text));

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
