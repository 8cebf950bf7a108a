import { HttpException, HttpStatus } from '@nestjs/common';
import { problem } from '../common/messages/problem.js';

/** A 429 (`too_many_attempts`) that tells the caller when to try again (sent as Retry-After). */
export class TooManyAttemptsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(problem('too_many_attempts', { minutes: Math.ceil(retryAfterSeconds / 60) }), HttpStatus.TOO_MANY_REQUESTS);
  }
}
