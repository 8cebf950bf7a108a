import type { DamageGrade } from '../../households/damage-grade.js';
import type { RegionLevel } from '../../regions/region-level.js';
import type { RepairStatus } from '../../repairs/repair-status.js';
import type { ProgressCounts, ReportUnit } from '../progress-arithmetic.js';

/**
 * The period report (日报 / 周报) as plain data: what the API returns as JSON and what every
 * export format (xlsx, csv, pdf, png, svg) renders. Exports never compute numbers of their own.
 */

export type PeriodKind = 'day' | 'week';

/**
 * How many households the report lists by name in each list. A province's stalled list can
 * run to tens of thousands: nobody reads that in a weekly report, and it would make the files
 * slow and huge. The counts are always complete.
 */
export const HOUSEHOLD_LIST_LIMIT = 1000;

/** Rows are per grade; the totals add a row for B and C together. */
export type PeriodGrade = 'B' | 'C' | 'B+C';

/** The counts (appraised … notYetRecorded) are cumulative at the end of the period, as the progress report for its last day. */
export interface PeriodRow extends ProgressCounts {
  unit: ReportUnit;
  grade: PeriodGrade;
  /** Exact fractions; display them rounded down (formatPercent). Null when nothing is appraised. */
  completionRate: number | null;
  acceptanceRate: number | null;
  /**
   * Completions / acceptances recorded within the period: moves into that status (a baseline
   * never counts; a household completed again after a failed acceptance counts again).
   */
  completedInPeriod: number;
  acceptedInPeriod: number;
  completedInPreviousPeriod: number;
  acceptedInPreviousPeriod: number;
  /** Appraised but not yet completed at the period's end. */
  remaining: number;
  /** Not yet accepted, and no recorded change for `stalledAfterDays` days or more. */
  stalled: number;
  /** When `remaining` reaches 0 at the trailing four-week completion rate; null with a reason otherwise. */
  projectedFinish: string | null;
  projectedFinishReason: string | null;
  remarks: string[];
}

export interface ChangedHousehold {
  householdId: number;
  villageId: number;
  village: string;
  householder: string;
  grade: DamageGrade;
  from: RepairStatus | null;
  to: RepairStatus;
  occurredOn: string;
  /** ISO instant */
  recordedAt: string;
  actor: string;
  note: string | null;
}

export interface StalledHousehold {
  householdId: number;
  villageId: number;
  village: string;
  householder: string;
  grade: DamageGrade;
  status: RepairStatus;
  lastChangeOn: string;
  daysWithoutChange: number;
}

export interface TrendWeek {
  start: string;
  end: string;
  /** Completions and acceptances recorded in the week (baselines excluded), B and C together. */
  completed: number;
  accepted: number;
}

export interface PeriodReport {
  period: {
    kind: PeriodKind;
    start: string;
    end: string;
    previousStart: string;
    previousEnd: string;
    /** For people: 2021年第51周 (12月20日—12月26日), or 2021年12月23日. */
    label: string;
  };
  /** The area the report covers: one county's name, or several joined. */
  areaName: string;
  /** e.g. 清徐县因灾受损房屋修缮进度周报 */
  title: string;
  groupBy: RegionLevel;
  /** ISO instant */
  generatedAt: string;
  /** 填报单位 on the files' sign-off: REPORT_ORGANIZATION, null when it is not set (a line left to fill). */
  organization: string | null;
  /** 填报人 on the files' sign-off: the display name of who generated the report; null from the command line. */
  preparedBy: string | null;
  stalledAfterDays: number;
  rows: PeriodRow[];
  /** One row per grade B and C over all units, then one for B and C together. */
  total: PeriodRow[];
  /** The period's moves in order; at most HOUSEHOLD_LIST_LIMIT of them (see the total). */
  changedHouseholds: ChangedHousehold[];
  changedHouseholdsTotal: number;
  /** The longest-stalled households first; at most HOUSEHOLD_LIST_LIMIT of them (see the total). */
  stalledHouseholds: StalledHousehold[];
  stalledHouseholdsTotal: number;
  /** The eight weeks ending with the one that holds the period's end, oldest first. */
  trend: TrendWeek[];
}
