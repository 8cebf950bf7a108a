import { entry, fieldEntry, spaced, type FieldIssue, type OfField, renderMessage } from '../common/messages/catalogue.js';
import type { Language } from '../common/messages/language.js';

/**
 * The messages of ledger import (台账导入), in both languages, made with the central
 * catalogue's entry helpers (src/common/messages/catalogue.ts) so that they can be moved
 * into its MESSAGES as they are: `field` entries describe one cell (the field is the ledger column: 身份证号 in
 * Chinese, idCardNumber in English), `error` entries the file as a whole. Until they are
 * merged, renderCellIssue and renderImportMessage render them; the cell parsers also reuse the
 * central catalogue's codes where one already says it (too_long, id_card_check_digit …).
 *
 * A message never repeats an ID-card or phone number; it may quote what a date, grade, yes/no
 * or rooms cell held (cut to a few characters), so that the person can find the cell.
 * Pure (no Nest).
 */

/** Header names as a Chinese list (村、户主、鉴定等级) and an English one ('村', '户主'), quoted so they read as names. */
const headerList = {
  zh: (headers: readonly string[]) => headers.join('、'),
  en: (headers: readonly string[]) => headers.map((h) => `'${h}'`).join(', '),
};

/** What a spreadsheet does to a number typed into a cell formatted as a number, said once for both columns. */
const NUMERIC_CELL = {
  zh: '请先把这一列设为文本格式（右键 → 设置单元格格式 → 文本），再重新填入号码',
  en: 'format the column as text and enter the numbers again',
};

