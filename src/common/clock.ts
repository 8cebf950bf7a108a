import { Injectable } from '@nestjs/common';
import { calendarDateAt } from './dates.js';

/** The one source of "now", so tests can freeze time by overriding this provider. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's date in the county (Asia/Shanghai). */
  today(): string {
    return calendarDateAt(this.now());
  }
}
