import { isCalendarDate } from '../common/dates.js';
import { issue } from '../common/messages/problem.js';
import { isBlankText, readableTextProblem } from '../common/readable-text.js';
import type { DamageGrade } from '../households/damage-grade.js';
import { checkIdCardNumber, normalizeIdCardNumber } from '../personal-data/id-card-number.js';
import { checkPhone, normalizePhone } from '../personal-data/phone.js';
import { type CellIssue, importIssue } from './import-messages.js';
import type { ColumnKind } from './ledger-columns.js';

/**
 * The cells of a household ledger read into the household's values: what ExcelJS hands over for
 * an XLSX cell (a string, a number, a boolean, a Date in UTC for a date cell, rich text, a
 * formula with its result, an error such as #N/A) or a CSV field (a string), as people fill them
 * in: dates in half a dozen spellings, grades as B级 or Ｂ, yes/no as √ and ×, ID-card numbers
 * that Excel has turned into numbers. Each parser answers the value or the rule it breaks, by a
 * code of import-messages.ts or the central catalogue; a blank cell is null (whether a column
 * may be blank is the caller's rule). Pure (no Nest).
 */

export type CellResult<T> = { readonly ok: true; readonly value: T } | ({ readonly ok: false } & CellIssue);

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const fail = (cellIssue: CellIssue): CellResult<never> => ({ ok: false, ...cellIssue });

type Plain = string | number | boolean | Date;
type Unwrapped =
  { readonly kind: 'blank' } | { readonly kind: 'error'; readonly text: string } | { readonly kind: 'value'; readonly value: Plain };

const BLANK: Unwrapped = { kind: 'blank' };
/** Formulas whose result is itself a formula cell: ExcelJS never nests them this deep. */
const MAX_NESTING = 4;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * A cell's value as a plain value: rich text joined into its text, a hyperlink as its text, a
 * formula as its cached result (a file saved without results reads as blank), a formula error
 * (#N/A, #REF!) as an error; text of only whitespace and invisible characters is blank.
 */
function unwrap(value: unknown, depth = 0): Unwrapped {
  if (value === null || value === undefined) return BLANK;
  if (typeof value === 'string') return isBlankText(value) ? BLANK : { kind: 'value', value };
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'value', value } : BLANK;
  if (typeof value === 'boolean' || value instanceof Date) return { kind: 'value', value };
  if (!isObject(value) || depth >= MAX_NESTING) return BLANK;
  if (Array.isArray(value.richText)) {
    const text = value.richText.map((run: unknown) => (isObject(run) && typeof run.text === 'string' ? run.text : '')).join('');
    return unwrap(text, depth + 1);
  }
  if (typeof value.error === 'string') return { kind: 'error', text: value.error };
  if ('formula' in value || 'sharedFormula' in value) return unwrap(value.result, depth + 1);
  if ('text' in value) return unwrap(value.text, depth + 1);
  return BLANK;
}

/** 'YYYY-MM-DD' of an instant's UTC day (ExcelJS gives date cells as UTC midnight). */
const utcDay = (instant: Date): string => instant.toISOString().slice(0, 10);

/**
 * A cell's text as a person sees it, or null when blank: numbers as digits, a date cell as
 * YYYY-MM-DD, TRUE/FALSE, a formula error as its code. For headers and text columns.
 */
export function cellText(value: unknown): string | null {
  const cell = unwrap(value);
  if (cell.kind === 'blank') return null;
  if (cell.kind === 'error') return cell.text;
  return plainText(cell.value);
}

