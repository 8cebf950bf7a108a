import type { PeriodRowResponse, ProgressRowResponse, RepairGrade } from './api-types.js';
import { rowsByUnit, type Region } from './region-units.js';

/**
 * The wall chart's numbers, as pure functions over the report answers: nothing here counts
 * households itself; it picks the rows of the selected unit and of the units below it.
 */

export const GRADES: readonly RepairGrade[] = ['B', 'C'];

export type ProgressRow = Pick<
  ProgressRowResponse,
  'unit' | 'grade' | 'appraised' | 'completed' | 'accepted' | 'completionRate' | 'acceptanceRate' | 'remarks'
>;
export type PeriodRow = Pick<
  PeriodRowResponse,
  'unit' | 'grade' | 'appraised' | 'completed' | 'accepted' | 'completionRate' | 'acceptanceRate' | 'stalled' | 'remarks'
>;

/** The selected unit's row per grade from a progress report grouped at its level; null: the report's totals. */
export function ownRows(
  report: { rows: readonly ProgressRow[]; total: readonly ProgressRow[] },
  unitId: number | null,
): Map<RepairGrade, ProgressRow> {
  const rows = unitId === null ? report.total : report.rows.filter((r) => r.unit.id === unitId);
  return new Map(rows.map((r) => [r.grade, r]));
}

/** Stalled households per grade over the given units' period rows. */
export function stalledByGrade(rows: readonly PeriodRow[], units: readonly Region[]): Map<RepairGrade, number> {
  const ids = new Set(units.map((u) => u.id));
  const sums = new Map<RepairGrade, number>(GRADES.map((g) => [g, 0]));
  for (const row of rows) {
    if (row.unit.id !== null && ids.has(row.unit.id) && (row.grade === 'B' || row.grade === 'C'))
      sums.set(row.grade, (sums.get(row.grade) ?? 0) + row.stalled);
  }
  return sums;
}

/** The remarks of the selected unit's rows, each once. */
export function remarksOf(rows: Iterable<ProgressRow>): string[] {
  return [...new Set([...rows].flatMap((r) => r.remarks))];
}

export interface UnitBars {
  units: Region[];
  appraised: number[];
  completed: number[];
  accepted: number[];
  completionRate: (number | null)[];
  acceptanceRate: (number | null)[];
  stalled: number[];
}

/** One grade's bars for the units below the selected one (a unit with no row shows zeros). */
export function unitBars(rows: readonly PeriodRow[], units: readonly Region[], grade: RepairGrade): UnitBars {
  const byUnit = rowsByUnit(rows, units);
  const pick = <K extends keyof PeriodRow>(key: K, empty: PeriodRow[K]) => byUnit.map(({ grades }) => grades.get(grade)?.[key] ?? empty);
  return {
    units: [...units],
    appraised: pick('appraised', 0),
    completed: pick('completed', 0),
    accepted: pick('accepted', 0),
    completionRate: pick('completionRate', null),
    acceptanceRate: pick('acceptanceRate', null),
    stalled: pick('stalled', 0),
  };
}

export interface TrendPoint {
  date: string;
  rows: Map<RepairGrade, ProgressRow>;
}

/** The rates of one grade across the trend's dates (null where nothing was appraised yet). */
export function trendRates(points: readonly TrendPoint[], grade: RepairGrade, kind: 'completion' | 'acceptance'): (number | null)[] {
  return points.map((p) => {
    const row = p.rows.get(grade);
    if (!row) return null;
    return kind === 'completion' ? row.completionRate : row.acceptanceRate;
  });
}
