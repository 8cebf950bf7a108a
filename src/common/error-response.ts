import { HttpException, HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { isProblem } from './errors.js';
import { type ErrorCode, type Problem, renderFieldProblem, renderMessage } from './messages/catalogue.js';
import { problem } from './messages/problem.js';
import type { Language } from './messages/language.js';

/**
 * Every error the API answers, as one shape (README, "The API"):
 * `{ statusCode, error, message, code, requestId }`, plus `fields` for a validation error.
 * `message` is written for a person in the request's language; `code` is for programs.
 */
export interface ErrorBody {
  statusCode: number;
  /** The status's name, as HTTP writes it ("Bad Request"). */
  error: string;
  message: string;
  code: ErrorCode;
  fields?: { field: string; code: string; message: string }[];
  requestId: string;
}

/** An error ready to be answered: its status, its problem, and when to try again. */
export interface DescribedError {
  statusCode: number;
  problem: Problem;
  retryAfterSeconds?: number;
}

/** What of the request an error's description may use. */
export interface RequestFacts {
  method: string;
  /** The path without its query. */
  path: string;
  /** The route's body limit, for a 413. */
  bodyLimitBytes?: number;
}

export const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const UNIQUE_OR_REFERENCE_VIOLATIONS = new Set([
  '23505', // PostgreSQL unique_violation
  '23503', // PostgreSQL foreign_key_violation
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
  'SQLITE_CONSTRAINT_FOREIGNKEY',
]);

/** PostgreSQL gave up one of two conflicting transactions; nothing of it was written. */
const RETRYABLE_CONFLICTS = new Set(['40P01', '40001']);

/** Fastify's own refusals, before any route runs (its error codes). */
const FASTIFY_PROBLEMS: Record<string, (facts: RequestFacts) => Problem> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => problem('invalid_json'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => problem('empty_json_body'),
  FST_ERR_CTP_BODY_TOO_LARGE: (facts) => bodyTooLarge(facts),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => problem('unsupported_media_type'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => problem('bad_request', { detail: 'Request body size did not match Content-Length' }),
  FST_ERR_BAD_URL: () => problem('invalid_url'),
  FST_ERR_MAX_PARAM_LENGTH: () => problem('param_too_long'),
};

const bodyTooLarge = (facts: RequestFacts): Problem =>
  problem('body_too_large', { limitKiB: Math.round((facts.bodyLimitBytes ?? 0) / 1024) });

/**
 * The status and problem of anything thrown while answering a request: our exceptions carry
 * their problem; other HTTP exceptions (Nest's "Cannot GET /x", a library's) and Fastify's own
 * errors get the code of their kind; a clash with stored data is a 409; anything else a 500.
 */
export function describeException(exception: unknown, facts: RequestFacts): DescribedError {
  const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  const retryAfterSeconds = typeof retryAfter === 'number' ? retryAfter : undefined;
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    // Nest passes Fastify's refusals of a body on as HttpExceptions caused by them.
    const found = isProblem(response)
      ? response
      : (fastifyProblem(exception.cause, facts) ?? byStatus(statusCode, detailOf(response), facts));
    return { statusCode, problem: found, retryAfterSeconds };
  }
  const databaseCode = String((exception as { driverError?: { code?: unknown } } | null)?.driverError?.code);
  if (exception instanceof QueryFailedError && UNIQUE_OR_REFERENCE_VIOLATIONS.has(databaseCode)) {
    return { statusCode: HttpStatus.CONFLICT, problem: problem('data_conflict') };
  }
  if (exception instanceof QueryFailedError && RETRYABLE_CONFLICTS.has(databaseCode)) {
    return { statusCode: HttpStatus.CONFLICT, problem: problem('concurrent_change') };
  }
  // Fastify's own errors (a URL it cannot decode, a body that is not JSON) carry a 4xx statusCode.
  const { statusCode, message } = (exception ?? {}) as { statusCode?: unknown; message?: unknown };
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return {
      statusCode,
      problem: fastifyProblem(exception, facts) ?? byStatus(statusCode, typeof message === 'string' ? message : undefined, facts),
    };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, problem: problem('internal_error') };
}

function fastifyProblem(error: unknown, facts: RequestFacts): Problem | null {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(FASTIFY_PROBLEMS, code) ? FASTIFY_PROBLEMS[code](facts) : null;
}

/** The English words of an exception that carries no problem, kept for English readers. */
function detailOf(response: string | object): string | undefined {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : undefined;
}

/** A problem for an HTTP status the framework or a library chose. */
function byStatus(statusCode: number, detail: string | undefined, facts: RequestFacts): Problem {
  const withDetail = detail === undefined ? {} : { detail };
  switch (statusCode) {
    case 400:
      return problem('bad_request', withDetail);
    case 401:
      return problem('unauthorized', withDetail);
    case 403:
      return problem('forbidden', withDetail);
    case 404:
      return problem('not_found', { method: facts.method, path: facts.path });
    case 405:
      return problem('method_not_allowed', withDetail);
    case 409:
      return problem('conflict', withDetail);
    case 413:
      return bodyTooLarge(facts);
    case 415:
      return problem('unsupported_media_type');
    case 422:
      return problem('unprocessable', withDetail);
    case 429:
      return problem('too_many_requests', withDetail);
    case 503:
      return problem('service_unavailable', withDetail);
    default:
      return statusCode >= 500 ? problem('internal_error') : problem('request_failed', { status: statusCode, ...withDetail });
  }
}

/** The body to send for `error`, its message in `language`. */
export function errorBody(error: DescribedError, language: Language, requestId: string): ErrorBody {
  const { statusCode, problem: found } = error;
  const fields =
    found.code === 'validation_failed'
      ? found.params.fields.map((f) => ({ field: f.field, code: f.code, message: renderFieldProblem(language, f) }))
      : undefined;
  return {
    statusCode,
    error: STATUS_NAMES[statusCode] ?? 'Error',
    message: renderMessage(language, found.code, found.params),
    code: found.code,
    ...(fields ? { fields } : {}),
    requestId,
  };
}