function plainText(value: Plain): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : utcDay(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

/** At most this many characters of a cell are quoted in a message, so that a long one does not swamp it. */
const EXCERPT_LENGTH = 20;

/** The cell's text as a message quotes it: on one line, cut short. */
function excerpt(value: Plain): string {
  const text = plainText(value).replace(/\s+/g, ' ').trim();
  const chars = [...text];
  return chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH).join('')}…` : text;
}

/** Full-width digits, letters and signs (２０２１－１２－２３, Ｂ, （）) folded to their ASCII forms, as NFKC does. */
const folded = (text: string): string => text.normalize('NFKC').trim();

// ── text ──

export interface TextRules {
  readonly maxLength?: number;
  /** Findings and remarks keep their line breaks; in names and addresses a line break (Alt+Enter in Excel) is a space. */
  readonly multiline?: boolean;
}

const DISARMED_FORMULA = /^'[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A text column: trimmed, blank as null, readable (readable-text.ts), at most `maxLength` characters. */
export function parseText(value: unknown, rules: TextRules = {}): CellResult<string | null> {
  const cell = unwrap(value);
  if (cell.kind === 'blank') return ok(null);
  if (cell.kind === 'error') return fail(importIssue('cell_error', { text: cell.text }));
  const multiline = rules.multiline ?? false;
  let text = plainText(cell.value);
  // The apostrophe a CSV export puts before text that starts like a formula (src/exports/csv.ts) is not part of the text.
  if (DISARMED_FORMULA.test(text)) text = text.slice(1);
  text = multiline ? text.replace(/\r\n?/g, '\n') : text.replace(/[ \t]*[\r\n\t]+[ \t]*/g, ' ');
  text = text.trim();
  if (isBlankText(text)) return ok(null);
  const unreadable = readableTextProblem(text, { multiline });
  if (unreadable) return fail(unreadable);
  if (rules.maxLength !== undefined && [...text].length > rules.maxLength) return fail(issue('too_long', { max: rules.maxLength }));
  return ok(text);
}

// ── dates ──

/**
 * The dates a ledger may hold: the floods were in October 2021, and a year outside these is
 * another number typed into a date column (rooms, a serial number of 5, a year alone).
 */
export const EARLIEST_LEDGER_DATE = '2000-01-01';
export const LATEST_LEDGER_DATE = '2099-12-31';

const DAY_MS = 86_400_000;

/**
 * The day an Excel serial number stands for, 'YYYY-MM-DD'. In the 1900 date system (Windows
 * Excel, WPS, LibreOffice's default for XLSX) day 1 is 1900-01-01 and day 60 is 1900-02-29, a
 * day that never was (Lotus 1-2-3 took 1900 for a leap year and Excel kept it), so from day 61
 * on the count is one ahead; day 60 is answered as '1900-02-29', which the caller refuses. In the
 * 1904 system (old Mac workbooks) day 0 is 1904-01-01. A fraction is the time of day.
 */
export function excelSerialDate(serial: number, date1904 = false): string {
  const days = Math.floor(serial);
  if (date1904) return utcDay(new Date(Date.UTC(1904, 0, 1) + days * DAY_MS));
  if (days === 60) return '1900-02-29';
  const dayZero = days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return utcDay(new Date(dayZero + days * DAY_MS));
}

/** 2021-12-23, 2021/12/23, 2021.12.23 (one separator throughout, months and days of one or two digits), maybe with a time. */
const SEPARATED = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
/** 2021年12月23日 (日 or 号, or neither). */
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/;
/** 20211223 */
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/** A date cell's day, checked to exist and to lie within the ledger's years. */
function checkedDate(year: number, month: number, day: number): CellResult<string> {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return checkedDateText(date);
}

function checkedDateText(date: string): CellResult<string> {
  if (!isCalendarDate(date)) return fail(importIssue('date_impossible', { date }));
  if (date < EARLIEST_LEDGER_DATE || date > LATEST_LEDGER_DATE) {
    return fail(importIssue('date_out_of_range', { date, earliest: EARLIEST_LEDGER_DATE, latest: LATEST_LEDGER_DATE }));
  }
  return ok(date);
}

export interface DateOptions {
  /** The workbook counts serial numbers from 1904 (ExcelJS: workbook.properties.date1904). */
  readonly date1904?: boolean;
}

/**
 * A calendar date, 'YYYY-MM-DD': a date cell (its UTC day, any time of day ignored), an Excel
 * serial number, a number typed as 20211223, or text written 2021-12-23, 2021/12/23,
 * 2021.12.23, 2021年12月23日 or 20211223, in full-width digits too. A day that does not exist
 * (2021-02-30) is refused, not rolled over into March.
 */
export function parseDate(value: unknown, options: DateOptions = {}): CellResult<string | null> {
  const cell = unwrap(value);
  if (cell.kind === 'blank') return ok(null);
  if (cell.kind === 'error') return fail(importIssue('cell_error', { text: cell.text }));
  const v = cell.value;
  if (v instanceof Date) {
    return Number.isNaN(v.getTime()) ? fail(importIssue('date_unreadable', { text: '' })) : checkedDateText(utcDay(v));
  }
  if (typeof v === 'number') {
    // Eight digits are a date typed without separators into a number cell; as a serial
    // number they would be a day some 55,000 years from now.
    if (Number.isInteger(v) && v >= 10_000_000 && v <= 99_999_999)
      return checkedDate(Math.floor(v / 10_000), Math.floor(v / 100) % 100, v % 100);
    if (v >= 1) return checkedDateText(excelSerialDate(v, options.date1904));
    return fail(importIssue('date_unreadable', { text: excerpt(v) }));
  }
  if (typeof v === 'string') {
    const text = folded(v);
    const separated = SEPARATED.exec(text);
    if (separated) return checkedDate(Number(separated[1]), Number(separated[3]), Number(separated[4]));
    const match = CHINESE.exec(text) ?? COMPACT.exec(text);
    if (match) return checkedDate(Number(match[1]), Number(match[2]), Number(match[3]));
  }
  return fail(importIssue('date_unreadable', { text: excerpt(v) }));
}

// ── grade ──

/** B, b, Ｂ, B级, B 级, B级危房, and the labels the pages show (B级（局部不安全，修缮）). */
const GRADE = /^([A-D])\s*(?:级\s*)?(?:危房\s*)?(?:\(.*\))?$/su;

/** The appraised damage grade A–D. */
export function parseGrade(value: unknown): CellResult<DamageGrade | null> {
  const cell = unwrap(value);
  if (cell.kind === 'blank') return ok(null);
  if (cell.kind === 'error') return fail(importIssue('cell_error', { text: cell.text }));
  const match = typeof cell.value === 'string' ? GRADE.exec(folded(cell.value).toUpperCase()) : null;
  if (!match) return fail(importIssue('grade_unknown', { text: excerpt(cell.value) }));
  return ok(match[1] as DamageGrade);
}

// ── yes / no ──

const YES = new Set(['是', '有', 'y', 'yes', '√', '✓', '✔', 'true']);
const NO = new Set(['否', '无', '没有', 'n', 'no', '×', '✕', '✗', '✘', 'false']);

/**
 * Whether one of the three free services was given: 是/否, 有/无, √/×, Y/N, yes/no, TRUE/FALSE
 * (a boolean cell too). Blank is null: nobody has recorded it either way.
 */
export function parseYesNo(value: unknown): CellResult<boolean | null> {
  const cell = unwrap(value);
  if (cell.kind === 'blank') return ok(null);
  if (cell.kind === 'error') return fail(importIssue('cell_error', { text: cell.text }));
  if (typeof cell.value === 'boolean') return ok(cell.value);
  if (typeof cell.value === 'string') {
    const text = folded(cell.value).toLowerCase();
    if (YES.has(text)) return ok(true);
    if (NO.has(text)) return ok(false);
  }
  return fail(importIssue('yes_no_unknown', { text: excerpt(cell.value) }));
}

// ── rooms ──

/** The API's limits for a household's rooms (CreateHouseholdDto). */
export const ROOMS_MIN = 0;
export const ROOMS_MAX = 200;

/** The number of rooms: a whole number 0–200, as a number or as text (3, ３, 3间, 3 间). */
export function parseRooms(value: unknown): CellResult<number | null> {
  const cell = unwrap(value);
  if (cell.kind === 'blank') return ok(null);
  if (cell.kind === 'error') return fail(importIssue('cell_error', { text: cell.text }));
  let rooms: number;
  if (typeof cell.value === 'number') {
    if (!Number.isInteger(cell.value)) return fail(issue('not_an_integer'));
    rooms = cell.value;
  } else {
    const match = typeof cell.value === 'string' ? /^(\d{1,6})\s*间?$/.exec(folded(cell.value)) : null;
    if (!match) return fail(importIssue('rooms_unreadable', { text: excerpt(cell.value) }));
    rooms = Number(match[1]);
  }
  if (rooms < ROOMS_MIN) return fail(issue('too_small', { min: ROOMS_MIN }));
  if (rooms > ROOMS_MAX) return fail(issue('too_large', { max: ROOMS_MAX }));
  return ok(rooms);
}

// ── ID-card and phone numbers ──

/** A number as Excel shows one too long for its cell, or as a CSV holds it: 1.40121199001011E+17. */
const SCIENTIFIC = /^\d+(?:\.\d+)?e[+-]?\d+$/i;

/**
 * The digits of a number cell's text: spaces (also inside, as people group digits) and the
 * wrappers that keep digits as text in a CSV taken off: a leading apostrophe ('1401…) and
 * ="1401…".
 */
function numberText(text: string): string {
  const compact = folded(text).replace(/\s+/g, '');
  const quoted = /^="(.*)"$/.exec(compact);
  return (quoted ? quoted[1] : compact).replace(/^'/, '');
}

export interface IdCardOptions {
  /** 'YYYY-MM-DD': no birth date after it (the county's today by default). */
  readonly today?: string;
}

/**
 * A resident ID-card number, checked by src/personal-data/id-card-number.ts and answered in
 * its stored form (a trailing x upper-cased). A number cell is refused whatever it holds: Excel
 * keeps 15 significant digits, so an 18-digit number has already lost its last three
 * (140121199001011238 is stored as 140121199001011000) and no reader can bring them back; the
 * same goes for text that shows the number in scientific notation, as a CSV saved from such a
 * column does.
 */
export function parseIdCard(value: unknown, options: IdCardOptions = {}): CellResult<string | null> {
  const cell = unwrap(value);
  if (cell.kind === 'blank') return ok(null);
  if (cell.kind === 'error') return fail(importIssue('cell_error', { text: cell.text }));
  if (typeof cell.value === 'number') return fail(importIssue('id_card_numeric_cell'));
  if (typeof cell.value !== 'string') return fail(issue('id_card_characters'));
  const text = numberText(cell.value);
  if (SCIENTIFIC.test(text)) return fail(importIssue('id_card_numeric_cell'));
  const problem = checkIdCardNumber(text, options.today);
  return problem ? fail(problem) : ok(normalizeIdCardNumber(text));
}

/**
 * A phone number, checked by src/personal-data/phone.ts and answered in its stored form (no
 * spaces or hyphens). A mobile number survives a number cell (11 digits, starting 1); a landline
 * does not, its area code's leading 0 dropped (0351… became 351…), so a number cell that does
 * not start with 1 is refused as a number cell rather than as a wrong number, and so is text in
 * scientific notation.
 */
export function parsePhone(value: unknown): CellResult<string | null> {
  const cell = unwrap(value);
  if (cell.kind === 'blank') return ok(null);
  if (cell.kind === 'error') return fail(importIssue('cell_error', { text: cell.text }));
  let text: string;
  if (typeof cell.value === 'number') {
    if (!Number.isInteger(cell.value) || !String(cell.value).startsWith('1')) return fail(importIssue('phone_numeric_cell'));
    text = String(cell.value);
  } else if (typeof cell.value === 'string') {
    text = numberText(cell.value);
    if (SCIENTIFIC.test(text)) return fail(importIssue('phone_numeric_cell'));
  } else {
    return fail(issue('phone_characters'));
  }
  const problem = checkPhone(text);
  return problem ? fail(problem) : ok(normalizePhone(text));
}

// ── by column ──

/** What the parsers need to know of a ledger column (ledger-columns.ts). */
export interface CellRules extends TextRules {
  readonly kind: ColumnKind;
}

export type LedgerValue = string | number | boolean | null;

/**
 * A cell read by its column's kind. A village cell is read as text here: which village it
 * names (name, alias or division code) is looked up against the caller's region tree.
 */
export function parseLedgerCell(column: CellRules, value: unknown, options: DateOptions & IdCardOptions = {}): CellResult<LedgerValue> {
  switch (column.kind) {
    case 'text':
    case 'village':
      return parseText(value, column);
    case 'integer':
      return parseRooms(value);
    case 'date':
      return parseDate(value, options);
    case 'grade':
      return parseGrade(value);
    case 'yes-no':
      return parseYesNo(value);
    case 'id-card':
      return parseIdCard(value, options);
    case 'phone':
      return parsePhone(value);
  }
}
