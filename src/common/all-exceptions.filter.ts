import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { QueryFailedError } from 'typeorm';

const UNIQUE_OR_REFERENCE_VIOLATIONS = new Set([
  '23505', // PostgreSQL unique_violation
  '23503', // PostgreSQL foreign_key_violation
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
  'SQLITE_CONSTRAINT_FOREIGNKEY',
]);

/** PostgreSQL gave up one of two conflicting transactions; nothing of it was written. */
const RETRYABLE_CONFLICTS = new Set(['40P01', '40001']);

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Every error leaves as `{ statusCode, error, message, requestId }`. HTTP exceptions pass
 * through; a clash with stored data is a 409; anything else is logged and becomes a 500.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ id?: string; method?: string; url?: string }>();
    const { statusCode, body } = this.describe(exception);
    // A 503 the service chose to answer (too busy, try again) is not a fault: its own code logs it.
    if (statusCode >= 500 && !(exception instanceof HttpException)) {
      this.logger.error({ err: describeForLog(exception), requestId: request.id }, `Unhandled error on ${request.method} ${request.url}`);
    }
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') this.adapterHost.httpAdapter.setHeader(http.getResponse(), 'Retry-After', String(retryAfter));
    this.adapterHost.httpAdapter.reply(http.getResponse(), { ...body, requestId: request.id }, statusCode);
  }

  private describe(exception: unknown): { statusCode: number; body: Record<string, unknown> } {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const body =
        typeof response === 'string'
          ? { statusCode, error: STATUS_NAMES[statusCode] ?? 'Error', message: response }
          : { statusCode, error: STATUS_NAMES[statusCode] ?? 'Error', ...(response as Record<string, unknown>) };
      if (Array.isArray(body.message)) body.message = body.message.join('; ');
      return { statusCode, body };
    }
    const code = (exception as { code?: unknown; driverError?: { code?: unknown } } | null)?.driverError?.code;
    if (exception instanceof QueryFailedError && UNIQUE_OR_REFERENCE_VIOLATIONS.has(String(code))) {
      return {
        statusCode: HttpStatus.CONFLICT,
        body: { statusCode: 409, error: 'Conflict', message: 'The change conflicts with stored data (a duplicate or a missing reference)' },
      };
    }
    if (exception instanceof QueryFailedError && RETRYABLE_CONFLICTS.has(String(code))) {
      return {
        statusCode: HttpStatus.CONFLICT,
        body: { statusCode: 409, error: 'Conflict', message: 'Another change to the same data was being saved at the same moment: nothing was written, try again' },
      };
    }
    // Fastify's own errors (a body that is not JSON, or too large) carry a 4xx statusCode.
    const status = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = (exception as { message?: unknown }).message;
      return { statusCode: status, body: { statusCode: status, error: STATUS_NAMES[status] ?? 'Error', message: String(message) } };
    }
    return { statusCode: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' } };
  }
}

/**
 * What of an unexpected error goes into the log: never the whole object, since a database error
 * carries the query's parameters, and those can be a householder's personal data.
 */
function describeForLog(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { message: String(exception) };
  const code = (exception as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code;
  return { type: exception.name, message: exception.message, code, stack: exception.stack };
}
