/** PostgreSQL returns COUNT and SUM as strings, SQLite as numbers: read them here, once. */
export function toCount(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`Not a count: ${JSON.stringify(value)}`);
  return n;
}

/** A date column as `YYYY-MM-DD`, whichever driver read it (pg may hand back a Date). */
export function toCalendarDate(value: unknown): string {
  if (value instanceof Date) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  return String(value).slice(0, 10);
}
