/** Calendar dates are `YYYY-MM-DD` in county local time (Asia/Shanghai), per the HTTP contract. */
export const COUNTY_TIME_ZONE = 'Asia/Shanghai';

const ymd = new Intl.DateTimeFormat('en-CA', {
  timeZone: COUNTY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const ymdhm = new Intl.DateTimeFormat('en-CA', {
  timeZone: COUNTY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** 'YYYY-MM-DD HH:mm' in county (Beijing) time, for an instant or an ISO instant string. */
export function formatBeijingTime(instant: Date | string): string {
  const parts = ymdhm.formatToParts(typeof instant === 'string' ? new Date(instant) : instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/**
 * China has kept UTC+8 all year since its last daylight-saving summer, 1991: from then on the
 * county date is plain arithmetic, a fiftieth of Intl's cost (it runs on every status change).
 */
const FIXED_OFFSET_SINCE = Date.UTC(1991, 11, 31, 16);
const UTC_PLUS_8_MS = 8 * 3600 * 1000;
/** toISOString() writes a plain YYYY only up to year 9999. */
const YEAR_10000 = Date.UTC(10000, 0, 1);

/** The county's calendar date at `instant`. */
export function calendarDateAt(instant: Date): string {
  const ms = instant.getTime();
  if (ms >= FIXED_OFFSET_SINCE && ms < YEAR_10000 - UTC_PLUS_8_MS) return new Date(ms + UTC_PLUS_8_MS).toISOString().slice(0, 10);
  return ymd.format(instant);
}

/** True for a real calendar date written `YYYY-MM-DD` (so 2021-02-30 is false). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Adds whole days to a calendar date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
