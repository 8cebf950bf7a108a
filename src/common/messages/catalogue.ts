import type { RenderRefusal } from '../../exports/render-admission.js';
import type { LedgerFileProblem } from '../../imports/reading/ledger-file-problem.js';
import type { RegionLevel } from '../../regions/region-level.js';
import { REPAIR_STATUS_LABELS, type RepairStatus } from '../../repairs/repair-status.js';
import { ROLE_LABELS, type Role } from '../../users/roles.js';
import { fieldLabel } from './field-labels.js';
import type { Language } from './language.js';

/**
 * Every message the API writes for a person, in both languages, keyed by its stable `code`
 * (README, "The API"). Exceptions carry a code and its parameters;
 * the exception filter renders the message in the request's language from here.
 *
 * Two kinds of entry share the one map:
 * - error codes, the `code` of an error body (`stale_version`, `move_not_allowed` …);
 * - field codes, the `code` of one entry of a validation error's `fields` (`too_long`,
 *   `date_in_future` …). Their parameters include `field`, which the renderer fills with the
 *   field's name in the message's language (户主 / householder).
 *
 * Chinese messages use the words of the pages and the exports (户主, 发生日期, 待修缮, 验收人员);
 * English messages name fields and values as the API spells them. Pure (no Nest).
 */

interface Entry<P> {
  /** `field`: the code of one entry of `fields`; `error`: the code of an error body. */
  readonly kind: 'field' | 'error';
  readonly zh: (params: P) => string;
  readonly en: (params: P) => string;
}

/** `field`: the field's name in the message's language, filled in by the renderer. */
export interface OfField {
  field: string;
}

/** No parameters at all. */
type NoParams = Record<string, never>;

export const entry = <P extends object = NoParams>(zh: (params: P) => string, en: (params: P) => string): Entry<P> => ({
  kind: 'error',
  zh,
  en,
});
export const fieldEntry = <P extends object = OfField>(
  zh: (params: P & OfField) => string,
  en: (params: P & OfField) => string,
): Entry<P & OfField> => ({
  kind: 'field',
  zh,
  en,
});

/** A Latin name (an API field, an environment variable) gets a space before the Chinese that follows it. */
export const spaced = (name: string): string => (/[\x21-\x7e]$/.test(name) ? `${name} ` : name);

const STATUS = {
  zh: (status: RepairStatus) => REPAIR_STATUS_LABELS[status],
  en: (status: RepairStatus) => `${status} (${REPAIR_STATUS_LABELS[status]})`,
};
const ROLE = { zh: (role: Role) => ROLE_LABELS[role], en: (role: Role) => role };
/** Alternatives as a sentence says them: 甲、乙或丙 / a, b or c. */
const either = {
  zh: (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join('、')}或${items[items.length - 1]}`),
  en: (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`),
};
/** What a not_in_scope answer says was not found. */
const SCOPED_KINDS = {
  household: { zh: '住户', en: 'Household' },
  village: { zh: '村', en: 'Village' },
  photo: { zh: '照片', en: 'Photo' },
} as const;
const LEVEL: Record<RegionLevel, string> = { county: '县', township: '乡镇', village: '村' };
/** How the printed record shows ID-card and phone numbers (`personalData`). */
const PERSONAL_DATA_LABELS: Record<'masked' | 'full', string> = { masked: '部分隐去', full: '完整显示' };

/**
 * The sets of values that have a Chinese label. A list of allowed values is shown in Chinese
 * with the labels of the set that holds every one of them (待修缮（pending）…), so that a value
 * of another set that happens to share a name is never given a wrong label; a list no set holds
 * whole (damage grades A–D, file formats) is shown as it is.
 */
const VALUE_LABELS: readonly Readonly<Record<string, string>>[] = [REPAIR_STATUS_LABELS, ROLE_LABELS, LEVEL, PERSONAL_DATA_LABELS];
const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);
function labelledValues(allowed: readonly string[]): readonly string[] {
  const labels = VALUE_LABELS.find((set) => allowed.every((value) => hasOwn(set, value)));
  return labels ? allowed.map((value) => `${labels[value]}（${value}）`) : allowed;
}

