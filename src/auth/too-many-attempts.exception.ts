import { HttpException, HttpStatus } from '@nestjs/common';

/** A 429 that tells the caller when to try again (sent as Retry-After). */
export class TooManyAttemptsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      `Too many failed sign-ins: try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
