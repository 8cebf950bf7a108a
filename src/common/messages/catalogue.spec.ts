import { describe, expect, it } from '@jest/globals';
import {
  type FieldCode,
  isErrorCode,
  isFieldCode,
  type MessageCode,
  MESSAGES,
  type MessageParams,
  renderFieldIssue,
  renderMessage,
} from './catalogue.js';
import { LANGUAGES } from './language.js';
import { issue } from './problem.js';

/**
 * Parameters for every code, to render each message in both languages. Typed by the catalogue:
 * a code added without a sample here fails the type check. Field codes get `field` from the
 * renderer, so their samples leave it out.
 */
type Samples = { [C in MessageCode]: C extends FieldCode ? Omit<MessageParams<C>, 'field'> : MessageParams<C> };
const SAMPLES: Samples = {
  import_not_found: { id: 12 },
  ledger_file_refused: { problem: 'xls', maxMegabytes: 20, maxRows: 200000 },
  import_file_missing: {},
  import_has_invalid_rows: { invalid: 3 },
  import_stale: {},
  import_interrupted: { status: 'committing' },
  import_not_validated: { status: 'committed' },
  unknown_field: { key: 'villageId[]', within: '' },
  required: {},
  not_a_string: {},
  not_an_integer: {},
  not_a_boolean: {},
  not_an_array: {},
  not_an_object: {},
  not_one_of: { allowed: ['pending', 'in_progress', 'completed', 'accepted'] },
  not_a_date: {},
  too_small: { min: 1 },
  too_large: { max: 500 },
  too_short: { min: 10 },
  too_long: { max: 50 },
  too_many_items: { max: 200 },
  invalid_username: {},
  invalid_value: {},
  invalid_id: { max: 2_147_483_647 },
  control_character: { codePoint: '0000', position: 3, multiline: true },
  blank: {},
  id_card_length: {},
  id_card_characters: {},
  id_card_birth_date_impossible: {},
  id_card_birth_date_too_early: {},
  id_card_birth_date_future: {},
  id_card_check_digit: {},
  phone_characters: {},
  phone_mobile: {},
  phone_landline: {},
  phone_kind: {},
  date_in_future: { date: '2027-01-05', today: '2026-12-02' },
  date_before_last_change: { date: '2021-12-19', lastChangeOn: '2021-12-20' },
  not_a_uuid: {},
  empty_list: {},
  inspection_not_for_move: { from: 'pending', to: 'in_progress' },
  new_grade_on_failure: {},
  not_nullable: {},
  password_too_short: { min: 10 },
  password_too_long: { max: 128 },
  password_contains_username: {},
  password_repetitive: {},
  wrong_current_password: {},
  scope_empty: { role: 'staff' },
  scope_region_unknown: { level: 'village', id: 999 },
  village_unknown: { id: 42 },
  parent_not_allowed: {},
  parent_required: { level: 'township', parentLevel: 'county' },
  parent_wrong_level: { id: 1, parentLevel: 'township' },
  division_code_digits: { level: 'village', digits: 12, code: '14012110' },
  division_code_prefix: { code: '140121999001', parentCode: '140121103' },
  env_database_url: {},
  env_trust_proxy: {},
  env_required_in_production: {},
  validation_failed: {
    fields: [
      { field: 'householder', ...issue('too_long', { max: 50 }) },
      { field: 'occurredOn', ...issue('not_a_date') },
    ],
  },
  body_too_deep: { maxDepth: 32 },
  invalid_json: {},
  empty_json_body: {},
  body_too_large: { limitKiB: 64 },
  unsupported_media_type: {},
  invalid_url: {},
  malformed_request: {},
  invalid_http: {},
  headers_too_large: {},
  request_timeout: {},
  param_too_long: {},
  sign_in_required: {},
  session_ended: {},
  token_invalid: {},
  wrong_credentials: {},
  too_many_attempts: { minutes: 15 },
  password_check_busy: {},
  role_forbidden: { roles: ['admin', 'staff'], role: 'supervisor' },
  personal_data_not_allowed: { role: 'inspector' },
  not_in_scope: { kind: 'household', id: 7 },
  user_not_found: { id: 9 },
  not_found: { method: 'GET', path: '/api/nothing' },
  stale_version: { id: 7, sent: 2, current: 3 },
  move_not_allowed: { from: 'pending', to: 'accepted', grade: 'B', allowed: ['in_progress', 'completed'] },
  note_required: { from: 'completed', to: 'in_progress', needed: 'failed_acceptance' },
  role_may_not_move: { role: 'staff', from: 'completed', to: 'accepted' },
  own_completion: {},
  role_may_not_enter_accepted: { role: 'staff' },
  acceptance_photo_required: { id: 7 },
  photo_delete_not_allowed: { hours: 24 },
  photo_used_by_acceptance: { id: 3 },
  photo_file_missing: {},
  photo_too_large: { maxMegabytes: 15 },
  photo_not_an_image: { detected: 'heic' },
  photo_too_many_pixels: { megapixels: 144, maxMegapixels: 100 },
  photo_unreadable: {},
  photo_storage_full: {},
  client_id_reused: { clientId: '3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f' },
  username_taken: { username: 'wang.mengfeng' },
  last_admin: {},
  region_code_taken: { code: '140121103' },
  region_name_taken: { parent: '孟封镇', level: 'village', name: '孟封村' },
  remark_exists: { villageId: 3, grade: 'C' },
  data_conflict: {},
  concurrent_change: {},
  exports_busy: { reason: 'queue-full' },
  database_unavailable: {},
  internal_error: {},
  bad_request: { detail: 'Something Nest said' },
  unauthorized: {},
  forbidden: {},
  conflict: {},
  method_not_allowed: {},
  unprocessable: {},
  too_many_requests: {},
  service_unavailable: {},
  request_failed: { status: 418 },
};

