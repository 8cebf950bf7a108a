import { mayRecordMove } from '../../../auth/permissions.js';
import { nextStatuses } from '../../../repairs/repair-workflow.js';
import { REPAIR_STATUSES } from '../../../repairs/repair-status.js';
import type { BatchOutcome, DamageGrade, RepairStatus, Role } from '../api-types.js';
import { movesFor, needsNote } from '../moves.js';

/**
 * The ledger's batch move, pure (no DOM): who may make one, which target statuses the selected
 * households allow, which of them can make the chosen move (the rest are skipped and listed),
 * how the selection is fetched and sent in pieces, and the outcome of each household. The rules
 * are the household page's own (moves.ts); the server still judges every move.
 */

/** What the batch needs to know of a household: as the ledger listed it. */
export interface Selected {
  id: number;
  householder: string;
  grade: DamageGrade;
  status: RepairStatus;
  version: number;
}

/** "Select every household the filter matches" fetches at most this many. */
export const SELECTION_CAP = 2000;
/** The ledger's largest page, used to fetch the selection. */
export const FETCH_PAGE_SIZE = 500;

/** Roles that record some move see the checkboxes (supervisors read only). */
export function mayMoveAny(role: Role): boolean {
  return REPAIR_STATUSES.some((from) => REPAIR_STATUSES.some((to) => mayRecordMove(role, from, to)));
}

/** How many pages of `pageSize` hold `total` households. */
export function pageCount(total: number, pageSize = FETCH_PAGE_SIZE): number {
  return Math.max(0, Math.ceil(total / pageSize));
}

/** The statuses at least one selected household can move to with this role, in workflow order. */
export function batchTargets(role: Role, households: readonly Selected[]): RepairStatus[] {
  const reachable = new Set(households.flatMap((h) => movesFor(role, h.grade, h.status)));
  return REPAIR_STATUSES.filter((s) => reachable.has(s));
}

/** Why a household is left out of the move: the workflow has no such move for it, or the role may not record it. */
export type SkipReason = 'workflow' | 'role';

export interface BatchPlan<T extends Selected> {
  /** The households the move is sent for. */
  eligible: T[];
  /** The others, with why. */
  skipped: { household: T; reason: SkipReason }[];
  /** Whether any eligible household needs a note for it (a late entry of finished work). */
  needsNote: boolean;
}

export function planBatch<T extends Selected>(role: Role, households: readonly T[], to: RepairStatus): BatchPlan<T> {
  const plan: BatchPlan<T> = { eligible: [], skipped: [], needsNote: false };
  for (const household of households) {
    if (!nextStatuses(household.grade, household.status).includes(to)) plan.skipped.push({ household, reason: 'workflow' });
    else if (!mayRecordMove(role, household.status, to)) plan.skipped.push({ household, reason: 'role' });
    else {
      plan.eligible.push(household);
      if (needsNote(household.grade, household.status, to)) plan.needsNote = true;
    }
  }
  return plan;
}

/** `items` in pieces of at most `size`, in order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size ${size}`);
  const pieces: T[][] = [];
  for (let i = 0; i < items.length; i += size) pieces.push(items.slice(i, i + size));
  return pieces;
}

/** How one household of the batch ended: the server's outcome, queued to sync later, or skipped before sending. */
export type RowOutcome = BatchOutcome | 'queued' | 'skipped';

/** The outcomes in the order the result table and its counts list them. */
export const ROW_OUTCOMES: readonly RowOutcome[] = [
  'applied',
  'duplicate',
  'queued',
  'conflict',
  'refused',
  'not_found',
  'invalid',
  'skipped',
];

/** How many households ended each way; only the outcomes that occurred, in ROW_OUTCOMES order. */
export function countRows(rows: readonly { outcome: RowOutcome }[]): [RowOutcome, number][] {
  const counts = new Map<RowOutcome, number>();
  for (const row of rows) counts.set(row.outcome, (counts.get(row.outcome) ?? 0) + 1);
  return ROW_OUTCOMES.filter((o) => counts.has(o)).map((o) => [o, counts.get(o) ?? 0]);
}
