import type { DataSource, EntityManager } from 'typeorm';
import { toCalendarDate, toCount } from '../database/sql-values.js';
import type { Placeholder } from '../database/prepared-query.js';
import { RAISE_ALL_GENERATIONS } from '../database/report-generations.js';

/**
 * The progress counters: status_counts (households per village, grade and status now),
 * status_count_deltas (per day: +1 for the status a household entered, −1 for the one it
 * left) and status_entries (per day: moves into each status; a baseline is not a move). Every
 * write that changes a household's status, village or grade updates them in the same
 * transaction, as steps of its decision (write-steps.ts), with the SQL here; the check
 * recounts them from households and history.
 */

type Queryable = DataSource | EntityManager;

export const COUNTER_TABLES = ['counts', 'deltas', 'entries'] as const;
export type CounterTable = (typeof COUNTER_TABLES)[number];

const values = (p: Placeholder, rows: number, columns: number) =>
  Array.from({ length: rows }, (_, r) => `(${Array.from({ length: columns }, (_, c) => p(r * columns + c + 1)).join(', ')})`).join(', ');

/** The counter upserts for `rows` keys at once (each key once): parameters key by key, the key's columns then its change. */
export const UPSERT_MANY: Record<CounterTable, (p: Placeholder, rows: number) => string> = {
  counts: (p, rows) =>
    `INSERT INTO status_counts (village_id, grade, status, households) VALUES ${values(p, rows, 4)}
     ON CONFLICT (village_id, grade, status) DO UPDATE SET households = status_counts.households + excluded.households`,
  deltas: (p, rows) =>
    `INSERT INTO status_count_deltas (village_id, grade, status, day, delta) VALUES ${values(p, rows, 5)}
     ON CONFLICT (village_id, grade, status, day) DO UPDATE SET delta = status_count_deltas.delta + excluded.delta`,
  entries: (p, rows) =>
    `INSERT INTO status_entries (village_id, grade, status, day, entries) VALUES ${values(p, rows, 5)}
     ON CONFLICT (village_id, grade, status, day) DO UPDATE SET entries = status_entries.entries + excluded.entries`,
};

/** One key's upsert of each table (SQLite's prepared statements). */
export const UPSERT_COUNT = (p: Placeholder) => UPSERT_MANY.counts(p, 1);
export const UPSERT_DELTA = (p: Placeholder) => UPSERT_MANY.deltas(p, 1);
export const UPSERT_ENTRY = (p: Placeholder) => UPSERT_MANY.entries(p, 1);

/** A household's history counted into status_count_deltas under (village, grade), times a sign. Parameters: village, grade, sign, household, household (`?` placeholders are positional). */
export const RECOUNT_HISTORY_DELTAS = (p: Placeholder) =>
  `INSERT INTO status_count_deltas (village_id, grade, status, day, delta)
   SELECT ${p(1)}, ${p(2)}, status, day, SUM(d) * ${p(3)} FROM (
     SELECT to_status AS status, occurred_on AS day, 1 AS d FROM status_changes WHERE household_id = ${p(4)}
     UNION ALL
     SELECT from_status, occurred_on, -1 FROM status_changes WHERE household_id = ${p(5)} AND from_status IS NOT NULL
   ) moves WHERE 1 = 1 GROUP BY status, day
   ON CONFLICT (village_id, grade, status, day) DO UPDATE SET delta = status_count_deltas.delta + excluded.delta`;

/** A household's moves counted into status_entries under (village, grade), times a sign. Parameters: village, grade, sign, household. */
export const RECOUNT_HISTORY_ENTRIES = (p: Placeholder) =>
  `INSERT INTO status_entries (village_id, grade, status, day, entries)
   SELECT ${p(1)}, ${p(2)}, to_status, occurred_on, COUNT(*) * ${p(3)} FROM status_changes
    WHERE household_id = ${p(4)} AND from_status IS NOT NULL GROUP BY to_status, occurred_on
   ON CONFLICT (village_id, grade, status, day) DO UPDATE SET entries = status_entries.entries + excluded.entries`;

