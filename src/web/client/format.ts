import { addDays, calendarDateAt } from '../../common/dates.js';
import { formatPercent } from '../../reports/progress-arithmetic.js';

/**
 * Pure formatting for the pages. Rates come from the server as exact fractions; they are shown
 * with the server's own formatPercent (rounded down, so 100% means every household).
 */
export { formatPercent };

/** The county's date today (Asia/Shanghai), whatever the browser's time zone. */
export function todayInCounty(now: Date = new Date()): string {
  return calendarDateAt(now);
}

/** The report dates of the weekly trend: `date` and the same weekday in each of the `weeks - 1` weeks before, oldest first. */
export function trendDates(date: string, weeks = 8): string[] {
  return Array.from({ length: weeks }, (_, i) => addDays(date, -7 * (weeks - 1 - i)));
}

/** '2021-12-23' → '12-23', for chart axes. */
export function monthDay(date: string): string {
  return date.slice(5);
}

/** 'YYYY-MM-DD HH:mm' in county time for an ISO instant. */
export function countyDateTime(instant: string): string {
  const ms = Date.parse(instant);
  if (!Number.isFinite(ms)) return instant;
  return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The file name a download should be saved as: RFC 6266's `filename*=UTF-8''…` (the real,
 * often Chinese, name) before the plain `filename=` fallback. Null when the header names none.
 */
export function fileNameFromContentDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended) {
    try {
      const name = decodeURIComponent(extended[2].trim());
      if (name) return safeFileName(name);
    } catch {
      // Malformed percent-encoding: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  // Only one of the two groups takes part in a match; the other is undefined.
  const quoted = plain?.[1];
  const name = plain ? (quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : plain[2]) : null;
  return name ? safeFileName(name) : null;
}

/** No folders in a saved name. */
function safeFileName(name: string): string {
  return name.replace(/[\\/]/g, '_');
}
