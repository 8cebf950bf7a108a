import { describe, expect, it } from '@jest/globals';
import {
  cellText,
  EARLIEST_LEDGER_DATE,
  excelSerialDate,
  LATEST_LEDGER_DATE,
  parseDate,
  parseGrade,
  parseIdCard,
  parseLedgerCell,
  parsePhone,
  parseRooms,
  parseText,
  parseYesNo,
} from './cell-values.js';
import { renderCellIssue } from './import-messages.js';

/** Appends the GB 11643 check character to 17 digits, computed here independently of the module. */
function withCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return first17 + '10X98765432'[sum % 11];
}

/** 140121199001011238: worked out by hand in src/personal-data/id-card-number.spec.ts. */
const ID = withCheckDigit('14012119900101123');
const ID_WITH_X = ((): string => {
  for (let seq = 0; seq < 1000; seq++) {
    const number = withCheckDigit(`14012119850615${String(seq).padStart(3, '0')}`);
    if (number.endsWith('X')) return number;
  }
  throw new Error('no sequence number gives the check character X');
})();
const FULL_WIDTH = (text: string) => text.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const utc = (iso: string) => new Date(`${iso}Z`);
const BLANKS: [string, unknown][] = [
  ['null', null],
  ['undefined', undefined],
  ['an empty string', ''],
  ['spaces', '   '],
  ['an ideographic space', '\u3000'],
  ['a zero-width space', '\u200b'],
  ['a formula without a result', { formula: 'A1' }],
  ['empty rich text', { richText: [] }],
];
const NA = { error: '#N/A' };
const refused = (code: string, params: object = {}) => ({ ok: false, code, params });

describe('cellText', () => {
  it.each<[string, unknown, string | null]>([
    ['text', '户主', '户主'],
    ['a number', 12, '12'],
    ['a boolean', true, 'TRUE'],
    ['a date cell, as its UTC day', utc('2021-12-23T00:00:00'), '2021-12-23'],
    ['rich text, joined', { richText: [{ text: '户' }, { font: { bold: true }, text: '主' }] }, '户主'],
    ['a hyperlink, as its text', { text: '孟封村', hyperlink: 'https://example.org' }, '孟封村'],
    ['a hyperlink whose text is rich text', { text: { richText: [{ text: '孟封' }, { text: '村' }] }, hyperlink: 'x' }, '孟封村'],
    ['a formula, as its result', { formula: 'B2', result: '阎家营村' }, '阎家营村'],
    ['a shared formula, as its result', { sharedFormula: 'B2', result: 7 }, '7'],
    ['a formula error, as its code', NA, '#N/A'],
    ['an object of another shape', { checkbox: true }, null],
    ...BLANKS.map(([name, value]): [string, unknown, null] => [name, value, null]),
  ])('reads %s', (_case, value, expected) => {
    expect(cellText(value)).toBe(expected);
  });
});

