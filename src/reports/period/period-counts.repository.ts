import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type DamageGrade, REPAIR_GRADES_SQL, type RepairGrade } from '../../households/damage-grade.js';
import { toCalendarDate, toCount } from '../../database/sql-values.js';
import type { RepairStatus } from '../../repairs/repair-status.js';
import { addDays } from '../../common/dates.js';
import { emptyEvents, PROJECTION_WINDOW_DAYS, type EventTally } from './period-arithmetic.js';
import { placeholderFor } from '../../database/prepared-query.js';

export interface DateRange {
  start: string;
  end: string;
}

export interface EventQuery {
  period: DateRange;
  previous: DateRange;
  /** The last day counted (the period's end, or today if that is earlier). */
  end: string;
  stalledBefore: string;
  weeks: DateRange[];
}

export interface ChangedRow {
  householdId: number;
  villageId: number;
  householder: string;
  grade: DamageGrade;
  from: RepairStatus;
  to: RepairStatus;
  occurredOn: string;
  recordedAt: Date;
  actor: string;
  note: string | null;
}

export interface StalledRow {
  householdId: number;
  villageId: number;
  householder: string;
  grade: DamageGrade;
  status: RepairStatus;
  lastChangeOn: string;
}

/**
 * The SQL behind the period report. A change with no `from` is a household's first recorded
 * state (its baseline): it is never a completion or an acceptance.
 */