/** The counters as households and history say they should be. */
const RECOUNT = {
  counts: `SELECT village_id, grade, status, COUNT(*) AS households FROM households GROUP BY village_id, grade, status`,
  deltas: `SELECT village_id, grade, status, day, SUM(delta) AS delta FROM (
             SELECT h.village_id AS village_id, h.grade AS grade, c.to_status AS status, c.occurred_on AS day, 1 AS delta
               FROM status_changes c JOIN households h ON h.id = c.household_id
             UNION ALL
             SELECT h.village_id, h.grade, c.from_status, c.occurred_on, -1
               FROM status_changes c JOIN households h ON h.id = c.household_id WHERE c.from_status IS NOT NULL
           ) moves GROUP BY village_id, grade, status, day`,
  entries: `SELECT h.village_id AS village_id, h.grade AS grade, c.to_status AS status, c.occurred_on AS day, COUNT(*) AS entries
              FROM status_changes c JOIN households h ON h.id = c.household_id
             WHERE c.from_status IS NOT NULL
             GROUP BY h.village_id, h.grade, c.to_status, c.occurred_on`,
  dates: `UPDATE households SET
            first_recorded_on = (SELECT MIN(c.occurred_on) FROM status_changes c WHERE c.household_id = households.id),
            last_change_on = (SELECT MAX(c.occurred_on) FROM status_changes c WHERE c.household_id = households.id)`,
};

/**
 * Rebuilds the counters and the households' first and last change dates from households and
 * history, for data loaded in bulk around the application (the seed, a benchmark, an import).
 */
export async function rebuildStatusCounters(q: Queryable): Promise<void> {
  await q.query('DELETE FROM status_counts');
  await q.query('DELETE FROM status_count_deltas');
  await q.query('DELETE FROM status_entries');
  await q.query(RECOUNT.dates);
  await q.query(`INSERT INTO status_counts (village_id, grade, status, households) ${RECOUNT.counts}`);
  await q.query(`INSERT INTO status_count_deltas (village_id, grade, status, day, delta) ${RECOUNT.deltas}`);
  await q.query(`INSERT INTO status_entries (village_id, grade, status, day, entries) ${RECOUNT.entries}`);
  // Every report kept anywhere may count what was loaded.
  await q.query(RAISE_ALL_GENERATIONS);
  // Fresh statistics, or PostgreSQL plans the past-day sums for a few hundred rows where there are
  // a million (a sort spilled to disk: 600 ms against 310 ms once analysed), until autovacuum comes by.
  const type = 'dataSource' in q ? q.dataSource.options.type : q.options.type;
  if (type === 'postgres') await q.query('ANALYZE households, status_changes, status_counts, status_count_deltas, status_entries');
}

/** What a recount found: the counters agree with households and history, or where they do not. */
export interface CounterCheck {
  consistent: boolean;
  /** One line per difference, e.g. "status_counts 12/B/in_progress: stored 5, recounted 6". */
  differences: string[];
}

/** Recounts from households and history and compares with the counters. */
export async function checkStatusCounters(q: Queryable): Promise<CounterCheck> {
  const differences: string[] = [];
  const compare = (what: string, stored: Map<string, number>, recounted: Map<string, number>) => {
    for (const key of new Set([...stored.keys(), ...recounted.keys()])) {
      const a = stored.get(key) ?? 0;
      const b = recounted.get(key) ?? 0;
      if (a !== b) differences.push(`${what} ${key}: stored ${a}, recounted ${b}`);
    }
  };
  const keyed = (rows: Record<string, unknown>[], value: string, withDay: boolean) =>
    new Map(
      rows.map((r) => [
        [toCount(r.village_id), r.grade, r.status, ...(withDay ? [toCalendarDate(r.day)] : [])].join('/'),
        toCount(r[value]),
      ]),
    );
  compare(
    'status_counts',
    keyed(await q.query('SELECT village_id, grade, status, households FROM status_counts'), 'households', false),
    keyed(await q.query(RECOUNT.counts), 'households', false),
  );
  compare(
    'status_count_deltas',
    keyed(await q.query('SELECT village_id, grade, status, day, delta FROM status_count_deltas'), 'delta', true),
    keyed(await q.query(RECOUNT.deltas), 'delta', true),
  );
  compare(
    'status_entries',
    keyed(await q.query('SELECT village_id, grade, status, day, entries FROM status_entries'), 'entries', true),
    keyed(await q.query(RECOUNT.entries), 'entries', true),
  );
  const [dates] = await q.query<{ wrong: unknown }[]>(
    `SELECT COUNT(*) AS wrong FROM households h
      WHERE h.first_recorded_on IS DISTINCT FROM (SELECT MIN(c.occurred_on) FROM status_changes c WHERE c.household_id = h.id)
         OR h.last_change_on IS DISTINCT FROM (SELECT MAX(c.occurred_on) FROM status_changes c WHERE c.household_id = h.id)`,
  );
  if (toCount(dates.wrong) > 0)
    differences.push(`households: ${toCount(dates.wrong)} with a first or last change date that disagrees with their history`);
  return { consistent: differences.length === 0, differences };
}
