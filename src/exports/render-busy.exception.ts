import { ServiceUnavailableException } from '@nestjs/common';
import { problem } from '../common/messages/problem.js';
import type { RenderRefusal } from './render-admission.js';

/**
 * A 503 for an export turned away because too many are running or waiting (see RenderPool),
 * sent with Retry-After. `code` (exports_busy) lets a client tell it from other 503s.
 */
export class RenderBusyException extends ServiceUnavailableException {
  static readonly CODE = 'exports_busy';

  constructor(
    readonly refusal: RenderRefusal,
    readonly retryAfterSeconds: number,
  ) {
    super(problem(RenderBusyException.CODE, { reason: refusal }));
  }
}
