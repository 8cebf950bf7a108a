/**
 * How much room a cell's text takes in a spreadsheet, so the XLSX writers can set column widths
 * and row heights themselves. Excel, WPS and LibreOffice Calc do not re-measure rows when they
 * open a file: a row left at the default 15 pt keeps one line however far its text wraps, and
 * the rest runs over the borders into the next row.
 *
 * Measured in display units of half a CJK character: a CJK character (or a full-width sign) is
 * two. A Latin letter or digit is not half of one in the sans-serif fonts the spreadsheets put
 * beside Chinese (DejaVu Sans, LibreOffice's choice on Linux, draws a digit 0.64 em wide), so it
 * counts 1.35, a space 0.7, and the widest signs (%, @, M, W) two.
 *
 * A column's width is in Excel's character units: the width of a digit of the workbook's default
 * font (Calibri 11, 7 px at 96 dpi), plus 5 px of margin. A CJK character at 11 pt is 15 px on
 * screen, a little more than two digits, so what fits is worked out in pixels. Everything errs
 * towards more lines: a row a little taller than needed is harmless, one too short is the overlap
 * this module exists to prevent.
 */

/** Pixels of a column-width unit (Calibri 11's digit at 96 dpi) and what Excel adds to each column. */
const UNIT_PX = 7;
const COLUMN_MARGIN_PX = 5;
/** The cell's own inner margins and grid line, left and right. */
const CELL_PADDING_PX = 3;
/** A line's height as a multiple of the font size: Noto Sans CJK, LibreOffice's fallback on Linux, is the tallest (1.45). */
const LINE_SPACING = 1.45;
/** Above and below the lines of a row, in points. */
const ROW_PADDING_PT = 3;

/** East Asian wide and full-width ranges (Unicode 15, UAX #11), plus the dashes, quotes and dots CJK fonts draw full width. */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2014, 0x2014], // —
  [0x2018, 0x2019], // ‘ ’
  [0x201c, 0x201d], // “ ”
  [0x2026, 0x2026], // …
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x3fffd],
];

/** Signs a line may not start with (kinsoku): they stay with the character before them. */
const NO_LINE_START = new Set(Array.from('，。、；：？！）」』】》〉〕”’…—,.;:!?)]}%'));
/** Signs a line may not end with: they go down with the character after them. */
const NO_LINE_END = new Set(Array.from('（「『【《〈〔“‘([{'));

function isWideChar(char: string): boolean {
  return isWide(char.codePointAt(0) ?? 0);
}

function isWide(codePoint: number): boolean {
  for (const [from, to] of WIDE_RANGES) {
    if (codePoint < from) return false;
    if (codePoint <= to) return true;
  }
  return false;
}

/** Display units in hundredths, so that sums stay exact. */
const WIDE = 200;
const NARROW = 135;
const SPACE = 70;
const WIDE_LATIN = new Set(Array.from('%@MWmw'));

function charWidth(char: string): number {
  const codePoint = char.codePointAt(0) ?? 0;
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0;
  // Combining marks take no room of their own.
  if (codePoint >= 0x300 && codePoint <= 0x36f) return 0;
  if (char === ' ') return SPACE;
  return isWide(codePoint) || WIDE_LATIN.has(char) ? WIDE : NARROW;
}

