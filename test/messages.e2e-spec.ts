import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { RenderSlot } from '../src/exports/render-admission.js';
import { RenderPool } from '../src/exports/render-pool.js';
import { createUser, type TestUser } from './support/accounts.js';
import { createHousehold, createRegionTree, type HouseholdBody } from './support/fixtures.js';
import { http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The error contract (README, "The API"): every error body is `{ statusCode, error,
 * message, code, requestId }` (and `fields` for a validation error), its message in Chinese
 * unless the request asks for English with Accept-Language. Each kind of refusal the API gives
 * is asked for twice, without the header and with `en`; the framework's own refusals (a URL or
 * request Node cannot read) are among them.
 */

const CJK = /[\u3400-\u9fff]/;
/** Two English words in a row: an English sentence inside a Chinese message. */
const ENGLISH_PHRASE = /[A-Za-z]{2,}[ ,][a-z]{2,}/;
/** An identifier as a program spells it (occurredOn, in_progress), which a Chinese message names by its label. */
const IDENTIFIER = /\b[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+\b|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/;
/** Without what may spell one: a value quoted as it was sent (“villageId[]”), a value beside its label (施工中（in_progress）). */
const withoutQuotedValues = (message: string) => message.replace(/“[^”]*”/g, '').replace(/(?<=[\u3400-\u9fff])（[A-Za-z0-9_]+）/g, '');

type Language = 'zh' | 'en';
interface Answer {
  status: number;
  body: Record<string, unknown> & { fields?: { field: string; code: string; message: string }[] };
  headers: Record<string, string | string[] | undefined>;
}

/** What every error answer has, whatever its kind. */
function expectErrorShape(res: Answer, language: Language): void {
  const { fields, ...rest } = res.body;
  expect(Object.keys(rest).sort()).toEqual(['code', 'error', 'message', 'requestId', 'statusCode']);
  expect(res.body.statusCode).toBe(res.status);
  expect(res.body.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  expect(res.body.requestId).toEqual(expect.any(String));
  expect(res.headers['x-request-id']).toBe(res.body.requestId);
  expect(res.headers['content-language']).toBe(language === 'zh' ? 'zh-CN' : 'en');
  const messages = [res.body.message as string, ...(fields ?? []).map((f) => f.message)];
  for (const message of messages) {
    if (language === 'zh') {
      expect(message).toMatch(CJK);
      expect(message).not.toMatch(ENGLISH_PHRASE);
      expect(withoutQuotedValues(message)).not.toMatch(IDENTIFIER);
    } else {
      expect(message.replace(/\([^)]*\)|'[^']*'|"[^"]*"/g, '')).not.toMatch(CJK);
    }
  }
}

describe('messages people read', () => {
  let t: TestApp;
  let staff: TestUser;
  let inspector: TestUser;
  let supervisor: TestUser;
  let mine: HouseholdBody;
  let elsewhere: HouseholdBody;
  let addresses = 0;

  /** A fresh client address, so that the sign-in limits of one case do not reach another. */
  const address = () => `10.80.${addresses >> 8}.${addresses++ & 255}`;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.freeze('2021-12-23T04:00:00Z'); // noon in the county
    const { townshipId, villageIds } = await createRegionTree(t, ['孟封村', '小武村']);
    staff = await createUser(t, { username: 'staff.mengfeng', role: 'staff', scope: [{ level: 'village', id: villageIds[0] }] });
    inspector = await createUser(t, { username: 'inspector.town', role: 'inspector', scope: [{ level: 'township', id: townshipId }] });
    supervisor = await createUser(t, { username: 'supervisor.town', role: 'supervisor', scope: [{ level: 'township', id: townshipId }] });
    mine = await createHousehold(t, { villageId: villageIds[0], householder: '王建国', grade: 'B' });
    elsewhere = await createHousehold(t, { villageId: villageIds[1], householder: '李四', grade: 'C' });
  });
  afterAll(() => t.dispose());

  /** Sends a request as `token` (the admin's by default), in `language` (no header for Chinese). */
  const as = (language: Language, token: string | null = t.adminToken) => {
    const client = http(t, token);
    const withLanguage = <T extends { set(name: string, value: string): T }>(req: T): T =>
      language === 'en' ? req.set('Accept-Language', 'en') : req;
    return {
      get: (url: string) => withLanguage(client.get(url)),
      post: (url: string) => withLanguage(client.post(url)),
      patch: (url: string) => withLanguage(client.patch(url)),
      put: (url: string) => withLanguage(client.put(url)),
    };
  };
  const move = (language: Language, body: Record<string, unknown>, token = t.adminToken, id = mine.id) =>
    as(language, token).post(`/api/households/${id}/transitions`).send(body);

  /** A message, or one naming a household's id (known once beforeAll ran). */
  type Text = string | (() => string);
  const text = (value: Text) => (typeof value === 'function' ? value() : value);

  interface Case {
    kind: string;
    send: (language: Language) => Promise<Answer>;
    status: number;
    code: string;
    zh: Text;
    en: Text;
    fields?: { field: string; code: string; zh: string; en: string }[];
  }

  const CASES: Case[] = [
    {
      kind: 'a malformed body (class-validator)',
      send: (l) => move(l, { to: 'flying', occurredOn: '2021-13-01', version: 'x', extra: 1 }),
      status: 400,
      code: 'validation_failed',
      fields: [
        { field: 'extra', code: 'unknown_field', zh: '不接受字段“extra”，请删去', en: 'Field "extra" is not accepted: remove it' },
        {
          field: 'to',
          code: 'not_one_of',
          zh: '新状态只能是以下之一：待修缮（pending）、施工中（in_progress）、已完工（completed）、已验收（accepted）',
          en: 'to must be one of the following values: pending, in_progress, completed, accepted',
        },
        {
          field: 'occurredOn',
          code: 'not_a_date',
          zh: '发生日期必须是日期，写作 YYYY-MM-DD（如 2021-12-23）',
          en: 'occurredOn must be a calendar date written YYYY-MM-DD',
        },
        { field: 'version', code: 'not_an_integer', zh: '版本号必须是整数', en: 'version must be an integer number' },
      ],
      zh: '不接受字段“extra”，请删去；新状态只能是以下之一：待修缮（pending）、施工中（in_progress）、已完工（completed）、已验收（accepted）；发生日期必须是日期，写作 YYYY-MM-DD（如 2021-12-23）；版本号必须是整数',
      en: 'Field "extra" is not accepted: remove it; to must be one of the following values: pending, in_progress, completed, accepted; occurredOn must be a calendar date written YYYY-MM-DD; version must be an integer number',
    },
    {
      kind: 'a query key that is not a field, though it looks like one (quoted as sent)',
      send: (l) => as(l).get('/api/households?villageId[]=1'),
      status: 400,
      code: 'validation_failed',
      fields: [
        {
          field: 'villageId[]',
          code: 'unknown_field',
          zh: '不接受字段“villageId[]”，请删去',
          en: 'Field "villageId[]" is not accepted: remove it',
        },
      ],
      zh: '不接受字段“villageId[]”，请删去',
      en: 'Field "villageId[]" is not accepted: remove it',
    },
    {
      kind: 'a body key a route does not take, though it has a label (quoted as sent)',
      send: (l) => as(l).patch(`/api/users/${staff.id}`).send({ username: 'renamed' }),
      status: 400,
      code: 'validation_failed',
      fields: [
        { field: 'username', code: 'unknown_field', zh: '不接受字段“username”，请删去', en: 'Field "username" is not accepted: remove it' },
      ],
      zh: '不接受字段“username”，请删去',
      en: 'Field "username" is not accepted: remove it',
    },
    {
      kind: 'values with labels (roles, region levels), listed in Chinese with their labels',
      send: (l) =>
        as(l)
          .patch(`/api/users/${staff.id}`)
          .send({ role: 'mayor', scope: [{ level: 'province', id: 1 }] }),
      status: 400,
      code: 'validation_failed',
      fields: [
        {
          field: 'role',
          code: 'not_one_of',
          zh: '角色只能是以下之一：系统管理员（admin）、督导（supervisor）、工作人员（staff）、验收人员（inspector）',
          en: 'role must be one of the following values: admin, supervisor, staff, inspector',
        },
        {
          field: 'scope[0].level',
          code: 'not_one_of',
          zh: '管辖范围第1项的层级只能是以下之一：县（county）、乡镇（township）、村（village）',
          en: 'scope[0].level must be one of the following values: county, township, village',
        },
      ],
      zh: '角色只能是以下之一：系统管理员（admin）、督导（supervisor）、工作人员（staff）、验收人员（inspector）；管辖范围第1项的层级只能是以下之一：县（county）、乡镇（township）、村（village）',
      en: 'role must be one of the following values: admin, supervisor, staff, inspector; scope[0].level must be one of the following values: county, township, village',
    },
    {
      kind: 'a list sent as a string',
      send: (l) => as(l).patch(`/api/users/${staff.id}`).send({ scope: 'x' }),
      status: 400,
      code: 'validation_failed',
      fields: [{ field: 'scope', code: 'not_an_array', zh: '管辖范围必须是列表（JSON 数组）', en: 'scope must be an array' }],
      zh: '管辖范围必须是列表（JSON 数组）',
      en: 'scope must be an array',
    },
    {
      kind: 'a single value sent as a list',
      send: (l) =>
        as(l)
          .post('/api/households')
          .send({ villageId: 1, householder: '赵六', grade: 'B', idCardNumber: ['140121199001011234'] }),
      status: 400,
      code: 'validation_failed',
      fields: [{ field: 'idCardNumber', code: 'not_a_string', zh: '身份证号必须是文字', en: 'idCardNumber must be a string' }],
      zh: '身份证号必须是文字',
      en: 'idCardNumber must be a string',
    },
    {
      kind: 'a required field left out',
      send: (l) => as(l).post('/api/households').send({ villageId: 1, grade: 'B' }),
      status: 400,
      code: 'validation_failed',
      fields: [{ field: 'householder', code: 'required', zh: '户主必须填写', en: 'householder is required' }],
      zh: '户主必须填写',
      en: 'householder is required',
    },
    ...(
      [
        ['an array', '[1,2]'],
        ['a string', '"x"'],
        ['a number', '5'],
        ['null', 'null'],
      ] as const
    ).map(([what, json]): Case => ({
      kind: `a body that is JSON but not an object: ${what}`,
      send: (l) => as(l).post('/api/households').set('content-type', 'application/json').send(json),
      status: 400,
      code: 'validation_failed',
      fields: [{ field: 'body', code: 'not_an_object', zh: '请求内容必须是一组字段（JSON 对象）', en: 'body must be an object' }],
      zh: '请求内容必须是一组字段（JSON 对象）',
      en: 'body must be an object',
    })),
    {
      kind: 'full ID-card and phone numbers asked for by a role that may not see them',
      send: (l) => as(l, inspector.token).get(`/api/households/${mine.id}/record?personalData=full`),
      status: 403,
      code: 'personal_data_not_allowed',
      zh: '要打印完整的身份证号和联系电话：验收人员不能查看完整号码，只有系统管理员和工作人员可以打印',
      en: 'personalData=full: the role inspector may not see ID-card and phone numbers; only admin and staff may print them',
    },
    {
      kind: 'a date in the future (a rule of the service)',
      send: (l) => move(l, { to: 'in_progress', occurredOn: '2099-01-01', version: 1 }),
      status: 400,
      code: 'validation_failed',
      fields: [
        {
          field: 'occurredOn',
          code: 'date_in_future',
          zh: '发生日期 2099-01-01 晚于今天（县里今天是 2021-12-23）',
          en: 'occurredOn 2099-01-01 is in the future (today is 2021-12-23 in the county)',
        },
      ],
      zh: '发生日期 2099-01-01 晚于今天（县里今天是 2021-12-23）',
      en: 'occurredOn 2099-01-01 is in the future (today is 2021-12-23 in the county)',
    },
    {
      kind: 'a personal-data rule, naming the field by its label',
      send: (l) => as(l).post('/api/households').send({ villageId: 1, householder: '赵六', grade: 'B', idCardNumber: '1401211990' }),
      status: 400,
      code: 'validation_failed',
      fields: [{ field: 'idCardNumber', code: 'id_card_length', zh: '身份证号应为 18 位', en: 'idCardNumber must be 18 characters' }],
      zh: '身份证号应为 18 位',
      en: 'idCardNumber must be 18 characters',
    },
    {
      kind: 'a bad id',
      send: (l) => as(l).get('/api/households/0x10'),
      status: 400,
      code: 'validation_failed',
      fields: [
        {
          field: 'id',
          code: 'invalid_id',
          zh: '编号必须是不大于 2147483647 的正整数',
          en: 'id must be a positive integer no larger than 2147483647',
        },
      ],
      zh: '编号必须是不大于 2147483647 的正整数',
      en: 'id must be a positive integer no larger than 2147483647',
    },
    {
      kind: 'a body nested too deep',
      send: (l) =>
        as(l)
          .post('/api/households')
          .set('content-type', 'application/json')
          .send('{"a":'.repeat(40) + '1' + '}'.repeat(40)),
      status: 400,
      code: 'body_too_deep',
      zh: '请求内容的嵌套超过 32 层',
      en: 'The request body nests objects or arrays more than 32 levels deep',
    },
    {
      kind: 'a body that is not JSON (Fastify’s parser)',
      send: (l) => as(l).post('/api/households').set('content-type', 'application/json').send('{"householder":'),
      status: 400,
      code: 'invalid_json',
      zh: '请求内容不是有效的 JSON',
      en: 'The request body is not valid JSON',
    },
    {
      kind: 'a URL the router cannot decode (Fastify’s frameworkErrors)',
      send: (l) => as(l).get('/api/households/%zz'),
      status: 400,
      code: 'invalid_url',
      zh: '请求地址中有无法解读的百分号编码（如 %zz），请检查地址',
      en: 'The address holds a percent-encoding that cannot be read (such as %zz)',
    },
    {
      kind: 'a body over the limit',
      send: (l) =>
        as(l)
          .post('/api/households')
          .send({ householder: '长'.repeat(30_000) }),
      status: 413,
      code: 'body_too_large',
      zh: '请求内容超过 64 KB 的上限',
      en: 'The request body is larger than 64 KiB',
    },
    {
      kind: 'a move the workflow forbids',
      send: (l) => move(l, { to: 'accepted', occurredOn: '2021-12-23', version: 1 }),
      status: 422,
      code: 'move_not_allowed',
      zh: '不能从待修缮改为已验收：待修缮之后只能改为施工中或已完工',
      en: 'Cannot move from pending (待修缮) to accepted (已验收): allowed from pending: in_progress, completed',
    },
    {
      kind: 'a move that needs a note',
      send: (l) => move(l, { to: 'completed', occurredOn: '2021-12-23', version: 1 }),
      status: 422,
      code: 'note_required',
      zh: '从待修缮改为已完工必须填写说明：补录已完工须注明录入前已完工',
      en: 'Cannot move from pending (待修缮) to completed (已完工) without a note: recording work done before it was entered needs a note saying so',
    },
    {
      kind: 'a move the role may not record',
      send: (l) => move(l, { to: 'in_progress', occurredOn: '2021-12-23', version: 1 }, inspector.token),
      status: 403,
      code: 'role_may_not_move',
      zh: '验收人员不能记录待修缮 → 施工中',
      en: 'An account with the role inspector may not record pending → in_progress (待修缮 → 施工中)',
    },
    {
      kind: 'a route the role may not use',
      send: (l) => as(l, supervisor.token).post('/api/households').send({ villageId: 1, householder: '赵六', grade: 'B' }),
      status: 403,
      code: 'role_forbidden',
      zh: '只有系统管理员或工作人员可以这样操作；您的账号是督导',
      en: 'Only admin or staff accounts may do this; yours is supervisor',
    },
    {
      kind: 'a household outside the user’s scope',
      send: (l) => as(l, staff.token).get(`/api/households/${elsewhere.id}`),
      status: 404,
      code: 'not_in_scope',
      zh: () => `找不到住户 ${elsewhere.id}，或它不在您的管辖范围内`,
      en: () => `Household ${elsewhere.id} not found in your scope`,
    },
    {
      kind: 'a stale version',
      send: (l) => move(l, { to: 'in_progress', occurredOn: '2021-12-23', version: 7 }),
      status: 409,
      code: 'stale_version',
      zh: '此户刚被他人修改（现为第 1 版，您依据的是第 7 版），您的操作没有保存。请重新载入后再试。',
      en: () => `Household ${mine.id} is at version 1, not 7: someone changed it first. Nothing was written; reload it and try again.`,
    },
    {
      kind: 'no token',
      send: (l) => as(l, null).get('/api/households'),
      status: 401,
      code: 'sign_in_required',
      zh: '请先登录，并在请求头 Authorization 中写上 Bearer 和登录凭证（accessToken）',
      en: 'Sign in first and send Authorization: Bearer <accessToken>',
    },
    {
      kind: 'a wrong password',
      send: (l) =>
        as(l, null)
          .post('/api/auth/login')
          .set('X-Forwarded-For', address())
          .send({ username: 'staff.mengfeng', password: 'not the password' }),
      status: 401,
      code: 'wrong_credentials',
      zh: '用户名或密码错误',
      en: 'Wrong username or password',
    },
    {
      kind: 'an unknown route',
      send: (l) => as(l).get('/api/nothing-here'),
      status: 404,
      code: 'not_found',
      zh: '没有这个地址，或它不支持 GET 方法：/api/nothing-here',
      en: 'There is no such address, or it does not accept GET: /api/nothing-here',
    },
    {
      kind: 'a known address asked with a method it does not take',
      send: (l) => as(l).put('/api/households').send({}),
      status: 404,
      code: 'not_found',
      zh: '没有这个地址，或它不支持 PUT 方法：/api/households',
      en: 'There is no such address, or it does not accept PUT: /api/households',
    },
  ];

  describe.each(CASES.map((c) => [c.kind, c] as const))('%s', (_kind, c) => {
    it.each<Language>(['zh', 'en'])('answers in %s with its code', async (language) => {
      const res = await c.send(language);
      expectErrorShape(res, language);
      expect([res.status, res.body.code, res.body.message]).toEqual([c.status, c.code, text(c[language])]);
      if (c.fields) expect(res.body.fields).toEqual(c.fields.map((f) => ({ field: f.field, code: f.code, message: f[language] })));
      else expect(res.body.fields).toBeUndefined();
    });
  });

  it('leaves alone a GET request and its query, whatever body it carries (a route without a body takes none)', async () => {
    const res = await http(t).get('/api/households?pageSize=1').set('content-type', 'application/json').send('[1,2]');
    expect([res.status, res.body.pageSize]).toEqual([200, 1]);
  });

  it('takes an object body as before', async () => {
    const res = await http(t)
      .post('/api/auth/login')
      .set('X-Forwarded-For', address())
      .send({ username: 'nobody', password: 'not the password' });
    expect([res.status, res.body.code]).toEqual([401, 'wrong_credentials']);
  });

  it('answers an unknown household and one outside the scope alike, so ids cannot be probed', async () => {
    const outside = await as('zh', staff.token).get(`/api/households/${elsewhere.id}`);
    const unknown = await as('zh', staff.token).get('/api/households/999999');
    expect([outside.status, outside.body.code, unknown.status, unknown.body.code]).toEqual([404, 'not_in_scope', 404, 'not_in_scope']);
    expect(unknown.body.message).toBe(outside.body.message.replace(String(elsewhere.id), '999999'));
  });

  it.each([
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['fr-FR,fr;q=0.9', 'zh'],
    ['*', 'zh'],
    ['*;q=1,en;q=0.9', 'zh'],
    ['en_US', 'en'],
    ['en;q=1e0', 'zh'],
  ] as const)('reads Accept-Language %s as %s', async (header, language) => {
    const res = await http(t, null).get('/api/households').set('Accept-Language', header);
    expect(res.body.message).toBe(
      language === 'en'
        ? 'Sign in first and send Authorization: Bearer <accessToken>'
        : '请先登录，并在请求头 Authorization 中写上 Bearer 和登录凭证（accessToken）',
    );
  });

  it.each<Language>(['zh', 'en'])('answers too many failed sign-ins with 429 too_many_attempts in %s', async (language) => {
    const from = address();
    const username = `locked.${language}`;
    for (let i = 0; i < 5; i++)
      await as(language, null)
        .post('/api/auth/login')
        .set('X-Forwarded-For', from)
        .send({ username, password: `guess ${i}` })
        .expect(401);
    const res = (await as(language, null)
      .post('/api/auth/login')
      .set('X-Forwarded-For', from)
      .send({ username, password: 'guess 5' })) as Answer;
    expectErrorShape(res, language);
    expect([res.status, res.body.code, res.body.message]).toEqual([
      429,
      'too_many_attempts',
      language === 'zh' ? '登录失败次数过多，请 15 分钟后再试' : 'Too many failed sign-ins: try again in 15 minutes',
    ]);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it.each<Language>(['zh', 'en'])('answers a sign-in past the password queue with 503 password_check_busy in %s', async (language) => {
    const answers = (await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        as(language, null)
          .post('/api/auth/login')
          .set('X-Forwarded-For', address())
          .send({ username: `queued.${language}.${i}`, password: 'a queued password' }),
      ),
    )) as Answer[];
    const busy = answers.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const res of busy) {
      expectErrorShape(res, language);
      expect([res.body.code, res.body.message]).toEqual([
        'password_check_busy',
        language === 'zh'
          ? '此刻同时登录的人太多，请一秒后再试'
          : 'Too many sign-ins are being checked at this moment: try again in a second',
      ]);
    }
  });

  it.each<Language>(['zh', 'en'])('answers an export past the render queue with 503 exports_busy in %s', async (language) => {
    const admission = t.app.get(RenderPool).admission;
    const held = Array.from({ length: admission.limits.capacity }, (_, i) => admission.admit(-1 - i) as RenderSlot);
    try {
      const res = (await as(language).get('/api/reports/period?period=day&date=2021-12-23&format=png')) as Answer;
      expectErrorShape(res, language);
      expect([res.status, res.body.code, res.body.message]).toEqual([
        503,
        'exports_busy',
        language === 'zh' ? '导出任务繁忙，请稍后再试' : 'Too many files are being made right now: try again in a few seconds',
      ]);
    } finally {
      held.forEach((slot) => slot.release());
    }
  });

  describe('a request Node itself cannot read (Fastify’s clientErrorHandler)', () => {
    /** Sends `head` as raw bytes, as curl does with a query it was not asked to encode, and reads the answer. */
    async function raw(head: string): Promise<{ statusLine: string; headers: Record<string, string>; body: Record<string, unknown> }> {
      const server = t.app.getHttpServer();
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const text = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(Buffer.from(head, 'utf8')));
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.on('error', reject);
      });
      const [top, body] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = top.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      return { statusLine, headers, body: JSON.parse(body) };
    }

    const CURL = 'GET /api/households?q=郑清亮 HTTP/1.1\r\nHost: localhost:3000\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n';

    it('answers an unencoded Chinese query with a 400 in the error shape, in Chinese, with a request id the log has too', async () => {
      const res = await raw(`${CURL}\r\n`);
      expect(res.statusLine).toBe('HTTP/1.1 400 Bad Request');
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: "服务器无法读取这个请求。地址里的中文和空格须先编码，例如 curl 用 -G --data-urlencode 'q=郑清亮'",
        code: 'malformed_request',
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(res.headers).toMatchObject({
        'x-request-id': res.body.requestId,
        'content-language': 'zh-CN',
        'content-type': 'application/json; charset=utf-8',
      });
    });

    it('answers in English when the headers ask for it, and keeps the caller’s request id', async () => {
      const res = await raw(`${CURL}Accept-Language: en-US,en;q=0.9\r\nX-Request-Id: curl-42\r\n\r\n`);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message:
          "The request could not be read. Chinese characters and spaces in the address must be percent-encoded (with curl: -G --data-urlencode 'q=郑清亮')",
        code: 'malformed_request',
        requestId: 'curl-42',
      });
      expect(res.headers['x-request-id']).toBe('curl-42');
    });

    it.each([
      ['a Content-Length that is not a number', 'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n'],
      [
        'both Content-Length and Transfer-Encoding',
        'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      ],
    ])('answers %s as a request that is not HTTP, without advice about the address', async (_case, head) => {
      for (const language of ['zh', 'en'] as const) {
        const res = await raw(language === 'en' ? head.replace('\r\n\r\n', '\r\nAccept-Language: en\r\n\r\n') : head);
        expect(res.statusLine).toBe('HTTP/1.1 400 Bad Request');
        expect(res.body).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          message:
            language === 'zh' ? '服务器无法读取这个请求：它不是有效的 HTTP 请求' : 'The request could not be read: it is not valid HTTP',
          code: 'invalid_http',
          requestId: expect.any(String),
        });
      }
    });

    it('answers headers over Node’s limit (16 KB) with a 431 in the error shape, in the language asked for', async () => {
      // A browser with a huge cookie, say: the parser stops before there is a request to route.
      const cookie = `Cookie: big=${'x'.repeat(20 * 1024)}\r\n`;
      for (const language of ['zh', 'en'] as const) {
        const res = await raw(`GET /api/health HTTP/1.1\r\nHost: localhost\r\nAccept-Language: ${language}\r\n${cookie}\r\n`);
        expect(res.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
        expect(res.body).toEqual({
          statusCode: 431,
          error: 'Request Header Fields Too Large',
          message: language === 'zh' ? '请求头太大' : 'The request headers are too large',
          code: 'headers_too_large',
          requestId: expect.any(String),
        });
      }
    });

    it('answers a space in the address with the advice about the address', async () => {
      const res = await raw('GET /api/households?q=a b HTTP/1.1\r\nHost: localhost\r\n\r\n');
      expect([res.statusLine, res.body.code]).toEqual(['HTTP/1.1 400 Bad Request', 'malformed_request']);
    });

    it('still answers the same query once encoded', async () => {
      await request(t.app.getHttpServer())
        .get(`/api/households?q=${encodeURIComponent('郑清亮')}`)
        .set('Authorization', `Bearer ${t.adminToken}`)
        .expect(200);
    });
  });
});