/** Longest part of a key as sent that a message repeats (a longer one is cut, with an ellipsis). */
const MAX_QUOTED_LENGTH = 64;
// Control characters, bidirectional controls and lone surrogates are written as escapes, so that
// a quoted key cannot reorder or hide the message around it.
// eslint-disable-next-line no-control-regex
const UNQUOTABLE = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|\p{Surrogate}/gu;
/** A name as the request sent it, ready to be quoted: its characters kept, but none that cannot be shown. */
function asSent(name: string): string {
  const chars = [...name];
  const cut = chars.length > MAX_QUOTED_LENGTH ? `${chars.slice(0, MAX_QUOTED_LENGTH).join('')}…` : name;
  return cut.replace(UNQUOTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

const NOTE_NEEDED = {
  failed_acceptance: { zh: '验收不合格须注明原因', en: 'a failed acceptance needs a note saying why' },
  completed_before_entry: { zh: '补录已完工须注明录入前已完工', en: 'recording work done before it was entered needs a note saying so' },
} as const;
export type NoteNeeded = keyof typeof NOTE_NEEDED;

const EXPORTS_BUSY: Record<RenderRefusal, { zh: string; en: string }> = {
  'queue-full': { zh: '导出任务繁忙，请稍后再试', en: 'Too many files are being made right now: try again in a few seconds' },
  'user-limit': {
    zh: '您已有导出任务正在进行，请等其完成后再试',
    en: 'You already have files being made: wait for them to finish, then try again',
  },
};

const LEDGER_FILE_REFUSALS: Record<
  LedgerFileProblem,
  { zh: (p: { maxMegabytes: number; maxRows: number }) => string; en: (p: { maxMegabytes: number; maxRows: number }) => string }
> = {
  empty: { zh: () => '上传的文件是空的', en: () => 'The uploaded file is empty' },
  too_large: {
    zh: (p) => `文件超过 ${p.maxMegabytes} MB：请按乡镇分成几个文件上传`,
    en: (p) => `The file is larger than ${p.maxMegabytes} MB: split it, by township for example`,
  },
  xls: {
    zh: () => '这是旧版 Excel 97-2003 文件（.xls）：请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后再上传',
    en: () => 'This is an old Excel 97-2003 file (.xls): save it as an Excel workbook (.xlsx) and upload that',
  },
  encrypted: {
    zh: () => '文件设置了打开密码：请在 Excel 或 WPS 中取消密码后另存再上传',
    en: () => 'The file is protected by a password: remove the password, save it and upload it again',
  },
  macro: {
    zh: () => '文件含有宏：请另存为不含宏的 Excel 工作簿（.xlsx）后再上传',
    en: () => 'The file contains macros: save it as an Excel workbook without macros (.xlsx)',
  },
  not_a_workbook: {
    zh: () => '这是一个压缩包，但不是 Excel 工作簿：请上传 .xlsx 或 .csv 文件',
    en: () => 'This is a zip archive but not an Excel workbook: upload an .xlsx or .csv file',
  },
  unpacks_too_large: {
    zh: () => '文件解压后过大，不像是一份台账：请检查文件，或分成几个文件上传',
    en: () => 'The file unpacks to far more than a ledger would: check it, or split it',
  },
  not_a_spreadsheet: {
    zh: () => '这不是表格文件（像是图片、PDF 或其他文件）：请上传 .xlsx 或 .csv 格式的台账',
    en: () => 'This is not a spreadsheet (it looks like a picture, a PDF or another file): upload an .xlsx or .csv ledger',
  },
  unreadable: {
    zh: () => '文件已损坏或不完整，无法读取：请在 Excel 或 WPS 中打开确认后另存再上传',
    en: () => 'The file is damaged or incomplete: open it in Excel or WPS, save it again and upload that',
  },
  too_many_rows: {
    zh: (p) => `文件超过 ${p.maxRows.toLocaleString('en-US')} 行：请按乡镇分成几个文件上传`,
    en: (p) => `The file has more than ${p.maxRows.toLocaleString('en-US')} rows: split it, by township for example`,
  },
  no_worksheet: { zh: () => '工作簿中没有工作表', en: () => 'The workbook has no worksheet' },
};

const IMPORT_STATUS_LABELS: Record<string, string> = {
  validating: '校验中',
  validated: '已校验',
  committing: '导入中',
  committed: '已导入',
  failed: '失败',
};

/** A FieldProblem as validation_failed's parameter (structurally: the type is defined from this map). */
export interface FieldProblemShape {
  readonly field: string;
  readonly code: string;
  readonly params: object;
}

const codePoint = (p: { codePoint: string }) => `U+${p.codePoint}`;

export const MESSAGES = {
  // ── fields: class-validator's rules (see class-validator-problems.ts) ──
  /**
   * A key the request should not have sent, quoted as it was sent (`villageId[]`, `username`):
   * not by a label, which would name a field that is accepted. `within`: the path of the object
   * that held it, for a key inside an item (`scope[0]`); empty at the top.
   */
  unknown_field: fieldEntry<{ key: string; within: string }>(
    (p) => `${p.within ? `${fieldLabel(p.within, 'zh')}中` : ''}不接受字段“${asSent(p.key)}”，请删去`,
    (p) => `Field "${asSent(p.key)}"${p.within ? ` in ${p.within}` : ''} is not accepted: remove it`,
  ),
  required: fieldEntry(
    (p) => `${spaced(p.field)}必须填写`,
    (p) => `${p.field} is required`,
  ),
  not_a_string: fieldEntry(
    (p) => `${spaced(p.field)}必须是文字`,
    (p) => `${p.field} must be a string`,
  ),
  not_an_integer: fieldEntry(
    (p) => `${spaced(p.field)}必须是整数`,
    (p) => `${p.field} must be an integer number`,
  ),
  not_a_boolean: fieldEntry(
    (p) => `${spaced(p.field)}必须是 true 或 false`,
    (p) => `${p.field} must be a boolean value`,
  ),
  not_an_array: fieldEntry(
    (p) => `${spaced(p.field)}必须是列表（JSON 数组）`,
    (p) => `${p.field} must be an array`,
  ),
  not_an_object: fieldEntry(
    (p) => `${spaced(p.field)}必须是一组字段（JSON 对象）`,
    (p) => `${p.field} must be an object`,
  ),
  not_one_of: fieldEntry<{ allowed: readonly string[] }>(
    (p) =>
      p.allowed.length > 0
        ? `${spaced(p.field)}只能是以下之一：${labelledValues(p.allowed).join('、')}`
        : `${spaced(p.field)}的值不在可选范围内`,
    (p) =>
      p.allowed.length > 0
        ? `${p.field} must be one of the following values: ${p.allowed.join(', ')}`
        : `${p.field} is not one of the values allowed`,
  ),
  not_a_date: fieldEntry(
    (p) => `${spaced(p.field)}必须是日期，写作 YYYY-MM-DD（如 2021-12-23）`,
    (p) => `${p.field} must be a calendar date written YYYY-MM-DD`,
  ),
  too_small: fieldEntry<{ min: number }>(
    (p) => `${spaced(p.field)}不能小于 ${p.min}`,
    (p) => `${p.field} must not be less than ${p.min}`,
  ),
  too_large: fieldEntry<{ max: number }>(
    (p) => `${spaced(p.field)}不能大于 ${p.max}`,
    (p) => `${p.field} must not be greater than ${p.max}`,
  ),
  too_short: fieldEntry<{ min: number }>(
    (p) => (p.min === 1 ? `${spaced(p.field)}不能为空` : `${spaced(p.field)}至少 ${p.min} 个字符`),
    (p) => `${p.field} must be at least ${p.min} character${p.min === 1 ? '' : 's'} long`,
  ),
  too_long: fieldEntry<{ max: number }>(
    (p) => `${spaced(p.field)}最多 ${p.max} 个字符`,
    (p) => `${p.field} must be at most ${p.max} characters long`,
  ),
  too_many_items: fieldEntry<{ max: number }>(
    (p) => `${spaced(p.field)}最多 ${p.max} 项`,
    (p) => `${p.field} must contain no more than ${p.max} elements`,
  ),
  invalid_username: fieldEntry(
    (p) => `${spaced(p.field)}须为 3–50 个英文字母、数字、点、短横线或下划线`,
    (p) => `${p.field} must be 3–50 letters, digits, dots, dashes or underscores`,
  ),
  invalid_value: fieldEntry(
    (p) => `${spaced(p.field)}的值不对`,
    (p) => `${p.field} is not valid`,
  ),
  invalid_id: fieldEntry<{ max: number }>(
    (p) => `${spaced(p.field)}必须是不大于 ${p.max} 的正整数`,
    (p) => `${p.field} must be a positive integer no larger than ${p.max}`,
  ),

  // ── fields: text people read (readable-text.ts) ──
  control_character: fieldEntry<{ codePoint: string; position: number; multiline: boolean }>(
    (p) =>
      `${spaced(p.field)}含有不能使用的控制字符或文字方向字符：第 ${p.position} 个字符 ${codePoint(p)}${p.multiline ? '（只允许制表符和换行）' : ''}`,
    (p) =>
      `${p.field} must not contain control or direction-changing characters: ${codePoint(p)} at position ${p.position}${p.multiline ? ' (only tabs and line breaks are allowed)' : ''}`,
  ),
  blank: fieldEntry(
    (p) => `${spaced(p.field)}不能为空白`,
    (p) => `${p.field} must not be blank`,
  ),

  // ── fields: ID-card and phone numbers (personal-data/); never repeating the number ──
  id_card_length: fieldEntry(
    (p) => `${spaced(p.field)}应为 18 位`,
    (p) => `${p.field} must be 18 characters`,
  ),
  id_card_characters: fieldEntry(
    (p) => `${spaced(p.field)}应为 17 位数字加最后一位数字或 X`,
    (p) => `${p.field} must be 17 digits followed by a digit or X`,
  ),
  id_card_birth_date_impossible: fieldEntry(
    (p) => `${spaced(p.field)}中的出生日期不存在`,
    (p) => `${p.field} has an impossible birth date`,
  ),
  id_card_birth_date_too_early: fieldEntry(
    (p) => `${spaced(p.field)}中的出生日期早于 1900 年`,
    (p) => `${p.field} has a birth date before 1900`,
  ),
  id_card_birth_date_future: fieldEntry(
    (p) => `${spaced(p.field)}中的出生日期晚于今天`,
    (p) => `${p.field} has a birth date in the future`,
  ),
  id_card_check_digit: fieldEntry(
    (p) => `${spaced(p.field)}校验位不对（GB 11643），请核对号码`,
    (p) => `${p.field} fails its check digit (GB 11643)`,
  ),
  phone_characters: fieldEntry(
    (p) => `${spaced(p.field)}只能包含数字、空格和短横线`,
    (p) => `${p.field} must contain only digits, spaces and hyphens`,
  ),
  phone_mobile: fieldEntry(
    (p) => `${spaced(p.field)}：手机号应为 13 至 19 开头的 11 位数字`,
    (p) => `${p.field} must be a mobile number of 11 digits starting 13 to 19`,
  ),
  phone_landline: fieldEntry(
    (p) => `${spaced(p.field)}：固定电话应带区号，即 0 加 2–3 位数字，再加 7–8 位号码（如 0351-5551234）`,
    (p) => `${p.field} must be a landline written with its area code: 0 and 2–3 digits, then a 7–8 digit number (e.g. 0351-5551234)`,
  ),
  phone_kind: fieldEntry(
    (p) => `${spaced(p.field)}应为手机号（1 开头的 11 位数字）或带区号的固定电话（0 开头）`,
    (p) => `${p.field} must be a mobile number (11 digits starting 1) or a landline with its area code (starting 0)`,
  ),

  // ── fields: rules the services check ──
  date_in_future: fieldEntry<{ date: string; today: string }>(
    (p) => `${p.field} ${p.date} 晚于今天（县里今天是 ${p.today}）`,
    (p) => `${p.field} ${p.date} is in the future (today is ${p.today} in the county)`,
  ),
  date_before_last_change: fieldEntry<{ date: string; lastChangeOn: string }>(
    (p) => `${p.field} ${p.date} 早于此户上次记录的变动日期 ${p.lastChangeOn}`,
    (p) => `${p.field} ${p.date} is earlier than the household's last recorded change on ${p.lastChangeOn}`,
  ),
  not_a_uuid: fieldEntry(
    (p) => `${spaced(p.field)}必须是客户端生成的 UUID（如 3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f）`,
    (p) => `${p.field} must be a UUID made by the client (such as 3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f)`,
  ),
  empty_list: fieldEntry(
    (p) => `${spaced(p.field)}至少要有一项`,
    (p) => `${p.field} must have at least one item`,
  ),
  inspection_not_for_move: fieldEntry<{ from: RepairStatus; to: RepairStatus }>(
    (p) => `只有对已完工住户的验收（验收合格或验收不合格）才能填写${p.field}，这次是从“${STATUS.zh(p.from)}”改为“${STATUS.zh(p.to)}”`,
    (p) =>
      `${p.field} belongs only to an inspector's verdict on a completed house, not to a move from ${STATUS.en(p.from)} to ${STATUS.en(p.to)}`,
  ),
  new_grade_on_failure: fieldEntry(
    (p) => `验收不合格的住户不评定${p.field}：请去掉这一项，或改为验收合格`,
    (p) => `A house that failed its acceptance is not re-graded: leave ${p.field} out, or record the acceptance as passed`,
  ),
  not_nullable: fieldEntry(
    (p) => `${spaced(p.field)}不能清空`,
    (p) => `${p.field} must not be null`,
  ),
  password_too_short: fieldEntry<{ min: number }>(
    (p) => `${spaced(p.field)}至少 ${p.min} 个字符`,
    (p) => `${p.field} must be at least ${p.min} characters`,
  ),
  password_too_long: fieldEntry<{ max: number }>(
    (p) => `${spaced(p.field)}最多 ${p.max} 个字符`,
    (p) => `${p.field} must be at most ${p.max} characters`,
  ),
  password_contains_username: fieldEntry(
    (p) => `${spaced(p.field)}不能包含用户名`,
    (p) => `${p.field} must not contain the username`,
  ),
  password_repetitive: fieldEntry(
    (p) => `${spaced(p.field)}不能只由少数几个字符反复组成`,
    (p) => `${p.field} must not repeat the same few characters`,
  ),
  wrong_current_password: fieldEntry(
    (p) => `${spaced(p.field)}不对：不是您现在的密码`,
    (p) => `${p.field} is not your current password`,
  ),
  scope_empty: fieldEntry<{ role: Role }>(
    (p) => `${spaced(p.field)}至少要有一个地区：${ROLE.zh(p.role)}须有管辖范围`,
    (p) => `${p.field} must name at least one region for a ${p.role}`,
  ),
  scope_region_unknown: fieldEntry<{ level: RegionLevel; id: number }>(
    (p) => `${spaced(p.field)}中的${LEVEL[p.level]} ${p.id} 不存在`,
    (p) => `${p.field}: ${p.level} ${p.id} does not exist`,
  ),
  village_unknown: fieldEntry<{ id: number }>(
    (p) => `${p.field} ${p.id} 不是已知的村，或不在您的管辖范围内`,
    (p) => `${p.field} ${p.id} is not a known village or not in your scope`,
  ),
  parent_not_allowed: fieldEntry(
    (p) => `县没有上级地区：请不要填写${p.field}`,
    (p) => `${p.field} must be left out for a county`,
  ),
  parent_required: fieldEntry<{ level: RegionLevel; parentLevel: RegionLevel }>(
    (p) => `新建${LEVEL[p.level]}须在${p.field}中写明它所属的${LEVEL[p.parentLevel]}`,
    (p) => `${p.field} must name the ${p.parentLevel} of a ${p.level}`,
  ),
  parent_wrong_level: fieldEntry<{ id: number; parentLevel: RegionLevel }>(
    (p) => `${p.field} ${p.id} 不是${LEVEL[p.parentLevel]}`,
    (p) => `${p.field} ${p.id} is not a ${p.parentLevel}`,
  ),
  division_code_digits: fieldEntry<{ level: RegionLevel; digits: number; code: string }>(
    (p) => `${LEVEL[p.level]}的${p.field}应为 ${p.digits} 位数字（收到“${p.code}”）`,
    (p) => `${p.field} of a ${p.level} must be ${p.digits} digits (got "${p.code}")`,
  ),
  division_code_prefix: fieldEntry<{ code: string; parentCode: string }>(
    (p) => `${p.field} ${p.code} 应以上级地区的区划代码 ${p.parentCode} 开头`,
    (p) => `${p.field} ${p.code} does not start with its parent's code ${p.parentCode}`,
  ),

  // ── fields: environment variables, checked at start (config/env.validation.ts) ──
  env_database_url: fieldEntry(
    (p) => `${spaced(p.field)}应写作 sqlite:<文件路径> 或 postgres://用户名:密码@主机:端口/数据库名`,
    (p) => `${p.field} must be sqlite:<path> or postgres://user:pass@host:port/db`,
  ),
  env_trust_proxy: fieldEntry(
    (p) => `${spaced(p.field)}应为 true、false，或反向代理的地址（用逗号分隔）`,
    (p) => `${p.field} must be true, false, or proxy addresses`,
  ),
  env_required_in_production: fieldEntry(
    (p) => `生产环境（NODE_ENV=production）必须设置 ${p.field}（至少 32 个随机字符）`,
    (p) => `${p.field} must be set in production (at least 32 random characters)`,
  ),

  // ── error codes: requests that cannot be read ──
  /** The message lists every field's: `fields` is the error body's `fields`, in the message's language. */
  validation_failed: entry<{ fields: readonly FieldProblemShape[] }>(
    (p) => p.fields.map((f) => renderFieldProblem('zh', f)).join('；') || '填写的内容有误',
    (p) => p.fields.map((f) => renderFieldProblem('en', f)).join('; ') || 'The request is not valid',
  ),
  body_too_deep: entry<{ maxDepth: number }>(
    (p) => `请求内容的嵌套超过 ${p.maxDepth} 层`,
    (p) => `The request body nests objects or arrays more than ${p.maxDepth} levels deep`,
  ),
  invalid_json: entry(
    () => '请求内容不是有效的 JSON',
    () => 'The request body is not valid JSON',
  ),
  empty_json_body: entry(
    () => '请求内容为空，但请求头 Content-Type 写的是 JSON',
    () => "The request body is empty but its content-type is 'application/json'",
  ),
  body_too_large: entry<{ limitKiB: number }>(
    (p) => `请求内容超过 ${p.limitKiB} KB 的上限`,
    (p) => `The request body is larger than ${p.limitKiB} KiB`,
  ),
  unsupported_media_type: entry(
    () => '不支持这种请求内容格式（Content-Type），请发送 JSON',
    () => 'This content-type is not accepted: send JSON',
  ),
  invalid_url: entry(
    () => '请求地址中有无法解读的百分号编码（如 %zz），请检查地址',
    () => 'The address holds a percent-encoding that cannot be read (such as %zz)',
  ),
  /** Node could not read the request line: most often Chinese or a space typed into an address unencoded. */
  malformed_request: entry(
    () => "服务器无法读取这个请求。地址里的中文和空格须先编码，例如 curl 用 -G --data-urlencode 'q=郑清亮'",
    () =>
      "The request could not be read. Chinese characters and spaces in the address must be percent-encoded (with curl: -G --data-urlencode 'q=郑清亮')",
  ),
  /** Node could not read the request, but not for its address: a bad Content-Length, both Content-Length and Transfer-Encoding … */
  invalid_http: entry(
    () => '服务器无法读取这个请求：它不是有效的 HTTP 请求',
    () => 'The request could not be read: it is not valid HTTP',
  ),
  headers_too_large: entry(
    () => '请求头太大',
    () => 'The request headers are too large',
  ),
  request_timeout: entry(
    () => '请求没有在规定时间内发完',
    () => 'The request did not arrive in time',
  ),
  param_too_long: entry(
    () => '地址中的编号太长',
    () => 'A parameter in the address is too long',
  ),

  // ── error codes: signing in and permissions ──
  sign_in_required: entry(
    () => '请先登录，并在请求头 Authorization 中写上 Bearer 和登录凭证（accessToken）',
    () => 'Sign in first and send Authorization: Bearer <accessToken>',
  ),
  session_ended: entry(
    () => '登录已失效（账号已停用或密码已更改），请重新登录',
    () => 'The access token is no longer valid: sign in again',
  ),
  token_invalid: entry(
    () => '登录凭证无效或已过期，请重新登录',
    () => 'The access token is invalid or has expired: sign in again',
  ),
  wrong_credentials: entry(
    () => '用户名或密码错误',
    () => 'Wrong username or password',
  ),
  too_many_attempts: entry<{ minutes: number }>(
    (p) => `登录失败次数过多，请 ${p.minutes} 分钟后再试`,
    (p) => `Too many failed sign-ins: try again in ${p.minutes} minute${p.minutes === 1 ? '' : 's'}`,
  ),
  password_check_busy: entry(
    () => '此刻同时登录的人太多，请一秒后再试',
    () => 'Too many sign-ins are being checked at this moment: try again in a second',
  ),
  role_forbidden: entry<{ roles: readonly Role[]; role: Role }>(
    (p) => `只有${either.zh(p.roles.map(ROLE.zh))}可以这样操作；您的账号是${ROLE.zh(p.role)}`,
    (p) => `Only ${either.en(p.roles)} accounts may do this; yours is ${p.role}`,
  ),
  personal_data_not_allowed: entry<{ role: Role }>(
    (p) => `要打印完整的身份证号和联系电话：${ROLE.zh(p.role)}不能查看完整号码，只有系统管理员和工作人员可以打印`,
    (p) => `personalData=full: the role ${p.role} may not see ID-card and phone numbers; only admin and staff may print them`,
  ),

  // ── error codes: what the request names ──
  not_in_scope: entry<{ kind: 'household' | 'village' | 'photo'; id: number }>(
    (p) => `找不到${SCOPED_KINDS[p.kind].zh} ${p.id}，或它不在您的管辖范围内`,
    (p) => `${SCOPED_KINDS[p.kind].en} ${p.id} not found in your scope`,
  ),
  user_not_found: entry<{ id: number }>(
    (p) => `找不到账号 ${p.id}`,
    (p) => `User ${p.id} not found`,
  ),
  /** The router finds no route: the path is unknown, or it is known but not for this method (no 405 is made). */
  not_found: entry<{ method: string; path: string }>(
    (p) => `没有这个地址，或它不支持 ${p.method} 方法：${p.path}`,
    (p) => `There is no such address, or it does not accept ${p.method}: ${p.path}`,
  ),

  // ── error codes: the repair workflow ──
  stale_version: entry<{ id: number; sent: number; current: number }>(
    (p) => `此户刚被他人修改（现为第 ${p.current} 版，您依据的是第 ${p.sent} 版），您的操作没有保存。请重新载入后再试。`,
    (p) =>
      `Household ${p.id} is at version ${p.current}, not ${p.sent}: someone changed it first. Nothing was written; reload it and try again.`,
  ),
  move_not_allowed: entry<{ from: RepairStatus; to: RepairStatus; grade: string; allowed: readonly RepairStatus[] }>(
    (p) => {
      const prefix = `不能从${STATUS.zh(p.from)}改为${STATUS.zh(p.to)}`;
      if (p.grade === 'A') return `${prefix}：A级房屋安全，没有修缮需要记录`;
      return p.allowed.length > 0
        ? `${prefix}：${STATUS.zh(p.from)}之后只能改为${either.zh(p.allowed.map(STATUS.zh))}`
        : `${prefix}：${STATUS.zh(p.from)}是最后一步`;
    },
    (p) => {
      const prefix = `Cannot move from ${STATUS.en(p.from)} to ${STATUS.en(p.to)}`;
      if (p.grade === 'A') return `${prefix}: grade A houses are safe and have no repair to track`;
      return p.allowed.length > 0 ? `${prefix}: allowed from ${p.from}: ${p.allowed.join(', ')}` : `${prefix}: ${p.from} is final`;
    },
  ),
  note_required: entry<{ from: RepairStatus; to: RepairStatus; needed: NoteNeeded }>(
    (p) => `从${STATUS.zh(p.from)}改为${STATUS.zh(p.to)}必须填写说明：${NOTE_NEEDED[p.needed].zh}`,
    (p) => `Cannot move from ${STATUS.en(p.from)} to ${STATUS.en(p.to)} without a note: ${NOTE_NEEDED[p.needed].en}`,
  ),
  role_may_not_move: entry<{ role: Role; from: RepairStatus; to: RepairStatus }>(
    (p) => `${ROLE.zh(p.role)}不能记录${STATUS.zh(p.from)} → ${STATUS.zh(p.to)}`,
    (p) =>
      `An account with the role ${p.role} may not record ${p.from} → ${p.to} (${REPAIR_STATUS_LABELS[p.from]} → ${REPAIR_STATUS_LABELS[p.to]})`,
  ),
  own_completion: entry(
    () => '此户的完工是您记录的，须由另一位验收人员验收',
    () => "You recorded this household's completion: another inspector must inspect it",
  ),
  role_may_not_enter_accepted: entry<{ role: Role }>(
    (p) => `${ROLE.zh(p.role)}不能把住户直接录入为已验收：验收只由验收人员或系统管理员记录`,
    (p) => `This account (role ${p.role}) may not enter a household as accepted: only an inspector or an admin records an acceptance`,
  ),
  acceptance_photo_required: entry<{ id: number }>(
    () => '本县要求验收时附修缮后或验收照片：请先上传此户修缮后或验收阶段的照片，再记录验收合格',
    (p) => `This county requires a photo for an acceptance: upload an after-repair or acceptance photo of household ${p.id} first`,
  ),
  photo_delete_not_allowed: entry<{ hours: number }>(
    (p) => `只有上传者本人在上传后 ${p.hours} 小时内、或系统管理员可以删除这张照片`,
    (p) => `Only the uploader, within ${p.hours} hours of uploading, or an admin may delete this photo`,
  ),
  photo_used_by_acceptance: entry<{ id: number }>(
    (p) => `照片 ${p.id} 是此户验收所依据的照片，住户已验收，不能删除`,
    (p) => `Photo ${p.id} is evidence the household's acceptance relied on, and the household is accepted: it cannot be deleted`,
  ),
  client_id_reused: entry<{ clientId: string }>(
    (p) => `客户端编号 ${p.clientId} 已用于另一项操作（另一户、另一状态或另一用户），这次没有保存：请用新的编号重新提交`,
    (p) =>
      `clientId ${p.clientId} was already used for a different request (another household, status or user): nothing was written; send it with a new clientId`,
  ),

  // ── error codes: conflicts with what is stored ──
  username_taken: entry<{ username: string }>(
    (p) => `用户名 ${p.username} 已被使用`,
    (p) => `Username ${p.username} is taken`,
  ),
  last_admin: entry(
    () => '这是最后一个可用的系统管理员账号：请先设置另一位系统管理员',
    () => 'This is the last active admin: make another admin first',
  ),
  region_code_taken: entry<{ code: string }>(
    (p) => `区划代码 ${p.code} 已有地区使用`,
    (p) => `A region with code ${p.code} already exists`,
  ),
  region_name_taken: entry<{ parent: string | null; level: RegionLevel; name: string }>(
    (p) => `${p.parent ?? '系统中'}已有名为${p.name}的${LEVEL[p.level]}`,
    (p) => `${p.parent ?? 'The tracker'} already has a ${p.level} named ${p.name}`,
  ),
  remark_exists: entry<{ villageId: number; grade: string }>(
    (p) => `村 ${p.villageId} 的${p.grade}级已有这条备注`,
    (p) => `Village ${p.villageId} already has this remark for grade ${p.grade}`,
  ),
  data_conflict: entry(
    () => '这项修改与已保存的数据冲突（重复，或引用的数据不存在）',
    () => 'The change conflicts with stored data (a duplicate or a missing reference)',
  ),
  concurrent_change: entry(
    () => '同一数据正在别处同时保存，这次没有写入任何内容，请重试',
    () => 'Another change to the same data was being saved at the same moment: nothing was written, try again',
  ),

  // ── error codes: ledger import ──
  import_not_found: entry<{ id: number }>(
    (p) => `找不到导入记录 ${p.id}，或它不是您能查看的`,
    (p) => `Import ${p.id} not found among the imports you may see`,
  ),
  ledger_file_refused: entry<{ problem: LedgerFileProblem; maxMegabytes: number; maxRows: number }>(
    (p) => LEDGER_FILE_REFUSALS[p.problem].zh(p),
    (p) => LEDGER_FILE_REFUSALS[p.problem].en(p),
  ),
  import_file_missing: entry(
    () => '请选择要上传的台账文件（表单字段 file）',
    () => 'Choose the ledger file to upload (form field file)',
  ),
  import_has_invalid_rows: entry<{ invalid: number }>(
    (p) => `有 ${p.invalid} 行有误，没有导入任何内容：请改正后重新上传，或选择跳过有误的行`,
    (p) => `${p.invalid} rows are invalid, so nothing was imported: correct them and upload again, or commit with skipInvalid`,
  ),
  import_stale: entry(
    () => '校验之后，这些住户已被他人修改：请重新上传文件校验后再导入',
    () => 'Households this file changes were changed after it was validated: upload it again to validate it',
  ),
  import_interrupted: entry<{ status?: string }>(
    () => '导入在进行中被中断（服务已停止或重启），没有写入任何住户：请重新上传文件',
    () => 'The import was cut off while it ran (the service stopped or restarted) and wrote no household: upload the file again',
  ),
  import_not_validated: entry<{ status: string }>(
    (p) => `这次导入的状态是“${IMPORT_STATUS_LABELS[p.status] ?? p.status}”，只有校验完成的导入才能确认导入`,
    (p) => `This import is ${p.status}: only a validated import can be committed`,
  ),

  // ── error codes: photos ──
  photo_file_missing: entry(
    () => '请选择要上传的照片（表单字段 file）',
    () => 'Choose the photo to upload (form field file)',
  ),
  photo_too_large: entry<{ maxMegabytes: number }>(
    (p) => `照片文件超过 ${p.maxMegabytes} MB 的上限：请用手机相机的普通画质拍摄，或压缩后再上传`,
    (p) => `The photo is larger than ${p.maxMegabytes} MB: take it at the camera's normal quality, or make it smaller first`,
  ),
  /** `detected`: what the bytes are instead (file-type's extension: heic, pdf …), null when nothing is recognised. */
  photo_not_an_image: entry<{ detected: string | null }>(
    (p) =>
      `只能上传 JPEG、PNG 或 WebP 格式的照片，${p.detected ? `这个文件是 ${p.detected.toUpperCase()} 格式` : '这个文件不是能识别的图片'}。苹果手机的 HEIC 照片：请在手机“设置—相机—格式”中选“兼容性最佳”后重新拍摄，或先转成 JPEG 再上传`,
    (p) =>
      `Only JPEG, PNG and WebP photos are taken; ${p.detected ? `this file is ${p.detected.toUpperCase()}` : 'this file is not an image the tracker recognises'}. iPhone HEIC photos: set Settings > Camera > Formats to Most Compatible, or convert them to JPEG first`,
  ),
  photo_too_many_pixels: entry<{ megapixels: number; maxMegapixels: number }>(
    (p) => `这张照片有 ${p.megapixels} 百万像素，超过 ${p.maxMegapixels} 百万像素的上限：请用手机相机的普通分辨率拍摄，或缩小后再上传`,
    (p) =>
      `This photo has ${p.megapixels} megapixels, more than the ${p.maxMegapixels} allowed: take it at the camera's normal resolution, or make it smaller first`,
  ),
  photo_unreadable: entry(
    () => '无法读取这张照片：文件已损坏或不完整。请从相册重新选择，或重新拍摄后再上传',
    () => 'The photo cannot be read: the file is damaged or incomplete. Choose it again from the gallery, or take it again',
  ),
  photo_storage_full: entry(
    () => '服务器上存放照片的磁盘空间不足，这张照片没有保存：请告诉系统管理员清理或扩充照片存储空间（PHOTO_DIR）后再上传',
    () =>
      'The disk that holds the photos is full, so the photo was not kept: ask the administrator to free or add space for PHOTO_DIR, then upload it again',
  ),

  // ── error codes: the server's limits and faults ──
  exports_busy: entry<{ reason: RenderRefusal }>(
    (p) => EXPORTS_BUSY[p.reason].zh,
    (p) => EXPORTS_BUSY[p.reason].en,
  ),
  database_unavailable: entry(
    () => '数据库没有响应',
    () => 'The database does not answer',
  ),
  internal_error: entry(
    () => '服务器内部出错，请稍后再试；如果一再出现，请把请求编号（requestId）告诉系统管理员',
    () => 'Internal server error: try again later, and if it keeps happening, give the administrator the requestId of this answer',
  ),

  // ── error codes: refusals the framework or a library made, by status (`detail`: its English words) ──
  bad_request: entry<{ detail?: string }>(
    () => '请求有误',
    (p) => p.detail ?? 'Bad request',
  ),
  unauthorized: entry<{ detail?: string }>(
    () => '请先登录',
    (p) => p.detail ?? 'Unauthorized',
  ),
  forbidden: entry<{ detail?: string }>(
    () => '您没有权限这样操作',
    (p) => p.detail ?? 'Forbidden',
  ),
  conflict: entry<{ detail?: string }>(
    () => '与已保存的数据冲突',
    (p) => p.detail ?? 'Conflict',
  ),
  method_not_allowed: entry<{ detail?: string }>(
    () => '这个地址不接受这种请求方法',
    (p) => p.detail ?? 'Method not allowed',
  ),
  unprocessable: entry<{ detail?: string }>(
    () => '无法处理这个请求',
    (p) => p.detail ?? 'Unprocessable entity',
  ),
  too_many_requests: entry<{ detail?: string }>(
    () => '请求太频繁，请稍后再试',
    (p) => p.detail ?? 'Too many requests',
  ),
  service_unavailable: entry<{ detail?: string }>(
    () => '服务暂时不可用，请稍后再试',
    (p) => p.detail ?? 'Service unavailable',
  ),
  request_failed: entry<{ status: number; detail?: string }>(
    (p) => `请求没有完成（${p.status}）`,
    (p) => p.detail ?? `The request failed (${p.status})`,
  ),
};

export type MessageCode = keyof typeof MESSAGES;
export type MessageParams<C extends MessageCode> = Parameters<(typeof MESSAGES)[C]['zh']>[0];

/** The codes of one field's problem (`fields[].code`): their messages name the field. */
export type FieldCode = { [C in MessageCode]: MessageParams<C> extends OfField ? C : never }[MessageCode];
/** The codes of an error body (`code`). */
export type ErrorCode = Exclude<MessageCode, FieldCode>;

/** What is wrong with a request, as exceptions carry it: a code and its parameters, not words. */
export type Problem<C extends ErrorCode = ErrorCode> = C extends ErrorCode
  ? { readonly code: C; readonly params: MessageParams<C> }
  : never;

/** What is wrong with one field's value; the field itself is named where the issue is reported. */
export type FieldIssue<C extends FieldCode = FieldCode> = C extends FieldCode
  ? { readonly code: C; readonly params: Omit<MessageParams<C>, 'field'> }
  : never;

/** One field that failed, named by its path (`householder`, `aliases[1]`, `scope[0].level`). */
export type FieldProblem = FieldIssue & { readonly field: string };

export function isMessageCode(code: unknown): code is MessageCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(MESSAGES, code);
}

export function isFieldCode(code: unknown): code is FieldCode {
  return isMessageCode(code) && MESSAGES[code].kind === 'field';
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return isMessageCode(code) && MESSAGES[code].kind === 'error';
}

/** The message for `code` with `params`, in `language`. */
export function renderMessage(language: Language, code: MessageCode, params: object = {}): string {
  return (MESSAGES[code][language] as (params: object) => string)(params);
}

/** One field's message, for a field problem as validation_failed carries it (its own message is made of these). */
export function renderFieldProblem(language: Language, problem: FieldProblemShape): string {
  return renderMessage(language, problem.code as MessageCode, { ...problem.params, field: fieldLabel(problem.field, language) });
}

/** The message for `issue` of the field at `path` (`householder`, `scope[0].level`), in `language`. */
export function renderFieldIssue(language: Language, path: string, fieldIssue: FieldIssue): string {
  return renderMessage(language, fieldIssue.code, { ...fieldIssue.params, field: fieldLabel(path, language) });
}

/** Every code an error body's `code` may hold (the OpenAPI document lists them). */
export const ERROR_CODES: readonly ErrorCode[] = (Object.keys(MESSAGES) as MessageCode[]).filter(isErrorCode);

/** Every code a `fields[].code` of validation_failed may hold. */
export const FIELD_CODES: readonly FieldCode[] = (Object.keys(MESSAGES) as MessageCode[]).filter(isFieldCode);
