import { describe, expect, it, jest } from '@jest/globals';
import { ConflictException, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter.js';

function run(exception: unknown) {
  const reply = jest.fn();
  const filter = new AllExceptionsFilter({ httpAdapter: { reply, setHeader: jest.fn() } } as unknown as HttpAdapterHost);
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'req-1', method: 'POST', url: '/api/x' }), getResponse: () => ({}) }),
  };
  filter.catch(exception, host as never);
  const [, body, status] = reply.mock.calls[0] as [unknown, Record<string, unknown>, number];
  return { body, status };
}

describe('AllExceptionsFilter', () => {
  it('passes HTTP exceptions through with the request id', () => {
    expect(run(new ConflictException('stale'))).toEqual({
      status: 409,
      body: { statusCode: 409, error: 'Conflict', message: 'stale', requestId: 'req-1' },
    });
  });

  it.each(['SQLITE_CONSTRAINT_UNIQUE', '23505', '23503'])('turns a %s database error into a 409', (code) => {
    const error = new QueryFailedError('INSERT …', [], Object.assign(new Error('constraint'), { code }));
    expect(run(error).status).toBe(409);
  });

  it.each(['40P01', '40001'])('turns a PostgreSQL %s (deadlock, serialization) into a 409 to retry', (code) => {
    const error = new QueryFailedError('UPDATE …', [], Object.assign(new Error('deadlock detected'), { code }));
    expect(run(error)).toMatchObject({ status: 409, body: { message: expect.stringContaining('try again') } });
  });

  it("answers a Fastify 4xx (a body that is not JSON) with its own status", () => {
    expect(run(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 }))).toMatchObject({ status: 400 });
  });

  it('turns anything else into a 500 and logs it without the query parameters', () => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const error = new QueryFailedError('UPDATE households SET householder = ?', ['郑清亮'], new Error('disk I/O error'));
    const { status, body } = run(error);
    expect(status).toBe(500);
    expect(body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error', requestId: 'req-1' });
    expect(JSON.stringify(log.mock.calls)).not.toContain('郑清亮');
    log.mockRestore();
  });

  it('does not log a 503 the service chose to answer (too busy) as an unhandled error', () => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const busy = Object.assign(new ServiceUnavailableException({ code: 'password_check_busy', message: 'busy' }), { retryAfterSeconds: 1 });
    expect(run(busy)).toMatchObject({ status: 503, body: { code: 'password_check_busy' } });
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });
});
