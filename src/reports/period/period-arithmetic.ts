import { addDays } from '../../common/dates.js';
import { REPAIR_GRADES, type RepairGrade } from '../../households/damage-grade.js';
import type { RegionLevel } from '../../regions/region-level.js';
import type { RegionTree } from '../../regions/region-tree.js';
import {
  buildProgressRows,
  countsOf,
  ratio,
  sumCounts,
  type ProgressCounts,
  type ProgressRow,
  type RemarkRow,
  type ReportUnit,
  type StatusTally,
} from '../progress-arithmetic.js';
import type { PeriodGrade, PeriodKind, PeriodRow, TrendWeek } from './period-report.types.js';

/**
 * The period report's arithmetic as pure functions: period bounds, in-period counts, stalled
 * households, the projected finish, and the rows per unit with their totals.
 */

/** ISO weekday numbers: 1 Monday … 7 Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WEEKDAYS: Record<string, Weekday> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

/** ISO weekday of a calendar date. */
export function weekdayOf(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return (day === 0 ? 7 : day) as Weekday;
}

/** The first day of the week (starting on `weekStart`) that contains `date`. */
export function startOfWeek(date: string, weekStart: Weekday): string {
  return addDays(date, -((weekdayOf(date) - weekStart + 7) % 7));
}

export interface PeriodBounds {
  start: string;
  end: string;
  previousStart: string;
  previousEnd: string;
}

/** The day, or the week starting on `weekStart`, that contains `date`, and the one before it. */
export function periodBounds(kind: PeriodKind, date: string, weekStart: Weekday): PeriodBounds {
  if (kind === 'day') return { start: date, end: date, previousStart: addDays(date, -1), previousEnd: addDays(date, -1) };
  const start = startOfWeek(date, weekStart);
  return { start, end: addDays(start, 6), previousStart: addDays(start, -7), previousEnd: addDays(start, -1) };
}