@Injectable()
export class PeriodCountsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * In-period, previous-period, four-week and weekly completions and acceptances (from the
   * status_entries counters: moves, never baselines), and stalled households, per village and grade.
   */
  async events(q: EventQuery): Promise<EventTally[]> {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return this.dataSource.options.type === 'postgres' ? `$${params.length}` : '?';
    };
    // One SUM per date range, per status row: a CASE for each (status, range) pair evaluated on
    // every row cost twice as much (538 → 340 ms at 1,000,000 households).
    const window = { start: addDays(q.end, 1 - PROJECTION_WINDOW_DAYS), end: q.end };
    const ranges = [q.period, q.previous, window, ...q.weeks];
    const columns = ranges.map(
      (range, i) => `SUM(CASE WHEN day BETWEEN ${p(range.start)} AND ${p(range.end)} THEN entries ELSE 0 END) AS r${i}`,
    );
    const earliest = [q.previous.start, window.start, q.weeks[0]?.start ?? q.previous.start].sort()[0];
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT village_id, grade, status, ${columns.join(', ')}
         FROM status_entries
        WHERE status IN ('completed', 'accepted') AND grade IN ${REPAIR_GRADES_SQL} AND day BETWEEN ${p(earliest)} AND ${p(q.end)}
        GROUP BY village_id, grade, status`,
      params,
    );
    const stalled = await this.stalledCounts(q.end, q.stalledBefore);
    const tallies = new Map<string, EventTally>();
    const tally = (villageId: number, grade: RepairGrade) => {
      const key = `${villageId}:${grade}`;
      let t = tallies.get(key);
      if (!t) tallies.set(key, (t = { villageId, grade, ...emptyEvents(q.weeks.length) }));
      return t;
    };
    for (const r of rows) {
      const t = tally(toCount(r.village_id), r.grade as RepairGrade);
      const [inPeriod, inPrevious, inWindow, ...weekly] = ranges.map((_, i) => toCount(r[`r${i}`]));
      if (r.status === 'completed') {
        t.completedInPeriod = inPeriod;
        t.completedInPreviousPeriod = inPrevious;
        t.completedInWindow = inWindow;
        t.trendCompleted = weekly;
      } else {
        t.acceptedInPeriod = inPeriod;
        t.acceptedInPreviousPeriod = inPrevious;
        t.trendAccepted = weekly;
      }
    }
    for (const s of stalled) tally(s.villageId, s.grade).stalled += s.households;
    return [...tallies.values()];
  }

  /**
   * The first `limit` moves (not baselines) of B and C households within the range, in order,
   * and how many there are in all; `villageIds` null means every village.
   */
  async changes(range: DateRange, villageIds: number[] | null, limit: number): Promise<{ rows: ChangedRow[]; total: number }> {
    const where = `c.from_status IS NOT NULL AND h.grade IN ${REPAIR_GRADES_SQL} AND c.occurred_on BETWEEN ${this.p(1)} AND ${this.p(2)}${inVillages(villageIds, 'h')}`;
    const [[{ n }], rows] = await Promise.all([
      // status_entries counts exactly these moves (baselines excepted) by village, grade and day,
      // kept with every change and checked by the counter check: a range of it, not 3 million rows.
      this.dataSource.query<{ n: unknown }[]>(
        `SELECT SUM(e.entries) AS n FROM status_entries e WHERE e.grade IN ${REPAIR_GRADES_SQL} AND e.day BETWEEN ${this.p(1)} AND ${this.p(2)}${inVillages(villageIds, 'e')}`,
        [range.start, range.end],
      ),
      this.dataSource.query<Record<string, unknown>[]>(
        `SELECT c.household_id AS household_id, h.village_id AS village_id, h.householder AS householder, h.grade AS grade,
                c.from_status AS from_status, c.to_status AS to_status, c.occurred_on AS occurred_on, c.recorded_at AS recorded_at,
                c.actor AS actor, c.note AS note
           FROM status_changes c JOIN households h ON h.id = c.household_id
          WHERE ${where}
          ORDER BY c.occurred_on, c.id
          LIMIT ${Math.trunc(limit)}`,
        [range.start, range.end],
      ),
    ]);
    return {
      total: toCount(n),
      rows: rows.map((r) => ({
        householdId: toCount(r.household_id),
        villageId: toCount(r.village_id),
        householder: String(r.householder),
        grade: r.grade as DamageGrade,
        from: r.from_status as RepairStatus,
        to: r.to_status as RepairStatus,
        occurredOn: toCalendarDate(r.occurred_on),
        recordedAt: toInstant(r.recorded_at),
        actor: String(r.actor),
        note: typeof r.note === 'string' ? r.note : null,
      })),
    };
  }

  /**
   * The `limit` longest-stalled B and C households: not accepted at the end of `end`, their last
   * change on or before `before`. (Their number is in the stalled counts of `events`.)
   */
  async stalled(end: string, before: string, villageIds: number[] | null, limit: number): Promise<StalledRow[]> {
    const n = Math.trunc(limit);
    const select = `SELECT h.id AS household_id, h.village_id AS village_id, h.householder AS householder, h.grade AS grade`;
    const [unchanged, changedSince]: Record<string, unknown>[][] = await Promise.all([
      this.dataSource.query<Record<string, unknown>[]>(
        `${select}, h.status AS status, h.last_change_on AS occurred_on FROM households h
          WHERE ${STALLED_NOW(this.p(1))}${inVillages(villageIds, 'h')}
          ORDER BY h.last_change_on, h.id LIMIT ${n}`,
        [before],
      ),
      this.dataSource.query<Record<string, unknown>[]>(
        `${select}, c.to_status AS status, c.occurred_on AS occurred_on
           FROM households h JOIN status_changes c ON c.id = ${this.lastChangeOn(1)}
          WHERE ${STALLED_THEN(this.p(2), this.p(3))}${inVillages(villageIds, 'h')}
          ORDER BY c.occurred_on, h.id LIMIT ${n}`,
        [end, end, before],
      ),
    ]);
    return [...unchanged, ...changedSince]
      .map((r) => ({
        householdId: toCount(r.household_id),
        villageId: toCount(r.village_id),
        householder: String(r.householder),
        grade: r.grade as DamageGrade,
        status: r.status as RepairStatus,
        lastChangeOn: toCalendarDate(r.occurred_on),
      }))
      .sort((a, b) => a.lastChangeOn.localeCompare(b.lastChangeOn) || a.householdId - b.householdId)
      .slice(0, n);
  }

  private async stalledCounts(end: string, before: string): Promise<{ villageId: number; grade: RepairGrade; households: number }[]> {
    const [unchanged, changedSince]: Record<string, unknown>[][] = await Promise.all([
      this.dataSource.query<Record<string, unknown>[]>(
        `SELECT h.village_id AS village_id, h.grade AS grade, COUNT(*) AS households FROM households h
          WHERE ${STALLED_NOW(this.p(1))} GROUP BY h.village_id, h.grade`,
        [before],
      ),
      // `+h.village_id` keeps SQLite's planner from walking the (village, grade, …) index for
      // its GROUP BY order, which looks up every household; the households changed after `end`
      // are few, and the index on last_change_on finds them (340 → under 1 ms at 1,000,000).
      this.dataSource.query<Record<string, unknown>[]>(
        `SELECT +h.village_id AS village_id, h.grade AS grade, COUNT(*) AS households
           FROM households h JOIN status_changes c ON c.id = ${this.lastChangeOn(1)}
          WHERE ${STALLED_THEN(this.p(2), this.p(3))} GROUP BY +h.village_id, h.grade`,
        [end, end, before],
      ),
    ]);
    return [...unchanged, ...changedSince].map((r) => ({
      villageId: toCount(r.village_id),
      grade: r.grade as RepairGrade,
      households: toCount(r.households),
    }));
  }

  /** The id of household h's last change on or before the date in parameter n. */
  private lastChangeOn(n: number): string {
    return `(SELECT MAX(c2.id) FROM status_changes c2 WHERE c2.household_id = h.id AND c2.occurred_on <= ${this.p(n)})`;
  }

  private p(n: number): string {
    return placeholderFor(this.dataSource)(n);
  }
}

/*
 * A household is stalled at the end of `end` when it is not accepted then and its last change
 * up to then was on or before `before`. Households with no change since `before` need only
 * their own columns (last_change_on is indexed); only those changed after `end` need their
 * history looked up.
 */
const STALLED_NOW = (before: string) => `h.grade IN ${REPAIR_GRADES_SQL} AND h.status <> 'accepted' AND h.last_change_on <= ${before}`;
const STALLED_THEN = (end: string, before: string) =>
  `h.grade IN ${REPAIR_GRADES_SQL} AND h.last_change_on > ${end} AND c.to_status <> 'accepted' AND c.occurred_on <= ${before}`;

/** A filter to the given villages (ids come from the database, so they are integers). */
function inVillages(villageIds: number[] | null, alias: string): string {
  if (villageIds === null) return '';
  if (villageIds.length === 0) return ' AND 1 = 0';
  return ` AND ${alias}.village_id IN (${villageIds.map((id) => Math.trunc(id)).join(', ')})`;
}

/** A timestamp column as a Date, whichever driver read it (SQLite gives UTC text). */
function toInstant(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}
