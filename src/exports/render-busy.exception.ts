import { HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import type { RenderRefusal } from './render-admission.js';

const MESSAGES: Record<RenderRefusal, string> = {
  'queue-full': '导出任务繁忙，请稍后再试',
  'user-limit': '您已有导出任务正在进行，请等其完成后再试',
};

/**
 * A 503 for an export turned away because too many are running or waiting (see RenderPool),
 * sent with Retry-After. `code` lets a client tell it from other 503s without reading Chinese.
 */
export class RenderBusyException extends ServiceUnavailableException {
  static readonly CODE = 'exports_busy';

  constructor(
    readonly refusal: RenderRefusal,
    readonly retryAfterSeconds: number,
  ) {
    super({ statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', message: MESSAGES[refusal], code: RenderBusyException.CODE });
  }
}