function hundredths(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** The text's width in display units: 2 for each CJK or full-width character, 1.35 for a Latin letter or digit (see above). */
export function displayWidth(text: string): number {
  return hundredths(text) / 100;
}

/** Half the width of a CJK character at `fontSize` points, in screen pixels (Excel rounds the font to whole pixels). */
function halfEmPx(fontSize: number): number {
  return Math.ceil((fontSize * 96) / 72) / 2;
}

/** How many display units fit on one line of a column `width` units wide (at least one). */
export function lineCapacity(width: number, fontSize = 11): number {
  const inner = Math.floor(width * UNIT_PX + COLUMN_MARGIN_PX) - CELL_PADDING_PX;
  return Math.max(1, Math.floor(inner / halfEmPx(fontSize)));
}

/**
 * The narrowest column width (in Excel units, whole) that shows `units` display units on one line.
 * The inverse of lineCapacity.
 */
export function widthForUnits(units: number, fontSize = 11): number {
  const inner = Math.ceil(units) * halfEmPx(fontSize);
  return Math.max(1, Math.ceil((inner + CELL_PADDING_PX - COLUMN_MARGIN_PX) / UNIT_PX));
}

/**
 * Splits a paragraph where a line may break: after a space, and on either side of a CJK
 * character, except before closing and after opening punctuation. A run of Latin letters and
 * digits (a word, a date, 90.8%) stays whole.
 */
function breakableTokens(paragraph: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let previous = '';
  for (const char of paragraph) {
    const mayBreak =
      current !== '' &&
      !NO_LINE_START.has(char) &&
      !NO_LINE_END.has(previous) &&
      (previous === ' ' || (char !== ' ' && (isWideChar(char) || isWideChar(previous))));
    if (mayBreak) {
      tokens.push(current);
      current = '';
    }
    current += char;
    previous = char;
  }
  if (current !== '') tokens.push(current);
  return tokens;
}

/** Lines of one paragraph (no line breaks in it) laid out greedily in `capacity` hundredths of a unit. */
function paragraphLines(paragraph: string, capacity: number): number {
  let lines = 1;
  let used = 0;
  for (const token of breakableTokens(paragraph)) {
    const width = hundredths(token);
    // Spaces at the end of a line take no room.
    const visible = hundredths(token.trimEnd());
    if (used > 0 && used + visible > capacity) {
      lines++;
      used = 0;
    }
    if (visible > capacity) {
      // A word longer than the line is cut anywhere, as the spreadsheets do.
      for (const char of token) {
        const w = charWidth(char);
        if (used > 0 && used + w > capacity) {
          lines++;
          used = 0;
        }
        used += w;
      }
      continue;
    }
    used += width;
  }
  return lines;
}

/** How many lines `text` wraps to in a column `width` units wide (its own line breaks included; at least 1). */
export function wrappedLines(text: string, width: number, fontSize = 11): number {
  const capacity = lineCapacity(width, fontSize) * 100;
  return text.split(/\r\n|\r|\n/).reduce((sum, paragraph) => sum + paragraphLines(paragraph, capacity), 0);
}

/** The height in points of a row that shows `lines` lines at `fontSize`, rounded up to a quarter point. */
export function rowHeightFor(lines: number, fontSize = 11): number {
  return Math.ceil((Math.max(1, lines) * fontSize * LINE_SPACING + ROW_PADDING_PT) * 4) / 4;
}

export interface WidthLimits {
  min: number;
  max: number;
}

/**
 * A column's width fitted to its texts: wide enough for the longest on one line (and one unit
 * spare), within `limits`; texts longer than the maximum wrap.
 */
export function fittedWidth(texts: Iterable<string>, limits: WidthLimits, fontSize = 11): number {
  let widest = 0;
  for (const text of texts) {
    for (const line of text.split(/\r\n|\r|\n/)) widest = Math.max(widest, displayWidth(line));
  }
  const width = widthForUnits(widest, fontSize) + 1;
  return Math.min(limits.max, Math.max(limits.min, width));
}

/**
 * The font every cell of the tracker's spreadsheets names. 等线 (DengXian) is the font of
 * Chinese Excel and WPS on Windows 10 and later; its charset (134, GB2312) lets Windows substitute
 * another Chinese font (宋体) where it is missing, and LibreOffice on Linux falls back to an
 * installed CJK font (Noto Sans CJK, WenQuanYi) for the Chinese and a sans-serif for the digits,
 * instead of the serif that Calibri's substitute gave beside Chinese text.
 */
export const SHEET_FONT = { name: '等线', family: 2, charset: 134, size: 11 } as const;