const CODES = Object.keys(MESSAGES) as MessageCode[];
const FIELD = 'householder';

/** Every code's message in `language`; a field's is rendered for the field `householder`. */
function rendered(code: MessageCode, language: (typeof LANGUAGES)[number]): string {
  return isFieldCode(code)
    ? renderFieldIssue(language, FIELD, issue(code as 'too_long', SAMPLES[code] as { max: number }))
    : renderMessage(language, code, SAMPLES[code]);
}

const CJK = /[\u3400-\u9fff]/;
/** Two English words in a row: a sentence, not a name such as JSON, GB 11643 or Authorization: Bearer <token>. */
const ENGLISH_PHRASE = /[A-Za-z]{2,}[ ,][a-z]{2,}/;
/** An identifier as a program spells it, which a Chinese message should name by its label: `occurredOn`, `in_progress`. */
const CAMEL_CASE = /\b[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+\b/;
const SNAKE_CASE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/;
/**
 * A Chinese message without what may spell an identifier: a value quoted as the request sent it
 * (“villageId[]”), and a value given beside its label (待修缮（pending）).
 */
const withoutQuotedValues = (message: string) => message.replace(/“[^”]*”/g, '').replace(/(?<=[\u3400-\u9fff])（[A-Za-z0-9_]+）/g, '');

describe('the message catalogue', () => {
  it('has a sample for every code and nothing else (the type check keeps them in step)', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...CODES].sort());
  });

  it.each(CODES)('%s is a stable snake_case code of one kind, error or field', (code) => {
    expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(isErrorCode(code) !== isFieldCode(code)).toBe(true);
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

  it.each(CODES)('%s reads in Chinese: no camelCase or snake_case identifier, but values quoted as sent or beside their label', (code) => {
    const messages = [rendered(code, 'zh')];
    // A field whose API name is camelCase is named by its label too (发生日期, not occurredOn).
    if (isFieldCode(code))
      messages.push(renderFieldIssue('zh', 'scope[0].occurredOn', issue(code as 'too_long', SAMPLES[code] as { max: number })));
    for (const message of messages) {
      expect(withoutQuotedValues(message)).not.toMatch(CAMEL_CASE);
      expect(withoutQuotedValues(message)).not.toMatch(SNAKE_CASE);
    }
  });

  it('finds the identifiers it looks for, and lets through only the exceptions', () => {
    expect(
      ['personalData=full：', '状态是 in_progress', '带上 <accessToken>'].map((m) => [CAMEL_CASE.test(m), SNAKE_CASE.test(m)]),
    ).toEqual([
      [true, false],
      [false, true],
      [true, false],
    ]);
    expect(withoutQuotedValues('不接受字段“villageId[]”，请删去；施工中（in_progress）')).toBe('不接受字段，请删去；施工中');
    // A value in brackets that is not beside a label is not let through.
    expect(withoutQuotedValues('只能是 (in_progress) 或 （in_progress）')).toMatch(SNAKE_CASE);
  });

  it.each(CODES)('%s reads in English: no Chinese but names, quotes and a status’s label', (code) => {
    const names = Object.values(SAMPLES[code]).filter((v): v is string => typeof v === 'string');
    const message = rendered(code, 'en');
    const withoutNames = names.reduce((text, name) => text.split(name).join(''), message);
    expect(withoutNames.replace(/\([^)]*\)|'[^']*'|"[^"]*"/g, '')).not.toMatch(CJK);
    expect(message).toMatch(/^\S/);
  });

  // unknown_field names the key as it was sent instead (tested below).
  it.each(CODES.filter((code) => isFieldCode(code) && code !== 'unknown_field'))(
    '%s names its field: 户主 in Chinese, householder in English',
    (code) => {
      expect(rendered(code, 'zh')).toContain('户主');
      expect(rendered(code, 'en')).toContain(FIELD);
    },
  );

  it.each<[string, string, { key: string; within: string }, string, string]>([
    [
      'a query key with brackets',
      'villageId[]',
      { key: 'villageId[]', within: '' },
      '不接受字段“villageId[]”，请删去',
      'Field "villageId[]" is not accepted: remove it',
    ],
    [
      'a key that has a label',
      'username',
      { key: 'username', within: '' },
      '不接受字段“username”，请删去',
      'Field "username" is not accepted: remove it',
    ],
    [
      'a key inside an item, after the item’s label',
      'scope[0].foo',
      { key: 'foo', within: 'scope[0]' },
      '管辖范围第1项中不接受字段“foo”，请删去',
      'Field "foo" in scope[0] is not accepted: remove it',
    ],
    ['a Chinese key', '户主', { key: '户主', within: '' }, '不接受字段“户主”，请删去', 'Field "户主" is not accepted: remove it'],
    [
      'a key with a direction override, escaped',
      'a\u202Eb',
      { key: 'a\u202Eb', within: '' },
      '不接受字段“a\\u202Eb”，请删去',
      'Field "a\\u202Eb" is not accepted: remove it',
    ],
    [
      'a key of 100 characters, cut at 64',
      'x'.repeat(100),
      { key: 'x'.repeat(100), within: '' },
      `不接受字段“${'x'.repeat(64)}…”，请删去`,
      `Field "${'x'.repeat(64)}…" is not accepted: remove it`,
    ],
  ])('unknown_field quotes the key as sent, in both languages, never by a label: %s', (_case, path, params, zh, en) => {
    const found = issue('unknown_field', params);
    expect([renderFieldIssue('zh', path, found), renderFieldIssue('en', path, found)]).toEqual([zh, en]);
  });

  it.each<[string, string[], string]>([
    [
      'to',
      ['pending', 'in_progress', 'completed', 'accepted'],
      '新状态只能是以下之一：待修缮（pending）、施工中（in_progress）、已完工（completed）、已验收（accepted）',
    ],
    [
      'role',
      ['admin', 'supervisor', 'staff', 'inspector'],
      '角色只能是以下之一：系统管理员（admin）、督导（supervisor）、工作人员（staff）、验收人员（inspector）',
    ],
    ['groupBy', ['county', 'township', 'village'], '汇总层级只能是以下之一：县（county）、乡镇（township）、村（village）'],
    ['personalData', ['masked', 'full'], '个人信息显示方式只能是以下之一：部分隐去（masked）、完整显示（full）'],
    ['grade', ['A', 'B', 'C', 'D'], '鉴定等级只能是以下之一：A、B、C、D'],
    ['format', ['xlsx', 'csv'], '文件格式只能是以下之一：xlsx、csv'],
    // Only a set that holds every value gives labels: a list that mixes sets is shown as it is.
    ['x', ['pending', 'admin'], 'x 只能是以下之一：pending、admin'],
  ])('not_one_of lists the values of %s in Chinese with their labels, and in English as they are', (field, allowed, zh) => {
    const found = issue('not_one_of', { allowed });
    expect(renderFieldIssue('zh', field, found)).toBe(zh);
    expect(renderFieldIssue('en', field, found)).toBe(`${field} must be one of the following values: ${allowed.join(', ')}`);
  });

  it('has the codes the contract and the pages rely on', () => {
    const errorCodes = [
      'stale_version',
      'move_not_allowed',
      'not_in_scope',
      'validation_failed',
      'too_many_attempts',
      'body_too_deep',
      'password_check_busy',
      'exports_busy',
    ];
    expect(errorCodes.filter((code) => !isErrorCode(code))).toEqual([]);
  });

  it.each<[MessageCode, object, string, string]>([
    [
      'stale_version',
      { id: 7, sent: 2, current: 3 },
      '此户刚被他人修改（现为第 3 版，您依据的是第 2 版），您的操作没有保存。请重新载入后再试。',
      'Household 7 is at version 3, not 2: someone changed it first. Nothing was written; reload it and try again.',
    ],
    [
      'move_not_allowed',
      { from: 'accepted', to: 'pending', grade: 'B', allowed: [] },
      '不能从已验收改为待修缮：已验收是最后一步',
      'Cannot move from accepted (已验收) to pending (待修缮): accepted is final',
    ],
    [
      'move_not_allowed',
      { from: 'pending', to: 'accepted', grade: 'C', allowed: ['in_progress', 'completed'] },
      '不能从待修缮改为已验收：待修缮之后只能改为施工中或已完工',
      'Cannot move from pending (待修缮) to accepted (已验收): allowed from pending: in_progress, completed',
    ],
    [
      'move_not_allowed',
      { from: 'pending', to: 'in_progress', grade: 'A', allowed: [] },
      '不能从待修缮改为施工中：A级房屋安全，没有修缮需要记录',
      'Cannot move from pending (待修缮) to in_progress (施工中): grade A houses are safe and have no repair to track',
    ],
    [
      'note_required',
      { from: 'pending', to: 'completed', needed: 'completed_before_entry' },
      '从待修缮改为已完工必须填写说明：补录已完工须注明录入前已完工',
      'Cannot move from pending (待修缮) to completed (已完工) without a note: recording work done before it was entered needs a note saying so',
    ],
    [
      'role_may_not_move',
      { role: 'staff', from: 'completed', to: 'accepted' },
      '工作人员不能记录已完工 → 已验收',
      'An account with the role staff may not record completed → accepted (已完工 → 已验收)',
    ],
    [
      'role_forbidden',
      { roles: ['admin'], role: 'supervisor' },
      '只有系统管理员可以这样操作；您的账号是督导',
      'Only admin accounts may do this; yours is supervisor',
    ],
    [
      'role_forbidden',
      { roles: ['admin', 'staff', 'inspector'], role: 'supervisor' },
      '只有系统管理员、工作人员或验收人员可以这样操作；您的账号是督导',
      'Only admin, staff or inspector accounts may do this; yours is supervisor',
    ],
    ['not_in_scope', { kind: 'village', id: 9 }, '找不到村 9，或它不在您的管辖范围内', 'Village 9 not found in your scope'],
    ['too_many_attempts', { minutes: 15 }, '登录失败次数过多，请 15 分钟后再试', 'Too many failed sign-ins: try again in 15 minutes'],
    ['too_many_attempts', { minutes: 1 }, '登录失败次数过多，请 1 分钟后再试', 'Too many failed sign-ins: try again in 1 minute'],
    [
      'personal_data_not_allowed',
      { role: 'inspector' },
      '要打印完整的身份证号和联系电话：验收人员不能查看完整号码，只有系统管理员和工作人员可以打印',
      'personalData=full: the role inspector may not see ID-card and phone numbers; only admin and staff may print them',
    ],
    [
      'not_found',
      { method: 'PUT', path: '/api/households' },
      '没有这个地址，或它不支持 PUT 方法：/api/households',
      'There is no such address, or it does not accept PUT: /api/households',
    ],
    [
      'internal_error',
      {},
      '服务器内部出错，请稍后再试；如果一再出现，请把请求编号（requestId）告诉系统管理员',
      'Internal server error: try again later, and if it keeps happening, give the administrator the requestId of this answer',
    ],
    [
      'malformed_request',
      {},
      "服务器无法读取这个请求。地址里的中文和空格须先编码，例如 curl 用 -G --data-urlencode 'q=郑清亮'",
      "The request could not be read. Chinese characters and spaces in the address must be percent-encoded (with curl: -G --data-urlencode 'q=郑清亮')",
    ],
    ['invalid_http', {}, '服务器无法读取这个请求：它不是有效的 HTTP 请求', 'The request could not be read: it is not valid HTTP'],
    [
      'exports_busy',
      { reason: 'user-limit' },
      '您已有导出任务正在进行，请等其完成后再试',
      'You already have files being made: wait for them to finish, then try again',
    ],
    [
      'region_name_taken',
      { parent: null, level: 'county', name: '清徐县' },
      '系统中已有名为清徐县的县',
      'The tracker already has a county named 清徐县',
    ],
  ])('%s with %j', (code, params, zh, en) => {
    expect([renderMessage('zh', code, params), renderMessage('en', code, params)]).toEqual([zh, en]);
  });

  it.each<[string, Parameters<typeof issue>, string, string]>([
    [
      'occurredOn',
      ['date_in_future', { date: '2027-01-05', today: '2026-12-02' }],
      '发生日期 2027-01-05 晚于今天（县里今天是 2026-12-02）',
      'occurredOn 2027-01-05 is in the future (today is 2026-12-02 in the county)',
    ],
    ['householder', ['too_long', { max: 50 }], '户主最多 50 个字符', 'householder must be at most 50 characters long'],
    ['name', ['too_short', { min: 1 }], '名称不能为空', 'name must be at least 1 character long'],
    [
      'grade',
      ['not_one_of', { allowed: ['A', 'B', 'C', 'D'] }],
      '鉴定等级只能是以下之一：A、B、C、D',
      'grade must be one of the following values: A, B, C, D',
    ],
    ['aliases[1]', ['blank'], '别名第2项不能为空白', 'aliases[1] must not be blank'],
    [
      'scope[0].level',
      ['not_one_of', { allowed: ['county'] }],
      '管辖范围第1项的层级只能是以下之一：县（county）',
      'scope[0].level must be one of the following values: county',
    ],
    ['idCardNumber', ['id_card_birth_date_future'], '身份证号中的出生日期晚于今天', 'idCardNumber has a birth date in the future'],
    [
      'villageId',
      ['village_unknown', { id: 42 }],
      '所在村 42 不是已知的村，或不在您的管辖范围内',
      'villageId 42 is not a known village or not in your scope',
    ],
    [
      'idCardNumber',
      ['id_card_check_digit'],
      '身份证号校验位不对（GB 11643），请核对号码',
      'idCardNumber fails its check digit (GB 11643)',
    ],
    ['PORT', ['not_an_integer'], 'PORT 必须是整数', 'PORT must be an integer number'],
    [
      'householder',
      ['control_character', { codePoint: '202E', position: 2, multiline: false }],
      '户主含有不能使用的控制字符或文字方向字符：第 2 个字符 U+202E',
      'householder must not contain control or direction-changing characters: U+202E at position 2',
    ],
  ])('the field %s, %j', (field, [code, params], zh, en) => {
    const found = (issue as (code: string, params?: object) => ReturnType<typeof issue>)(code, params);
    expect([renderFieldIssue('zh', field, found), renderFieldIssue('en', field, found)]).toEqual([zh, en]);
  });

  it('lists every field of a validation error in its message, in the language asked for', () => {
    expect(renderMessage('zh', 'validation_failed', SAMPLES.validation_failed)).toBe(
      '户主最多 50 个字符；发生日期必须是日期，写作 YYYY-MM-DD（如 2021-12-23）',
    );
    expect(renderMessage('en', 'validation_failed', SAMPLES.validation_failed)).toBe(
      'householder must be at most 50 characters long; occurredOn must be a calendar date written YYYY-MM-DD',
    );
  });
});
