import { describe, expect, it } from '@jest/globals';
import { isMessageCode } from '../common/messages/catalogue.js';
import { LANGUAGES } from '../common/messages/language.js';
import { issue } from '../common/messages/problem.js';
import {
  IMPORT_MESSAGES,
  type ImportFieldCode,
  importIssue,
  type ImportMessageCode,
  type ImportMessageParams,
  renderCellIssue,
  renderImportMessage,
} from './import-messages.js';

/**
 * The same checks as the central catalogue's spec (src/common/messages/catalogue.spec.ts), so
 * that these entries can move into it as they are; SAMPLES is what its own SAMPLES then needs.
 */
type Samples = { [C in ImportMessageCode]: C extends ImportFieldCode ? Omit<ImportMessageParams<C>, 'field'> : ImportMessageParams<C> };
const SAMPLES: Samples = {
  cell_error: { text: '#N/A' },
  date_unreadable: { text: '明年春天' },
  date_impossible: { date: '2021-02-30' },
  date_out_of_range: { date: '1900-01-05', earliest: '2000-01-01', latest: '2099-12-31' },
  grade_unknown: { text: 'E' },
  yes_no_unknown: { text: '部分' },
  rooms_unreadable: { text: '三间' },
  id_card_numeric_cell: {},
  phone_numeric_cell: {},
  village_not_found: { text: '孟丰村' },
  village_not_in_township: { village: '小武村', township: '清源镇' },
  village_ambiguous: { text: '东庄村', townships: ['孟封镇', '清源镇'] },
  dates_out_of_order: { date: '2021-11-02', earlier: '开工日期', earlierDate: '2021-11-20' },
  accepted_without_completion: {},
  milestone_differs: { date: '2021-12-01', recorded: '2021-11-28' },
  before_recorded_change: { date: '2021-11-02', lastChangeOn: '2021-11-20' },
  duplicate_row: { firstRow: 7 },
  ambiguous_match: { count: 2 },
  village_has_placeholders: { village: '孟封村', count: 236 },
  header_row_not_found: { rows: 10, required: ['村', '户主', '鉴定等级'], closest: { row: 2, missing: ['鉴定等级'] } },
  unknown_columns: { headers: ['序号', '联系人'] },
  example_rows_skipped: { rows: [2] },
  duplicate_columns: { headers: [{ header: '行政村', sameAs: '村' }] },
};

const CODES = Object.keys(IMPORT_MESSAGES) as ImportMessageCode[];
const isField = (code: ImportMessageCode) => IMPORT_MESSAGES[code].kind === 'field';
const COLUMN = { key: 'householder', header: '户主' };

function rendered(code: ImportMessageCode, language: (typeof LANGUAGES)[number]): string {
  return isField(code)
    ? renderCellIssue(language, COLUMN, importIssue(code as 'grade_unknown', SAMPLES[code] as { text: string }))
    : renderImportMessage(language, code, SAMPLES[code]);
}

/** The names a sample holds (headers, cell texts), which an English message may quote. */
function namesIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(namesIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(namesIn);
  return [];
}

const CJK = /[\u3400-\u9fff]/;
const ENGLISH_PHRASE = /[A-Za-z]{2,}[ ,][a-z]{2,}/;

describe('the import messages', () => {
  it('has a sample for every code and nothing else', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...CODES].sort());
  });

  it('uses no code the central catalogue already has, so that they merge', () => {
    expect(CODES.filter(isMessageCode)).toEqual([]);
  });

  it.each(CODES)('%s is a stable snake_case code', (code) => {
    expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it.each(CODES.flatMap((code) => LANGUAGES.map((language) => [code, language] as const)))('%s has a message in %s', (code, language) => {
    const message = rendered(code, language);
    expect(message.trim()).not.toBe('');
    expect(message).not.toMatch(/undefined|\[object|NaN|\$\{/);
  });

  it.each(CODES)('%s reads in Chinese: Chinese words, no English sentence', (code) => {
    const message = rendered(code, 'zh');
    expect(message).toMatch(CJK);
    expect(message).not.toMatch(ENGLISH_PHRASE);
  });

  it.each(CODES)('%s reads in English: no Chinese but names, quotes and brackets', (code) => {
    const message = namesIn(SAMPLES[code]).reduce((text, name) => text.split(name).join(''), rendered(code, 'en'));
    expect(message.replace(/\([^)]*\)|'[^']*'/g, '')).not.toMatch(CJK);
    expect(message).toMatch(/^\S/);
  });

  it.each(CODES.filter(isField))('%s names its column: 户主 in Chinese, householder in English', (code) => {
    expect(rendered(code, 'zh')).toContain('户主');
    expect(rendered(code, 'en')).toContain('householder');
  });

  it.each<[ImportMessageCode, object, string, string]>([
    [
      'header_row_not_found',
      SAMPLES.header_row_not_found,
      '前 10 行中找不到表头：表头一行至少要有村、户主、鉴定等级这几列（第 2 行最接近，缺少鉴定等级）',
      "No header row in the first 10 rows: it must name at least the columns '村', '户主', '鉴定等级' (row 2 comes closest and lacks '鉴定等级')",
    ],
    [
      'header_row_not_found',
      { ...SAMPLES.header_row_not_found, closest: null },
      '前 10 行中找不到表头：表头一行至少要有村、户主、鉴定等级这几列',
      "No header row in the first 10 rows: it must name at least the columns '村', '户主', '鉴定等级'",
    ],
    [
      'unknown_columns',
      SAMPLES.unknown_columns,
      '以下列不是台账的列，已忽略：序号、联系人',
      "These columns are not ledger columns and were ignored: '序号', '联系人'",
    ],
  ])('%s reads as written', (code, params, zh, en) => {
    expect(renderImportMessage('zh', code, params)).toBe(zh);
    expect(renderImportMessage('en', code, params)).toBe(en);
  });
});

describe('renderCellIssue', () => {
  const date = { key: 'appraisalDate', header: '鉴定日期' };

  it('names the column by its ledger header in Chinese and its key in English', () => {
    const dateIssue = importIssue('date_impossible', { date: '2021-02-30' });
    expect(renderCellIssue('zh', date, dateIssue)).toBe('鉴定日期 2021-02-30 这一天不存在，请核对');
    expect(renderCellIssue('en', date, dateIssue)).toBe('appraisalDate 2021-02-30 is not a day of the calendar');
  });

  it("renders the central catalogue's codes the parsers reuse, with the ledger's header", () => {
    const rooms = { key: 'rooms', header: '间数' };
    expect(renderCellIssue('zh', rooms, issue('too_large', { max: 200 }))).toBe('间数不能大于 200');
    expect(renderCellIssue('en', { key: 'idCardNumber', header: '身份证号' }, issue('id_card_check_digit'))).toBe(
      'idCardNumber fails its check digit (GB 11643)',
    );
  });

  it('quotes what the cell held', () => {
    expect(renderCellIssue('zh', { key: 'grade', header: '鉴定等级' }, importIssue('grade_unknown', { text: 'E' }))).toBe(
      '鉴定等级“E”不对：应为 A、B、C 或 D（也可写作 B级）',
    );
  });
});
