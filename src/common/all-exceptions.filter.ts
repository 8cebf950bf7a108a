import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { describeException, errorBody } from './error-response.js';
import { CONTENT_LANGUAGE, languageOf } from './messages/language.js';

interface RequestSeen {
  id?: string;
  method?: string;
  url?: string;
  headers?: Record<string, string | string[] | undefined>;
  routeOptions?: { bodyLimit?: number };
}

/**
 * Every error leaves as `{ statusCode, error, message, code, requestId }` (and `fields` for a
 * validation error), its message in the language the request asks for (Accept-Language:
 * Chinese unless it asks for English). HTTP exceptions keep their status; a clash with stored
 * data is a 409; anything else is logged and becomes a 500.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<RequestSeen>();
    const path = (request.url ?? '').split('?')[0];
    const described = describeException(exception, {
      method: request.method ?? 'GET',
      path,
      bodyLimitBytes: request.routeOptions?.bodyLimit,
    });
    // A 503 the service chose to answer (too busy, try again) is not a fault: its own code logs it.
    if (described.statusCode >= 500 && !(exception instanceof HttpException)) {
      this.logger.error({ err: describeForLog(exception), requestId: request.id }, `Unhandled error on ${request.method} ${request.url}`);
    }
    const { httpAdapter } = this.adapterHost;
    if (described.retryAfterSeconds !== undefined)
      httpAdapter.setHeader(http.getResponse(), 'Retry-After', String(described.retryAfterSeconds));
    const language = languageOf(request.headers?.['accept-language']);
    httpAdapter.setHeader(http.getResponse(), 'Content-Language', CONTENT_LANGUAGE[language]);
    httpAdapter.reply(http.getResponse(), errorBody(described, language, request.id ?? ''), described.statusCode);
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