export const IMPORT_MESSAGES = {
  // ── fields: one cell of the ledger (cell-values.ts) ──
  cell_error: fieldEntry<{ text: string }>(
    (p) => `${spaced(p.field)}单元格是公式错误 ${p.text}：请填入值本身，而不是出错的公式`,
    (p) => `${p.field} holds the formula error ${p.text}: enter the value itself`,
  ),
  date_unreadable: fieldEntry<{ text: string }>(
    (p) => `${spaced(p.field)}“${p.text}”不是可以识别的日期：请写作 2021-12-23、2021/12/23、2021.12.23、2021年12月23日或 20211223`,
    (p) => `${p.field} '${p.text}' is not a date: write it as 2021-12-23, 2021/12/23, 2021.12.23, '2021年12月23日' or 20211223`,
  ),
  date_impossible: fieldEntry<{ date: string }>(
    (p) => `${p.field} ${p.date} 这一天不存在，请核对`,
    (p) => `${p.field} ${p.date} is not a day of the calendar`,
  ),
  date_out_of_range: fieldEntry<{ date: string; earliest: string; latest: string }>(
    (p) => `${p.field} ${p.date} 不在 ${p.earliest} 至 ${p.latest} 之间，请核对（是否把别的数字填进了日期列？）`,
    (p) => `${p.field} ${p.date} is not between ${p.earliest} and ${p.latest} (another number in the date column?)`,
  ),
  grade_unknown: fieldEntry<{ text: string }>(
    (p) => `${spaced(p.field)}“${p.text}”不对：应为 A、B、C 或 D（也可写作 B级）`,
    (p) => `${p.field} '${p.text}' must be A, B, C or D (also written 'B级')`,
  ),
  yes_no_unknown: fieldEntry<{ text: string }>(
    (p) => `${spaced(p.field)}“${p.text}”不对：应填是或否（也可写有/无、√/×、Y/N），未记录的留空`,
    (p) => `${p.field} '${p.text}' must be yes or no ('是' or '否', also '有'/'无', √/×, Y/N), or left blank`,
  ),
  rooms_unreadable: fieldEntry<{ text: string }>(
    (p) => `${spaced(p.field)}“${p.text}”不是整数：请填阿拉伯数字，可带“间”字（如 3 或 3间）`,
    (p) => `${p.field} '${p.text}' is not a whole number: write digits, optionally followed by '间' (3 or '3间')`,
  ),
  id_card_numeric_cell: fieldEntry(
    (p) =>
      `${spaced(p.field)}填在了数字格式的单元格里：Excel 只保留 15 位有效数字，18 位号码的最后几位已变成 0，无法还原。${NUMERIC_CELL.zh}`,
    (p) =>
      `${p.field} is in a number cell: Excel keeps only 15 digits, so the last digits of an 18-digit number are lost for good: ${NUMERIC_CELL.en}`,
  ),
  phone_numeric_cell: fieldEntry(
    (p) => `${spaced(p.field)}填在了数字格式的单元格里：区号开头的 0 已丢失，或号码变成了科学计数法。${NUMERIC_CELL.zh}`,
    (p) =>
      `${p.field} is in a number cell: the leading 0 of the area code is lost, or the number was turned into scientific notation: ${NUMERIC_CELL.en}`,
  ),

  // ── fields: a row as a whole, reported at the column that decides it (import-plan.ts) ──
  village_not_found: fieldEntry<{ text: string }>(
    (p) => `${spaced(p.field)}“${p.text}”不是您管辖范围内的村（按村名、别名或 12 位区划代码查找）`,
    (p) => `${p.field} '${p.text}' is not a village in your scope (looked up by name, alias or 12-digit division code)`,
  ),
  village_not_in_township: fieldEntry<{ village: string; township: string }>(
    (p) => `${spaced(p.field)}“${p.township}”下没有“${p.village}”这个村，请核对乡镇和村名`,
    (p) => `${p.field} '${p.township}' has no village '${p.village}': check the township and the village`,
  ),
  village_ambiguous: fieldEntry<{ text: string; townships: readonly string[] }>(
    (p) => `${spaced(p.field)}“${p.text}”在${p.townships.join('、')}都有，请在乡镇一列写明是哪个乡镇的`,
    (p) => `${p.field} '${p.text}' exists in ${p.townships.map((t) => `'${t}'`).join(', ')}: add the township to the row`,
  ),
  dates_out_of_order: fieldEntry<{ date: string; earlier: string; earlierDate: string }>(
    (p) => `${p.field} ${p.date} 早于${p.earlier} ${p.earlierDate}：日期应按鉴定、开工、完工、验收的先后`,
    (p) => `${p.field} ${p.date} is before ${p.earlier} ${p.earlierDate}: the dates must follow appraisal, start, completion, acceptance`,
  ),
  accepted_without_completion: fieldEntry(
    (p) => `填了${p.field}却没有完工日期：验收前必须先完工`,
    (p) => `${p.field} is given without a completion date: a house is completed before it is accepted`,
  ),
  milestone_differs: fieldEntry<{ date: string | null; recorded: string }>(
    (p) => `${p.field}已记录为 ${p.recorded}，与本行的 ${p.date ?? '空白'} 不同：导入不能改动已记录的日期，请核对后按已记录的填写`,
    (p) => `${p.field} is recorded as ${p.recorded}, not ${p.date ?? 'blank'}: an import cannot change a recorded date`,
  ),
  before_recorded_change: fieldEntry<{ date: string; lastChangeOn: string }>(
    (p) => `${p.field} ${p.date} 早于该户最近一次记录的变动（${p.lastChangeOn}）：日期不能倒退`,
    (p) => `${p.field} ${p.date} is before the household's last recorded change (${p.lastChangeOn}): dates cannot go backwards`,
  ),
  duplicate_row: fieldEntry<{ firstRow: number }>(
    (p) => `与第 ${p.firstRow} 行是同一户（${p.field}相同）：以第 ${p.firstRow} 行为准，本行未导入`,
    (p) => `The same household as row ${p.firstRow} (same ${p.field}): row ${p.firstRow} stands, this row is not imported`,
  ),
  ambiguous_match: fieldEntry<{ count: number }>(
    (p) => `按${p.field}找到 ${p.count} 户已登记的住户，无法确定是哪一户：请填写身份证号，或在住户页面先合并重复的住户`,
    (p) => `${p.field} matches ${p.count} recorded households: add the ID-card number, or merge the duplicates first`,
  ),
  village_has_placeholders: fieldEntry<{ village: string; count: number }>(
    (p) =>
      `${p.field}“${p.village}”还有 ${p.count} 户示意数据（按汇总数生成、不是真实住户）：勾选“替换示意数据”后导入，会先删除这些示意住户`,
    (p) =>
      `${p.field} '${p.village}' still holds ${p.count} placeholder households (made from the reported totals, not people): tick 'Replace the placeholder data' (replacePlaceholders) to remove them first`,
  ),

  // ── error codes: the file as a whole (ledger-columns.ts) ──
  header_row_not_found: entry<{ rows: number; required: readonly string[]; closest: { row: number; missing: readonly string[] } | null }>(
    (p) =>
      `前 ${p.rows} 行中找不到表头：表头一行至少要有${headerList.zh(p.required)}这几列` +
      (p.closest ? `（第 ${p.closest.row} 行最接近，缺少${headerList.zh(p.closest.missing)}）` : ''),
    (p) =>
      `No header row in the first ${p.rows} rows: it must name at least the columns ${headerList.en(p.required)}` +
      (p.closest ? ` (row ${p.closest.row} comes closest and lacks ${headerList.en(p.closest.missing)})` : ''),
  ),
  unknown_columns: entry<{ headers: readonly string[] }>(
    (p) => `以下列不是台账的列，已忽略：${headerList.zh(p.headers)}`,
    (p) => `These columns are not ledger columns and were ignored: ${headerList.en(p.headers)}`,
  ),
  example_rows_skipped: entry<{ rows: readonly number[] }>(
    (p) => `第 ${p.rows.join('、')} 行是模板的示例行（备注为“示例行，导入前请删除”），没有导入`,
    (p) => `Row ${p.rows.join(', ')} is the template's example row and was not imported`,
  ),
  duplicate_columns: entry<{ headers: readonly { header: string; sameAs: string }[] }>(
    (p) => `以下列与前面的列重复，已忽略：${p.headers.map((h) => `${h.header}（同${h.sameAs}）`).join('、')}`,
    (p) => `These columns repeat an earlier one and were ignored: ${p.headers.map((h) => `'${h.header}' (as '${h.sameAs}')`).join(', ')}`,
  ),
};

