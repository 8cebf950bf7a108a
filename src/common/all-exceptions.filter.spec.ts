import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { ConflictException, HttpException, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { QueryFailedError } from 'typeorm';
import { StaleVersionException } from '../households/household.exceptions.js';
import { AllExceptionsFilter } from './all-exceptions.filter.js';
import { invalidField } from './errors.js';
import { issue } from './messages/problem.js';

function run(exception: unknown, acceptLanguage?: string) {
  const reply = jest.fn();
  const setHeader = jest.fn();
  const filter = new AllExceptionsFilter({ httpAdapter: { reply, setHeader } } as unknown as HttpAdapterHost);
  const headers = acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'req-1', method: 'POST', url: '/api/x?q=1', headers }), getResponse: () => ({}) }),
  };
  filter.catch(exception, host as never);
  const [, body, status] = reply.mock.calls[0] as [unknown, Record<string, unknown>, number];
  const sent = Object.fromEntries(setHeader.mock.calls.map(([, name, value]) => [name, value]));
  return { body, status, headers: sent };
}

describe('AllExceptionsFilter', () => {
  // A spy on the logger is put back even when its test fails, so that the failure stays in its test.
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('renders an exception’s problem in Chinese by default, with its code and the request id', () => {
    expect(run(new StaleVersionException(7, 2, 3))).toEqual({
      status: 409,
      headers: { 'Content-Language': 'zh-CN' },
      body: {
        statusCode: 409,
        error: 'Conflict',
        message: '此户刚被他人修改（现为第 3 版，您依据的是第 2 版），您的操作没有保存。请重新载入后再试。',
        code: 'stale_version',
        requestId: 'req-1',
      },
    });
  });

  it.each([
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['fr', 'zh-CN'],
  ])('answers Accept-Language %s in %s', (header, language) => {
    const { body, headers } = run(new StaleVersionException(7, 2, 3), header);
    expect(headers['Content-Language']).toBe(language);
    expect(body.message).toBe(
      language === 'en'
        ? 'Household 7 is at version 3, not 2: someone changed it first. Nothing was written; reload it and try again.'
        : '此户刚被他人修改（现为第 3 版，您依据的是第 2 版），您的操作没有保存。请重新载入后再试。',
    );
  });

  it('lists a validation error’s fields, each with its code and message', () => {
    const error = invalidField('occurredOn', issue('date_in_future', { date: '2027-01-05', today: '2026-12-02' }));
    expect(run(error).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: '发生日期 2027-01-05 晚于今天（县里今天是 2026-12-02）',
      code: 'validation_failed',
      fields: [{ field: 'occurredOn', code: 'date_in_future', message: '发生日期 2027-01-05 晚于今天（县里今天是 2026-12-02）' }],
      requestId: 'req-1',
    });
    expect(run(error, 'en').body.fields).toEqual([
      {
        field: 'occurredOn',
        code: 'date_in_future',
        message: 'occurredOn 2027-01-05 is in the future (today is 2026-12-02 in the county)',
      },
    ]);
  });

  it('gives an HTTP exception without a problem (the framework’s, a library’s) the code of its status, its English words kept for English', () => {
    expect(run(new ConflictException('stale')).body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: '与已保存的数据冲突',
      code: 'conflict',
      requestId: 'req-1',
    });
    expect(run(new ConflictException('stale'), 'en').body.message).toBe('stale');
    expect(run(new NotFoundException('Cannot POST /api/x')).body).toMatchObject({
      code: 'not_found',
      message: '没有这个地址，或它不支持 POST 方法：/api/x',
    });
    expect(run(new HttpException('I am a teapot', 418), 'en').body).toMatchObject({
      statusCode: 418,
      code: 'request_failed',
      message: 'I am a teapot',
    });
  });

  it.each(['SQLITE_CONSTRAINT_UNIQUE', '23505', '23503'])('turns a %s database error into a 409', (code) => {
    const error = new QueryFailedError('INSERT …', [], Object.assign(new Error('constraint'), { code }));
    expect(run(error)).toMatchObject({ status: 409, body: { code: 'data_conflict' } });
  });

  it.each(['40P01', '40001'])('turns a PostgreSQL %s (deadlock, serialization) into a 409 to retry', (code) => {
    const error = new QueryFailedError('UPDATE …', [], Object.assign(new Error('deadlock detected'), { code }));
    expect(run(error, 'en')).toMatchObject({
      status: 409,
      body: { code: 'concurrent_change', message: expect.stringContaining('try again') },
    });
  });

  it.each([
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'invalid_json'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'empty_json_body'],
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'body_too_large'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'unsupported_media_type'],
    ['FST_ERR_SOMETHING_NEW', 400, 'bad_request'],
  ])('answers Fastify’s %s with its status and the code %s, also when Nest wraps it', (fastifyCode, status, code) => {
    const fastifyError = Object.assign(new Error('Fastify’s words'), { statusCode: status, code: fastifyCode });
    expect(run(fastifyError)).toMatchObject({ status, body: { statusCode: status, code } });
    expect(run(new HttpException('Fastify’s words', status, { cause: fastifyError }))).toMatchObject({
      status,
      body: { statusCode: status, code },
    });
  });

  it('turns anything else into a 500 and logs it without the query parameters', () => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const error = new QueryFailedError('UPDATE households SET householder = ?', ['郑清亮'], new Error('disk I/O error'));
    const { status, body } = run(error, 'en');
    expect(status).toBe(500);
    expect(body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error: try again later, and if it keeps happening, give the administrator the requestId of this answer',
      code: 'internal_error',
      requestId: 'req-1',
    });
    expect(JSON.stringify(log.mock.calls)).not.toContain('郑清亮');
    log.mockRestore();
  });

  it('does not log a 503 the service chose to answer (too busy) as an unhandled error, and sends its Retry-After', () => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const busy = Object.assign(new ServiceUnavailableException({ code: 'password_check_busy', params: {} }), { retryAfterSeconds: 1 });
    expect(run(busy)).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '1' },
      body: { code: 'password_check_busy', message: '此刻同时登录的人太多，请一秒后再试' },
    });
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });
});