describe('parseText', () => {
  it.each<[string, unknown, object, string | null]>([
    ['text, trimmed', '  郑清亮 ', {}, '郑清亮'],
    ['a number typed into a text column', 12, {}, '12'],
    ['a date cell', utc('2021-11-05T00:00:00'), {}, '2021-11-05'],
    ['rich text', { richText: [{ text: '孟封村' }, { text: '1号' }] }, {}, '孟封村1号'],
    ['a line break in a single-line column, as a space', '孟封村\n 东街1号', {}, '孟封村 东街1号'],
    ['a tab in a single-line column, as a space', '孟封村\t1号', {}, '孟封村 1号'],
    ['line breaks kept in a multi-line column, CRLF as LF', '地面下沉\r\n墙体开裂', { multiline: true }, '地面下沉\n墙体开裂'],
    ['exactly the longest allowed', '长'.repeat(50), { maxLength: 50 }, '长'.repeat(50)],
    ['a character beyond the BMP as one character', '𠀀'.repeat(50), { maxLength: 50 }, '𠀀'.repeat(50)],
    ...BLANKS.map(([name, value]): [string, unknown, object, null] => [name, value, {}, null]),
  ])('reads %s', (_case, value, rules, expected) => {
    expect(parseText(value, rules)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, unknown, object, object]>([
    ['one character too many', '长'.repeat(51), { maxLength: 50 }, refused('too_long', { max: 50 })],
    ['a control character', '郑\u0000清亮', {}, refused('control_character', { codePoint: '0000', position: 2, multiline: false })],
    [
      'a direction override',
      'abc\u202Edef',
      { multiline: true },
      refused('control_character', { codePoint: '202E', position: 4, multiline: true }),
    ],
    ['a formula error', { formula: 'VLOOKUP(A2,B:C,2,0)', result: NA }, {}, refused('cell_error', { text: '#N/A' })],
  ])('refuses %s', (_case, value, rules, expected) => {
    expect(parseText(value, rules)).toEqual(expected);
  });
});

describe('excelSerialDate', () => {
  it.each<[number, boolean, string]>([
    [1, false, '1900-01-01'],
    [59, false, '1900-02-28'],
    [60, false, '1900-02-29'], // the day Excel invented; refused by parseDate
    [61, false, '1900-03-01'],
    [25569, false, '1970-01-01'],
    [44553, false, '2021-12-23'],
    [44553.999, false, '2021-12-23'],
    [45351, false, '2024-02-29'],
    [0, true, '1904-01-01'],
    [43091, true, '2021-12-23'],
  ])('serial %p (1904 system: %p) is %s', (serial, date1904, expected) => {
    expect(excelSerialDate(serial, date1904)).toBe(expected);
  });
});

describe('parseDate', () => {
  it.each<[string, unknown, string]>([
    ['YYYY-MM-DD', '2021-12-23', '2021-12-23'],
    ['YYYY/MM/DD', '2021/12/23', '2021-12-23'],
    ['YYYY.MM.DD', '2021.12.23', '2021-12-23'],
    ['YYYY年MM月DD日', '2021年12月23日', '2021-12-23'],
    ['YYYYMMDD', '20211223', '2021-12-23'],
    ['one-digit months and days', '2021-1-5', '2021-01-05'],
    ['one-digit months and days, slashes', '2022/3/7', '2022-03-07'],
    ['one-digit months and days, in Chinese', '2021年1月5日', '2021-01-05'],
    ['号 for 日', '2021年12月23号', '2021-12-23'],
    ['no 日', '2021年12月23', '2021-12-23'],
    ['spaces in the Chinese form', '2021 年 12 月 23 日', '2021-12-23'],
    ['surrounding spaces', ' 2021-12-23 ', '2021-12-23'],
    ['full-width digits and dashes', '２０２１－１２－２３', '2021-12-23'],
    ['full-width digits and slashes', '２０２１／１２／２３', '2021-12-23'],
    ['full-width digits and dots', '２０２１．１２．２３', '2021-12-23'],
    ['full-width digits in the Chinese form', '２０２１年１２月２３日', '2021-12-23'],
    ['full-width compact', FULL_WIDTH('20211223'), '2021-12-23'],
    ['a date with a time (a CSV saved from a date-time column)', '2021/12/23 0:00', '2021-12-23'],
    ['a date with seconds', '2021-12-23 14:30:05', '2021-12-23'],
    ['29 February of a leap year', '2024-02-29', '2024-02-29'],
    ['a date cell (ExcelJS: UTC midnight)', utc('2021-12-23T00:00:00'), '2021-12-23'],
    ['a date-time cell late in the day', utc('2021-12-23T23:59:59'), '2021-12-23'],
    ['an Excel serial number', 44553, '2021-12-23'],
    ['an Excel serial number with a time', 44553.75, '2021-12-23'],
    ['eight digits typed into a number cell', 20211223, '2021-12-23'],
    ['a formula with a date result', { formula: 'DATE(2021,12,23)', result: utc('2021-12-23T00:00:00') }, '2021-12-23'],
    ['rich text', { richText: [{ text: '2021-' }, { text: '12-23' }] }, '2021-12-23'],
    ['the earliest ledger date', EARLIEST_LEDGER_DATE, EARLIEST_LEDGER_DATE],
    ['the latest ledger date', LATEST_LEDGER_DATE, LATEST_LEDGER_DATE],
  ])('reads %s', (_case, value, expected) => {
    expect(parseDate(value)).toEqual({ ok: true, value: expected });
  });

  it('counts serial numbers from 1904 when the workbook says so', () => {
    expect(parseDate(43091, { date1904: true })).toEqual({ ok: true, value: '2021-12-23' });
  });

  it.each(BLANKS)('reads %s as no date', (_case, value) => {
    expect(parseDate(value)).toEqual({ ok: true, value: null });
  });

  const range = { earliest: EARLIEST_LEDGER_DATE, latest: LATEST_LEDGER_DATE };
  it.each<[string, unknown, object]>([
    ['30 February', '2021-02-30', refused('date_impossible', { date: '2021-02-30' })],
    ['29 February of a common year, in Chinese', '2021年2月29日', refused('date_impossible', { date: '2021-02-29' })],
    ['month 13', '2021/13/01', refused('date_impossible', { date: '2021-13-01' })],
    ['day 0', '2021.12.00', refused('date_impossible', { date: '2021-12-00' })],
    ['an impossible compact date', '20210230', refused('date_impossible', { date: '2021-02-30' })],
    ['an impossible compact date in a number cell', 20210230, refused('date_impossible', { date: '2021-02-30' })],
    ['serial 60, the 29 February 1900 that never was', 60, refused('date_impossible', { date: '1900-02-29' })],
    ['a small number (rooms typed into the date column)', 5, refused('date_out_of_range', { date: '1900-01-05', ...range })],
    ['a date before 2000', '1999-12-31', refused('date_out_of_range', { date: '1999-12-31', ...range })],
    ['a date after 2099', '2100-01-01', refused('date_out_of_range', { date: '2100-01-01', ...range })],
    ['a date cell before 2000', utc('1998-07-01T00:00:00'), refused('date_out_of_range', { date: '1998-07-01', ...range })],
    ['zero', 0, refused('date_unreadable', { text: '0' })],
    ['a negative number', -3, refused('date_unreadable', { text: '-3' })],
    ['mixed separators', '2021-12/23', refused('date_unreadable', { text: '2021-12/23' })],
    ['month first', '12/23/2021', refused('date_unreadable', { text: '12/23/2021' })],
    ['a two-digit year', '21.12.23', refused('date_unreadable', { text: '21.12.23' })],
    ['a month without a day', '2021年12月', refused('date_unreadable', { text: '2021年12月' })],
    ['a word', '已完工', refused('date_unreadable', { text: '已完工' })],
    ['seven digits', '2021123', refused('date_unreadable', { text: '2021123' })],
    ['a boolean', true, refused('date_unreadable', { text: 'TRUE' })],
    ['an invalid Date', new Date(Number.NaN), refused('date_unreadable', { text: '' })],
    [
      'a long text, quoted short',
      '完工日期待定，预计明年春天开工后三个月内',
      refused('date_unreadable', { text: '完工日期待定，预计明年春天开工后三个月内' }),
    ],
    [
      'a longer text, cut',
      '完工日期待定，预计明年春天开工后三个月内完成',
      refused('date_unreadable', { text: '完工日期待定，预计明年春天开工后三个月内…' }),
    ],
    ['a formula error', NA, refused('cell_error', { text: '#N/A' })],
  ])('refuses %s', (_case, value, expected) => {
    expect(parseDate(value)).toEqual(expected);
  });
});

describe('parseGrade', () => {
  it.each<[string, unknown, string]>([
    ['A', 'A', 'A'],
    ['lowercase b', 'b', 'B'],
    ['C级', 'C级', 'C'],
    ['full-width Ｂ级', 'Ｂ级', 'B'],
    ['full-width lowercase ｄ', 'ｄ', 'D'],
    ['B 级, with a space', 'B 级', 'B'],
    ['C级危房', 'C级危房', 'C'],
    ['the label the pages show', 'D级（整体危险，拆除重建）', 'D'],
    ['surrounding spaces', ' C ', 'C'],
    ['a formula result', { formula: 'X1', result: 'B级' }, 'B'],
  ])('reads %s', (_case, value, expected) => {
    expect(parseGrade(value)).toEqual({ ok: true, value: expected });
  });

  it.each(BLANKS)('reads %s as no grade', (_case, value) => {
    expect(parseGrade(value)).toEqual({ ok: true, value: null });
  });

  it.each<[string, unknown, object]>([
    ['E', 'E', refused('grade_unknown', { text: 'E' })],
    ['two grades', 'B/C', refused('grade_unknown', { text: 'B/C' })],
    ['B+', 'B+', refused('grade_unknown', { text: 'B+' })],
    ['乙级', '乙级', refused('grade_unknown', { text: '乙级' })],
    ['a number', 2, refused('grade_unknown', { text: '2' })],
    ['a word after the grade', 'B级以上', refused('grade_unknown', { text: 'B级以上' })],
    ['a formula error', NA, refused('cell_error', { text: '#N/A' })],
  ])('refuses %s', (_case, value, expected) => {
    expect(parseGrade(value)).toEqual(expected);
  });
});

describe('parseYesNo', () => {
  it.each<[unknown, boolean]>([
    ['是', true],
    ['否', false],
    ['有', true],
    ['无', false],
    ['没有', false],
    ['√', true],
    ['×', false],
    ['✓', true],
    ['✔', true],
    ['✗', false],
    ['✕', false],
    ['Y', true],
    ['n', false],
    ['Ｙ', true],
    ['yes', true],
    ['No', false],
    ['TRUE', true],
    ['false', false],
    [true, true],
    [false, false],
    [' 是 ', true],
  ])('reads %p as %p', (value, expected) => {
    expect(parseYesNo(value)).toEqual({ ok: true, value: expected });
  });

  it.each(BLANKS)('reads %s as not recorded (null)', (_case, value) => {
    expect(parseYesNo(value)).toEqual({ ok: true, value: null });
  });

  it.each<[string, unknown, object]>([
    ['部分', '部分', refused('yes_no_unknown', { text: '部分' })],
    ['a 1 (a checkbox column exported as numbers)', 1, refused('yes_no_unknown', { text: '1' })],
    ['0', 0, refused('yes_no_unknown', { text: '0' })],
    ['an x, which may mean either', 'x', refused('yes_no_unknown', { text: 'x' })],
    ['是否', '是否', refused('yes_no_unknown', { text: '是否' })],
    ['a formula error', NA, refused('cell_error', { text: '#N/A' })],
  ])('refuses %s', (_case, value, expected) => {
    expect(parseYesNo(value)).toEqual(expected);
  });
});

describe('parseRooms', () => {
  it.each<[unknown, number]>([
    [3, 3],
    [0, 0],
    [200, 200],
    ['3', 3],
    ['３', 3],
    ['3间', 3],
    ['3 间', 3],
    ['３间', 3],
    [' 12 ', 12],
  ])('reads %p as %p', (value, expected) => {
    expect(parseRooms(value)).toEqual({ ok: true, value: expected });
  });

  it.each(BLANKS)('reads %s as not recorded', (_case, value) => {
    expect(parseRooms(value)).toEqual({ ok: true, value: null });
  });

  it.each<[string, unknown, object]>([
    ['a fraction', 3.5, refused('not_an_integer')],
    ['a negative number', -1, refused('too_small', { min: 0 })],
    ['201', 201, refused('too_large', { max: 200 })],
    ['201间', '201间', refused('too_large', { max: 200 })],
    ['Chinese numerals', '三间', refused('rooms_unreadable', { text: '三间' })],
    ['a fraction as text', '3.5', refused('rooms_unreadable', { text: '3.5' })],
    ['a negative number as text', '-1', refused('rooms_unreadable', { text: '-1' })],
    ['a range', '3-4', refused('rooms_unreadable', { text: '3-4' })],
    ['another unit', '3层', refused('rooms_unreadable', { text: '3层' })],
    ['a boolean', true, refused('rooms_unreadable', { text: 'TRUE' })],
    ['a formula error', NA, refused('cell_error', { text: '#N/A' })],
  ])('refuses %s', (_case, value, expected) => {
    expect(parseRooms(value)).toEqual(expected);
  });
});

describe('parseIdCard', () => {
  const TODAY = '2021-12-23';

  it.each<[string, unknown, string]>([
    ['a valid number', ID, ID],
    ['a valid number ending in X', ID_WITH_X, ID_WITH_X],
    ['a lowercase x, upper-cased', ID_WITH_X.toLowerCase(), ID_WITH_X],
    ['full-width digits', FULL_WIDTH(ID_WITH_X), ID_WITH_X],
    ['digits in groups', `${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`, ID],
    ['surrounding spaces', ` ${ID}\u3000`, ID],
    ["a CSV's leading apostrophe", `'${ID}`, ID],
    ['a CSV\'s ="…" wrapper', `="${ID}"`, ID],
    ['rich text', { richText: [{ text: ID.slice(0, 9) }, { text: ID.slice(9) }] }, ID],
  ])('reads %s', (_case, value, expected) => {
    expect(parseIdCard(value, { today: TODAY })).toEqual({ ok: true, value: expected });
  });

  it.each(BLANKS)('reads %s as no number', (_case, value) => {
    expect(parseIdCard(value)).toEqual({ ok: true, value: null });
  });

  it.each<[string, unknown, object]>([
    // 140121199001011238 typed into a number cell is kept as 140121199001011000.
    ['a number cell', 140121199001011000, refused('id_card_numeric_cell')],
    ['a short number in a number cell', 12345, refused('id_card_numeric_cell')],
    ['scientific notation, as Excel shows and a CSV keeps it', '1.40121199001011E+17', refused('id_card_numeric_cell')],
    ['scientific notation in lowercase', '1.40121199001011e+17', refused('id_card_numeric_cell')],
    ['a wrong check digit', `${ID.slice(0, 17)}${ID.endsWith('9') ? '0' : '9'}`, refused('id_card_check_digit')],
    ['the old 15-digit form', '140121900101123', refused('id_card_length')],
    ['a letter inside', `1401211990010A123${ID.slice(-1)}`, refused('id_card_characters')],
    ['a birth date after today', withCheckDigit('14012120211224001'), refused('id_card_birth_date_future')],
    ['a date cell', utc('2021-12-23T00:00:00'), refused('id_card_characters')],
    ['a formula error', NA, refused('cell_error', { text: '#N/A' })],
  ])('refuses %s', (_case, value, expected) => {
    expect(parseIdCard(value, { today: TODAY })).toEqual(expected);
  });

  it('says what a number cell does to the number, and never repeats it', () => {
    const result = parseIdCard(140121199001011000);
    if (result.ok) throw new Error('accepted a number cell');
    const column = { key: 'idCardNumber', header: '身份证号' };
    const zh = renderCellIssue('zh', column, result);
    expect(zh).toContain('Excel 只保留 15 位有效数字');
    expect(zh).toContain('文本格式');
    expect(renderCellIssue('en', column, result)).toContain('Excel keeps only 15 digits');
    expect(zh).not.toMatch(/\d{6}/);
  });
});

describe('parsePhone', () => {
  it.each<[string, unknown, string]>([
    ['a mobile number', '13812345678', '13812345678'],
    ['a mobile number in a number cell', 13812345678, '13812345678'],
    ['a mobile number with spaces', '138 1234 5678', '13812345678'],
    ['a mobile number with hyphens', '138-1234-5678', '13812345678'],
    ['full-width digits', FULL_WIDTH('13812345678'), '13812345678'],
    ['a landline with its area code', '0351-5551234', '03515551234'],
    ['a landline with a full-width hyphen', '０３５１－５５５１２３４', '03515551234'],
    ["a CSV's leading apostrophe", "'03515551234", '03515551234'],
    ['a CSV\'s ="…" wrapper', '="03515551234"', '03515551234'],
  ])('reads %s', (_case, value, expected) => {
    expect(parsePhone(value)).toEqual({ ok: true, value: expected });
  });

  it.each(BLANKS)('reads %s as no number', (_case, value) => {
    expect(parsePhone(value)).toEqual({ ok: true, value: null });
  });

  it.each<[string, unknown, object]>([
    ['a landline that lost its 0 in a number cell', 3515551234, refused('phone_numeric_cell')],
    ['a fraction in a number cell', 1381234567.8, refused('phone_numeric_cell')],
    ['scientific notation', '1.38123E+10', refused('phone_numeric_cell')],
    ['a mobile number of 10 digits in a number cell', 1381234567, refused('phone_mobile')],
    ['a mobile number starting 12', '12345678901', refused('phone_mobile')],
    ['a landline without its area code', '5551234', refused('phone_kind')],
    ['a landline too short', '0351-555', refused('phone_landline')],
    ['two numbers', '13812345678/13912345678', refused('phone_characters')],
    ['a boolean', true, refused('phone_characters')],
    ['a formula error', NA, refused('cell_error', { text: '#N/A' })],
  ])('refuses %s', (_case, value, expected) => {
    expect(parsePhone(value)).toEqual(expected);
  });
});

describe('parseLedgerCell', () => {
  it.each<[string, Parameters<typeof parseLedgerCell>[0], unknown, unknown]>([
    ['text', { kind: 'text', maxLength: 50 }, ' 郑清亮 ', '郑清亮'],
    ['village (read as text)', { kind: 'village', maxLength: 50 }, '孟封村', '孟封村'],
    ['integer', { kind: 'integer' }, '7间', 7],
    ['date', { kind: 'date' }, '2021年11月5日', '2021-11-05'],
    ['grade', { kind: 'grade' }, 'C级', 'C'],
    ['yes-no', { kind: 'yes-no' }, '√', true],
    ['id-card', { kind: 'id-card' }, ID, ID],
    ['phone', { kind: 'phone' }, '0351-5551234', '03515551234'],
  ])('reads a cell of kind %s', (_case, column, value, expected) => {
    expect(parseLedgerCell(column, value, { today: '2021-12-23' })).toEqual({ ok: true, value: expected });
  });

  it('applies the column text rules', () => {
    expect(parseLedgerCell({ kind: 'text', maxLength: 2 }, '郑清亮')).toEqual(refused('too_long', { max: 2 }));
    expect(parseLedgerCell({ kind: 'text', multiline: true }, 'a\nb')).toEqual({ ok: true, value: 'a\nb' });
  });
});
