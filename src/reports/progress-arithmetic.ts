import { REPAIR_GRADES, type RepairGrade } from '../households/damage-grade.js';
import type { Region } from '../regions/entities/region.entity.js';
import type { RegionLevel } from '../regions/region-level.js';
import type { RegionTree } from '../regions/region-tree.js';
import type { RepairStatus } from '../repairs/repair-status.js';

/**
 * The progress report's arithmetic, as pure functions over plain rows: how many households of
 * one village and grade stood at each status (null: not yet recorded) → rows per unit and grade.
 */

export interface StatusTally {
  villageId: number;
  grade: RepairGrade;
  /** null counts households whose history had not started by the report date. */
  status: RepairStatus | null;
  households: number;
}

export interface RemarkRow {
  villageId: number;
  grade: RepairGrade;
  text: string;
}

export interface ProgressCounts {
  /** Households recorded by the report date. */
  appraised: number;
  pending: number;
  inProgress: number;
  /** Completed or accepted (an accepted house was completed first). */
  completed: number;
  accepted: number;
  notYetRecorded: number;
}

export interface ReportUnit {
  id: number | null;
  name: string;
  level: RegionLevel | 'all';
}

export interface ProgressRow extends ProgressCounts {
  unit: ReportUnit;
  grade: RepairGrade;
  /** completed / appraised, exact; null when nothing is appraised. */
  completionRate: number | null;
  /** accepted / appraised, exact; null when nothing is appraised. */
  acceptanceRate: number | null;
  remarks: string[];
}

export const ALL_UNITS: ReportUnit = { id: null, name: '合计', level: 'all' };

export function emptyCounts(): ProgressCounts {
  return { appraised: 0, pending: 0, inProgress: 0, completed: 0, accepted: 0, notYetRecorded: 0 };
}

const COUNT_FIELDS = Object.keys(emptyCounts()) as (keyof ProgressCounts)[];

/** The counts of a row that carries more than counts. */
export function countsOf(row: ProgressCounts): ProgressCounts {
  return sumCounts([row]);
}

/** Counts added up, field by field. */
export function sumCounts(rows: readonly ProgressCounts[]): ProgressCounts {
  const total = emptyCounts();
  for (const row of rows) for (const field of COUNT_FIELDS) total[field] += row[field];
  return total;
}

/** Adds `households` at `status` to `counts` (in place). */
export function addToCounts(counts: ProgressCounts, status: RepairStatus | null, households: number): void {
  if (status === null) {
    counts.notYetRecorded += households;
    return;
  }
  counts.appraised += households;
  if (status === 'pending') counts.pending += households;
  if (status === 'in_progress') counts.inProgress += households;
  if (status === 'completed' || status === 'accepted') counts.completed += households;
  if (status === 'accepted') counts.accepted += households;
}

export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/**
 * A ratio as a percentage for display, rounded down so that 100% means every household
 * (618 of 619 shows 99.8%, not 100.0%). Null shows as a dash.
 */
export function formatPercent(rate: number | null, decimals = 1): string {
  if (rate === null) return '—';
  const scale = 10 ** decimals;
  // The small epsilon keeps exact values such as 0.29 * 100 = 28.999999999999996 at 29.
  const floored = Math.floor(rate * 100 * scale + 1e-9) / scale;
  return `${floored.toFixed(decimals)}%`;
}

export function toProgressRow(unit: ReportUnit, grade: RepairGrade, counts: ProgressCounts, remarks: string[]): ProgressRow {
  return {
    unit,
    grade,
    ...counts,
    completionRate: ratio(counts.completed, counts.appraised),
    acceptanceRate: ratio(counts.accepted, counts.appraised),
    remarks,
  };
}

export type GroupBy = RegionLevel;

/**
 * One row per unit at `groupBy` level and grade (B, C), every unit listed even when it has no
 * households, and a total row per grade. Parents are the sums of their villages.
 */
export function buildProgressRows(
  tree: RegionTree,
  groupBy: GroupBy,
  tallies: readonly StatusTally[],
  remarks: readonly RemarkRow[],
): { rows: ProgressRow[]; total: ProgressRow[]; notYetRecorded: number } {
  const units = tree.atLevel(groupBy);
  const key = (unitId: number | null, grade: RepairGrade) => `${unitId}:${grade}`;
  const counts = new Map<string, ProgressCounts>();
  const notes = new Map<string, string[]>();
  const bucket = <T>(map: Map<string, T>, k: string, make: () => T): T => {
    let value = map.get(k);
    if (value === undefined) map.set(k, (value = make()));
    return value;
  };
  const unitOf = (villageId: number): Region | undefined => tree.ancestorAt(villageId, groupBy);

  for (const tally of tallies) {
    const unit = unitOf(tally.villageId);
    if (!unit) continue;
    addToCounts(bucket(counts, key(unit.id, tally.grade), emptyCounts), tally.status, tally.households);
    addToCounts(bucket(counts, key(null, tally.grade), emptyCounts), tally.status, tally.households);
  }
  for (const remark of remarks) {
    const unit = unitOf(remark.villageId);
    if (!unit) continue;
    for (const k of [key(unit.id, remark.grade), key(null, remark.grade)]) {
      const list = bucket(notes, k, () => [] as string[]);
      if (!list.includes(remark.text)) list.push(remark.text);
    }
  }

  const row = (unit: ReportUnit, grade: RepairGrade) =>
    toProgressRow(unit, grade, counts.get(key(unit.id, grade)) ?? emptyCounts(), notes.get(key(unit.id, grade)) ?? []);
  const rows = units.flatMap((u) => REPAIR_GRADES.map((g) => row({ id: u.id, name: u.name, level: u.level }, g)));
  const total = REPAIR_GRADES.map((g) => row(ALL_UNITS, g));
  return { rows, total, notYetRecorded: total.reduce((sum, r) => sum + r.notYetRecorded, 0) };
}
