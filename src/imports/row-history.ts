import type { RepairStatus } from '../repairs/repair-status.js';

/**
 * A ledger row's dates as the household's history. The ledger has a column per milestone
 * (开工日期, 完工日期, 验收日期) and the appraisal date (鉴定日期); the history starts on the
 * appraisal date as 待修缮 when there is one, else on the first milestone's day in that status
 * (the baseline is what the office knew when it started keeping the ledger), else on the import
 * day as 待修缮. Each later milestone is a dated move. Pure.
 *
 * For a household already stored, the row may only add the milestones after the stored status,
 * and a milestone the stored history already holds must carry the same day: dates that go
 * backwards against what is recorded are the row's error, not a correction.
 */

export interface RowDates {
  appraisalDate: string | null;
  startedOn: string | null;
  completedOn: string | null;
  acceptedOn: string | null;
}

/** What the stored history holds: its status now, its last change, and the day each milestone was reached. */
export interface StoredHistory {
  status: RepairStatus;
  lastChangeOn: string | null;
  reachedOn: Partial<Record<RepairStatus, string>>;
}

export interface DatedStatus {
  status: RepairStatus;
  on: string;
}

export type RowDateColumn = keyof RowDates;

export type RowHistoryProblem =
  | { code: 'date_in_future'; column: RowDateColumn; date: string; today: string }
  | { code: 'dates_out_of_order'; column: RowDateColumn; date: string; earlierColumn: RowDateColumn; earlierDate: string }
  | { code: 'accepted_without_completion'; column: 'acceptedOn' }
  | { code: 'milestone_differs'; column: RowDateColumn; date: string | null; recorded: string }
  | { code: 'before_last_change'; column: RowDateColumn; date: string; lastChangeOn: string };

export type RowHistory = { ok: true; baseline: DatedStatus | null; moves: DatedStatus[] } | { ok: false; problem: RowHistoryProblem };

const MILESTONES: readonly { column: RowDateColumn; status: RepairStatus }[] = [
  { column: 'startedOn', status: 'in_progress' },
  { column: 'completedOn', status: 'completed' },
  { column: 'acceptedOn', status: 'accepted' },
];

const ORDER: readonly RepairStatus[] = ['pending', 'in_progress', 'completed', 'accepted'];

/**
 * The baseline and moves a row adds: for a new household (`stored` null) its whole history,
 * for a stored one only the moves past its status (none when the row says nothing new).
 */
export function rowHistory(dates: RowDates, stored: StoredHistory | null, today: string, importDay: string): RowHistory {
  const checked = checkDates(dates, today);
  if (checked) return { ok: false, problem: checked };
  const milestones = MILESTONES.filter((m) => dates[m.column] !== null).map((m) => ({ ...m, on: dates[m.column] as string }));

  if (stored === null) {
    if (dates.appraisalDate !== null) {
      return {
        ok: true,
        baseline: { status: 'pending', on: dates.appraisalDate },
        moves: milestones.map(({ status, on }) => ({ status, on })),
      };
    }
    const [first, ...rest] = milestones;
    if (!first) return { ok: true, baseline: { status: 'pending', on: importDay }, moves: [] };
    return { ok: true, baseline: { status: first.status, on: first.on }, moves: rest.map(({ status, on }) => ({ status, on })) };
  }

  const reachedIndex = ORDER.indexOf(stored.status);
  const moves: DatedStatus[] = [];
  for (const milestone of milestones) {
    if (ORDER.indexOf(milestone.status) <= reachedIndex) {
      const recorded = stored.reachedOn[milestone.status];
      if (recorded !== undefined && recorded !== milestone.on) {
        return { ok: false, problem: { code: 'milestone_differs', column: milestone.column, date: milestone.on, recorded } };
      }
      continue;
    }
    if (stored.lastChangeOn !== null && milestone.on < stored.lastChangeOn) {
      return {
        ok: false,
        problem: { code: 'before_last_change', column: milestone.column, date: milestone.on, lastChangeOn: stored.lastChangeOn },
      };
    }
    moves.push({ status: milestone.status, on: milestone.on });
  }
  return { ok: true, baseline: null, moves };
}

/** Not after today, in the order of the work, and no acceptance without a completion. */
function checkDates(dates: RowDates, today: string): RowHistoryProblem | null {
  const sequence: RowDateColumn[] = ['appraisalDate', 'startedOn', 'completedOn', 'acceptedOn'];
  for (const column of sequence) {
    const date = dates[column];
    if (date !== null && date > today) return { code: 'date_in_future', column, date, today };
  }
  if (dates.acceptedOn !== null && dates.completedOn === null) return { code: 'accepted_without_completion', column: 'acceptedOn' };
  let earlier: { column: RowDateColumn; date: string } | null = null;
  for (const column of sequence) {
    const date = dates[column];
    if (date === null) continue;
    if (earlier && date < earlier.date) {
      return { code: 'dates_out_of_order', column, date, earlierColumn: earlier.column, earlierDate: earlier.date };
    }
    earlier = { column, date };
  }
  return null;
}