export type ImportMessageCode = keyof typeof IMPORT_MESSAGES;
export type ImportMessageParams<C extends ImportMessageCode> = Parameters<(typeof IMPORT_MESSAGES)[C]['zh']>[0];

/** The codes of one cell's problem: their messages name the column. */
export type ImportFieldCode = { [C in ImportMessageCode]: ImportMessageParams<C> extends OfField ? C : never }[ImportMessageCode];
/** The codes about the file as a whole. */
export type ImportErrorCode = Exclude<ImportMessageCode, ImportFieldCode>;

/** What is wrong with one cell, as this catalogue says it; the column is named where it is reported. */
export type ImportFieldIssue<C extends ImportFieldCode = ImportFieldCode> = C extends ImportFieldCode
  ? { readonly code: C; readonly params: Omit<ImportMessageParams<C>, 'field'> }
  : never;

/** What is wrong with the file as a whole (or a warning about it). */
export type ImportProblem<C extends ImportErrorCode = ImportErrorCode> = C extends ImportErrorCode
  ? { readonly code: C; readonly params: ImportMessageParams<C> }
  : never;

/** What is wrong with a cell: a code of this catalogue or one of the central catalogue's field codes. */
export type CellIssue = ImportFieldIssue | FieldIssue;

type ParamsArgument<P> = Record<string, never> extends P ? [params?: P] : [params: P];

/** `importIssue('grade_unknown', { text: 'E' })`, as `issue` does for the central catalogue. */
export function importIssue<C extends ImportFieldCode>(
  code: C,
  ...[params]: ParamsArgument<Omit<ImportMessageParams<C>, 'field'>>
): ImportFieldIssue<C> {
  return { code, params: params ?? {} } as unknown as ImportFieldIssue<C>;
}

export function isImportMessageCode(code: unknown): code is ImportMessageCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(IMPORT_MESSAGES, code);
}

/** The message for one of this catalogue's codes with `params` (a field's include `field`), in `language`. */
export function renderImportMessage(language: Language, code: ImportMessageCode, params: object = {}): string {
  return (IMPORT_MESSAGES[code][language] as (params: object) => string)(params);
}

/** How a cell message names its column: its ledger header in Chinese (间数, 受损情况), its key in English. */
export interface ColumnName {
  readonly key: string;
  readonly header: string;
}

/** One cell's message, from this catalogue or the central one, naming `column` in `language`. */
export function renderCellIssue(language: Language, column: ColumnName, cellIssue: CellIssue): string {
  const params = { ...cellIssue.params, field: language === 'zh' ? column.header : column.key };
  return isImportMessageCode(cellIssue.code)
    ? renderImportMessage(language, cellIssue.code, params)
    : renderMessage(language, cellIssue.code, params);
}
