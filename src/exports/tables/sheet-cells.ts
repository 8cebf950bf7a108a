import type ExcelJS from 'exceljs';
import { rowHeightFor, SHEET_FONT, wrappedLines } from './sheet-text-fit.js';

/**
 * Cell writing that the tracker's XLSX files share (the period report and the 公示): every cell
 * in the CJK font, and rows as tall as their wrapped text (see sheet-text-fit.ts). Works on both
 * of ExcelJS's worksheets, the streaming writer's and the in-memory one.
 */

/** The sheet font, bold or larger where asked. */
export function sheetFont(style: { bold?: boolean; size?: number } = {}): Partial<ExcelJS.Font> {
  return { ...SHEET_FONT, ...style };
}

/** A cell's text as laid out: its width (of its merged range) and font size. */
export interface LaidOutText {
  text: string;
  width: number;
  fontSize?: number;
}

/** The height in points a row needs for the tallest of its wrapping texts. */
export function rowHeightOf(texts: readonly LaidOutText[], fontSize: number = SHEET_FONT.size): number {
  let height = rowHeightFor(1, fontSize);
  for (const t of texts) {
    const size = t.fontSize ?? fontSize;
    if (t.text !== '') height = Math.max(height, rowHeightFor(wrappedLines(t.text, t.width, size), size));
  }
  return height;
}

/** The total width of columns `from` to `to` (1-based, inclusive) out of `widths`. */
export function spanWidth(widths: readonly number[], from: number, to: number): number {
  return widths.slice(from - 1, to).reduce((sum, w) => sum + w, 0);
}

export interface MergedLine {
  text: string;
  from: number;
  to: number;
  font?: Partial<ExcelJS.Font>;
  horizontal?: 'left' | 'center' | 'right';
  vertical?: 'middle' | 'bottom';
  border?: Partial<ExcelJS.Borders>;
}

/**
 * Text merged across columns `from`…`to` of a row, wrapping within them. Returns the height the
 * row needs for it (merged cells are never measured by the spreadsheets themselves).
 */
export function writeMergedLine(sheet: ExcelJS.Worksheet, rowNumber: number, widths: readonly number[], line: MergedLine): number {
  const font = line.font ?? sheetFont();
  const cell = sheet.getCell(rowNumber, line.from);
  if (line.text !== '') cell.value = line.text;
  cell.font = font;
  cell.alignment = { horizontal: line.horizontal ?? 'left', vertical: line.vertical ?? 'middle', wrapText: true };
  if (line.border) {
    // Each cell of the range carries the border, or only the first would show it.
    for (let column = line.from; column <= line.to; column++) sheet.getCell(rowNumber, column).border = line.border;
  }
  if (line.to > line.from) sheet.mergeCells(rowNumber, line.from, rowNumber, line.to);
  const size = font.size ?? SHEET_FONT.size;
  return rowHeightOf([{ text: line.text, width: spanWidth(widths, line.from, line.to), fontSize: size }], size);
}
