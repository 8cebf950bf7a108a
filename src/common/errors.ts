import { BadRequestException, HttpException } from '@nestjs/common';
import { type FieldIssue, type FieldProblem, isMessageCode, type Problem, renderMessage } from './messages/catalogue.js';
import { problem } from './messages/problem.js';

/**
 * What our exceptions carry (HttpException.getResponse()): a catalogue code and its
 * parameters, never words; AllExceptionsFilter renders the message in the request's language.
 * Throw the Nest exception for the status with a problem, e.g.
 * `new ConflictException(problem('username_taken', { username }))`, or a typed exception that
 * does (HouseholdNotFoundException, StaleVersionException …).
 */
export function isProblem(response: unknown): response is Problem {
  const candidate = response as { code?: unknown; params?: unknown } | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    isMessageCode(candidate.code) &&
    typeof candidate.params === 'object' &&
    candidate.params !== null
  );
}

/** A 400 naming each field that failed and why: `code` validation_failed, with `fields`. */
export class ValidationFailedException extends BadRequestException {
  constructor(readonly fields: readonly FieldProblem[]) {
    super(problem('validation_failed', { fields }));
  }
}

/** A 400 for one field: `invalidField('occurredOn', issue('date_in_future', { date, today }))`. */
export function invalidField(field: string, fieldIssue: FieldIssue): ValidationFailedException {
  return new ValidationFailedException([{ ...fieldIssue, field }]);
}

/**
 * An error as a person reads it where there is no request to take a language from (the report
 * command line): a problem in Chinese, then in English; anything else by its own message.
 */
export function errorText(error: unknown): string {
  const response = error instanceof HttpException ? error.getResponse() : null;
  if (isProblem(response))
    return `${renderMessage('zh', response.code, response.params)} · ${renderMessage('en', response.code, response.params)}`;
  return error instanceof Error ? error.message : String(error);
}
