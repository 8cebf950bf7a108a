import { afterEach, describe, expect, it } from '@jest/globals';
import { Api, ApiError, withQuery } from './api.js';

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

/** Answers every request with `response` and records what was asked. */
function answer(response: () => Response): { calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return response();
  }) as typeof fetch;
  return { calls };
}

function api(token: string | null, onUnauthorized: () => void = () => undefined, language = 'zh-CN'): Api {
  return new Api({ token: () => token, onUnauthorized, language: () => language });
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('withQuery', () => {
  it.each<[Record<string, string | number | boolean | null | undefined>, string]>([
    [{}, '/households'],
    [{ grade: 'B', page: 2 }, '/households?grade=B&page=2'],
    [{ villageId: null, grade: undefined, q: '', status: 'pending' }, '/households?status=pending'],
    [{ q: '郑 清' }, '/households?q=%E9%83%91+%E6%B8%85'],
  ])('%j → %s', (query, expected) => {
    expect(withQuery('/households', query)).toBe(expected);
  });
});

describe('Api', () => {
  it('sends the bearer token and JSON under /api', async () => {
    const { calls } = answer(() => json(200, { ok: true }));
    await expect(api('abc').post('/households/1/transitions', { to: 'completed' })).resolves.toEqual({ ok: true });
    expect(calls[0].url).toBe('/api/households/1/transitions');
    expect(calls[0].init.headers).toMatchObject({ authorization: 'Bearer abc', 'content-type': 'application/json' });
    expect(calls[0].init.body).toBe('{"to":"completed"}');
  });

  it('sends a form as it is, leaving its multipart Content-Type to the browser', async () => {
    const { calls } = answer(() => json(202, { id: 7 }));
    const form = new FormData();
    form.append('file', new Blob(['村,户主,鉴定等级\n']), 'ledger.csv');
    await expect(api('abc').postForm('/imports', form)).resolves.toEqual({ id: 7 });
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.body).toBe(form);
    expect(calls[0].init.headers).toMatchObject({ authorization: 'Bearer abc' });
    expect(calls[0].init.headers).not.toHaveProperty('content-type');
  });

  it.each(['zh-CN', 'en'])('asks for the page’s language (%s), so the server writes its messages in it', async (language) => {
    const { calls } = answer(() => json(200, {}));
    await api('abc', undefined, language).get('/households');
    await api(null, undefined, language).download('/reports/period');
    expect(calls.map((c) => (c.init.headers as Record<string, string>)['accept-language'])).toEqual([language, language]);
  });

  it('keeps the error body’s code, fields and request id, for the pages to decide on', async () => {
    const body = {
      statusCode: 400,
      error: 'Bad Request',
      message: '发生日期 2099-01-01 晚于今天（县里今天是 2021-12-23）',
      code: 'validation_failed',
      fields: [
        { field: 'occurredOn', code: 'date_in_future', message: '发生日期 2099-01-01 晚于今天（县里今天是 2021-12-23）' },
        { field: 7 },
      ],
      requestId: 'req-9',
    };
    answer(() => json(400, body));
    const failure = (await api('abc')
      .post('/households/1/transitions', {})
      .catch((e: unknown) => e)) as ApiError;
    expect([failure.status, failure.code, failure.message, failure.requestId]).toEqual([400, 'validation_failed', body.message, 'req-9']);
    expect(failure.fields).toEqual([body.fields[0]]); // the malformed entry left out
    expect([failure.names('occurredOn'), failure.names('note')]).toEqual([true, false]);
  });

  it.each<[number, unknown, string]>([
    [409, { statusCode: 409, message: 'Household 1 has version 3, not 2' }, 'Household 1 has version 3, not 2'],
    [
      400,
      { statusCode: 400, message: ['occurredOn must be a date', 'version must be an integer'] },
      'occurredOn must be a date; version must be an integer',
    ],
    [502, 'not json', 'Bad Gateway'],
  ])('a %s becomes an ApiError with the server’s message', async (status, body, message) => {
    answer(() => (typeof body === 'string' ? new Response(body, { status, statusText: 'Bad Gateway' }) : json(status, body)));
    const failure = await api('abc')
      .get('/x')
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect([(failure as ApiError).status, (failure as ApiError).message, (failure as ApiError).code]).toEqual([status, message, null]);
  });

  it('reads Retry-After on a 429', async () => {
    answer(() => json(429, { message: 'Too many attempts' }, { 'retry-after': '600' }));
    const failure = (await api(null)
      .post('/auth/login', {})
      .catch((e: unknown) => e)) as ApiError;
    expect([failure.status, failure.retryAfter]).toEqual([429, 600]);
  });

  it.each<[string | null, number]>([
    ['abc', 1],
    [null, 0],
  ])('a 401 with token %s ends the session %i time(s) (a wrong password at login does not)', async (token, ended) => {
    answer(() => json(401, { message: 'Unauthorized' }));
    let calls = 0;
    await expect(api(token, () => (calls += 1)).get('/auth/me')).rejects.toBeInstanceOf(ApiError);
    expect(calls).toBe(ended);
  });

  it('a network failure is an ApiError with status 0', async () => {
    globalThis.fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(api('abc').get('/x')).rejects.toMatchObject({ status: 0 });
  });

  it('a download keeps the bytes and the Content-Disposition name', async () => {
    answer(
      () =>
        new Response(new Uint8Array([1, 2, 3]), {
          status: 200,
          headers: { 'content-disposition': 'attachment; filename="weekly.xlsx"; filename*=UTF-8\'\'%E5%91%A8%E6%8A%A5.xlsx' },
        }),
    );
    const file = await api('abc').download('/reports/period', { format: 'xlsx' });
    expect(file.fileName).toBe('周报.xlsx');
    expect(new Uint8Array(await file.blob.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });
});