/** ISO 8601 week number and its year (the week with the year's first Thursday is week 1). */
export function isoWeek(date: string): { year: number; week: number } {
  const thursday = addDays(date, 4 - weekdayOf(date));
  const year = Number(thursday.slice(0, 4));
  const [y, m, d] = thursday.split('-').map(Number);
  const dayOfYear = (Date.UTC(y, m - 1, d) - Date.UTC(year, 0, 1)) / 86_400_000;
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** 2021年第51周（12月20日—12月26日） for ISO weeks, 2021年12月23日 for a day. */
export function periodLabel(kind: PeriodKind, bounds: PeriodBounds, weekStart: Weekday): string {
  if (kind === 'day') return `${bounds.start.slice(0, 4)}年${monthDay(bounds.start)}`;
  const range = `${monthDay(bounds.start)}—${monthDay(bounds.end)}`;
  if (weekStart !== 1) return `${bounds.start.slice(0, 4)}年${range}`;
  const { year, week } = isoWeek(bounds.start);
  return `${year}年第${week}周（${range}）`;
}

/** The eight weeks (starting on `weekStart`) ending with the one that holds `date`, oldest first. */
export function trendWeeks(date: string, weekStart: Weekday, count = 8): { start: string; end: string }[] {
  const last = startOfWeek(date, weekStart);
  return Array.from({ length: count }, (_, i) => {
    const start = addDays(last, -7 * (count - 1 - i));
    return { start, end: addDays(start, 6) };
  });
}

/** Days from `from` to `to` (calendar dates). */
export function daysBetween(from: string, to: string): number {
  const ms = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

export const PROJECTION_WINDOW_DAYS = 28;

/** A projected finish date, or null with the reason there is none. */
export interface Projection {
  date: string | null;
  reason: string | null;
}

const ALL_COMPLETED = '已全部完工';
const NO_RECENT_COMPLETIONS = '近四周没有完工记录（基线不计），无法推算';

/**
 * When the remaining households will be completed at the rate of the trailing four weeks
 * (completions recorded in the 28 days ending `end`), or why that cannot be said.
 */
export function projectFinish(remaining: number, completedInWindow: number, end: string): Projection {
  if (remaining === 0) return { date: null, reason: ALL_COMPLETED };
  if (completedInWindow === 0) return { date: null, reason: NO_RECENT_COMPLETIONS };
  const perDay = completedInWindow / PROJECTION_WINDOW_DAYS;
  return { date: addDays(end, Math.ceil(remaining / perDay)), reason: null };
}

/**
 * When B and C together will be completed: the later of the grades' own projections, each at its
 * own pace. A grade with households left and no pace of its own (no completions in four weeks)
 * leaves the total unprojected, with the reason naming it: running its households at the other
 * grade's pace would present a guess as a forecast. Grades with nothing left do not count.
 */
export function projectCombinedFinish(grades: readonly { grade: RepairGrade; remaining: number; projection: Projection }[]): Projection {
  const open = grades.filter((g) => g.remaining > 0);
  if (open.length === 0) return { date: null, reason: ALL_COMPLETED };
  const unknown = open.filter((g) => g.projection.date === null);
  if (unknown.length === open.length) return { date: null, reason: NO_RECENT_COMPLETIONS };
  if (unknown.length > 0) {
    const names = unknown.map((g) => `${g.grade}级`).join('、');
    return { date: null, reason: `${names}近四周没有完工记录（基线不计），B、C合计无法推算` };
  }
  const dates = open.flatMap((g) => (g.projection.date === null ? [] : [g.projection.date]));
  return { date: dates.reduce((a, b) => (b > a ? b : a)), reason: null };
}

/** Per village and grade: what happened in and around the period (baselines never count). */
export interface EventTally {
  villageId: number;
  grade: RepairGrade;
  completedInPeriod: number;
  acceptedInPeriod: number;
  completedInPreviousPeriod: number;
  acceptedInPreviousPeriod: number;
  /** Completions in the 28 days ending with the period, for the projection. */
  completedInWindow: number;
  stalled: number;
  /** Per trend week, oldest first. */
  trendCompleted: number[];
  trendAccepted: number[];
}

export type EventCounts = Omit<EventTally, 'villageId' | 'grade'>;

/** Nothing happened: zero counts over `weeks` trend weeks. */
export function emptyEvents(weeks: number): EventCounts {
  return {
    completedInPeriod: 0,
    acceptedInPeriod: 0,
    completedInPreviousPeriod: 0,
    acceptedInPreviousPeriod: 0,
    completedInWindow: 0,
    stalled: 0,
    trendCompleted: Array<number>(weeks).fill(0),
    trendAccepted: Array<number>(weeks).fill(0),
  };
}

function addEvents(into: EventCounts, from: EventCounts): void {
  into.completedInPeriod += from.completedInPeriod;
  into.acceptedInPeriod += from.acceptedInPeriod;
  into.completedInPreviousPeriod += from.completedInPreviousPeriod;
  into.acceptedInPreviousPeriod += from.acceptedInPreviousPeriod;
  into.completedInWindow += from.completedInWindow;
  into.stalled += from.stalled;
  from.trendCompleted.forEach((n, i) => (into.trendCompleted[i] += n));
  from.trendAccepted.forEach((n, i) => (into.trendAccepted[i] += n));
}

function toPeriodRow(
  row: { unit: ReportUnit; grade: PeriodGrade; counts: ProgressCounts; remarks: string[] },
  events: EventCounts,
  projection: (remaining: number) => Projection,
): PeriodRow {
  const { counts } = row;
  const remaining = counts.appraised - counts.completed;
  const { date, reason } = projection(remaining);
  return {
    unit: row.unit,
    grade: row.grade,
    ...counts,
    completionRate: ratio(counts.completed, counts.appraised),
    acceptanceRate: ratio(counts.accepted, counts.appraised),
    completedInPeriod: events.completedInPeriod,
    acceptedInPeriod: events.acceptedInPeriod,
    completedInPreviousPeriod: events.completedInPreviousPeriod,
    acceptedInPreviousPeriod: events.acceptedInPreviousPeriod,
    remaining,
    stalled: events.stalled,
    projectedFinish: date,
    projectedFinishReason: reason,
    remarks: row.remarks,
  };
}

/**
 * Rows per unit and grade, the totals per grade and for B and C together, and the weekly
 * trend. The cumulative numbers are the progress report's for the period's end; parents are
 * the sums of their villages, and units outside `tree` count nowhere.
 */
export function buildPeriodRows(input: {
  tree: RegionTree;
  groupBy: RegionLevel;
  end: string;
  tallies: readonly StatusTally[];
  remarks: readonly RemarkRow[];
  events: readonly EventTally[];
  weeks: { start: string; end: string }[];
}): { rows: PeriodRow[]; total: PeriodRow[]; trend: TrendWeek[] } {
  const { tree, groupBy, end, weeks } = input;
  const progress = buildProgressRows(tree, groupBy, input.tallies, input.remarks);
  const byUnit = new Map<string, EventCounts>();
  const bucket = (unitId: number | null, grade: RepairGrade) => {
    const key = `${unitId}:${grade}`;
    let counts = byUnit.get(key);
    if (!counts) byUnit.set(key, (counts = emptyEvents(weeks.length)));
    return counts;
  };
  for (const tally of input.events) {
    const unit = tree.ancestorAt(tally.villageId, groupBy);
    if (!unit) continue;
    addEvents(bucket(unit.id, tally.grade), tally);
    addEvents(bucket(null, tally.grade), tally);
  }
  const period = (r: ProgressRow, unitId: number | null) => {
    const events = bucket(unitId, r.grade);
    return toPeriodRow({ ...r, counts: countsOf(r) }, events, (remaining) => projectFinish(remaining, events.completedInWindow, end));
  };
  const rows = progress.rows.map((r) => period(r, r.unit.id));
  const perGrade = progress.total.map((r) => period(r, null));

  const both = emptyEvents(weeks.length);
  for (const grade of REPAIR_GRADES) addEvents(both, bucket(null, grade));
  const combined = {
    unit: progress.total[0].unit,
    grade: 'B+C' as const,
    counts: sumCounts(progress.total),
    remarks: [...new Set(progress.total.flatMap((r) => r.remarks))],
  };
  const combinedProjection = projectCombinedFinish(
    progress.total.map((r, i) => ({
      grade: r.grade,
      remaining: perGrade[i].remaining,
      projection: { date: perGrade[i].projectedFinish, reason: perGrade[i].projectedFinishReason },
    })),
  );
  const total = [...perGrade, toPeriodRow(combined, both, () => combinedProjection)];
  const trend = weeks.map((w, i) => ({ ...w, completed: both.trendCompleted[i], accepted: both.trendAccepted[i] }));
  return { rows, total, trend };
}
