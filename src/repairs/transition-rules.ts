import type { AuthUser } from '../auth/auth-user.js';
import { isInspectionVerdict, mayRecordMove } from '../auth/permissions.js';
import type { Household } from '../households/entities/household.entity.js';
import { StaleVersionException } from '../households/household.exceptions.js';
import { MoveNotPermittedException, TransitionNotAllowedException } from './repair.exceptions.js';
import { invalidField } from '../common/errors.js';
import type { InspectionInput } from './inspection.js';
import type { RepairStatus } from './repair-status.js';
import { checkOccurredOn, checkTransition } from './repair-workflow.js';

/**
 * The checks a transition passes before anything is written, in the order they answer:
 * 409 stale version, 422 a move the workflow forbids, 403 a move the role may not record,
 * 403 an inspector judging their own completion, 400 a date before the last change. Both
 * write paths (TypeORM, and SQLite's prepared statements) call these; they decide nothing else.
 */
export interface Move {
  to: RepairStatus;
  occurredOn: string;
  version: number;
  note: string | null;
  /** The client-made id of the request: a retry with it answers the first answer and records nothing. */
  clientId?: string | null;
  /** The acceptance record, on an inspector's verdict (inspection.ts). */
  inspection?: InspectionInput | null;
}

type Current = Pick<Household, 'id' | 'grade' | 'status' | 'version'>;

/** When the move is recorded: the county's today and the instant. */
export interface MoveContext {
  today: string;
  now: Date;
  /** The county requires a photo of the finished house for an acceptance (ACCEPTANCE_PHOTO_REQUIRED). */
  acceptancePhotoRequired?: boolean;
}

/**
 * A write path's answer: the household as it was and as it is now; or, for a retry of a move
 * already recorded with its clientId, the household as that move left it (nothing written).
 */
export type MoveResult = { duplicate: false; before: Household; after: Household } | { duplicate: true; after: Household };

export function assertMoveAllowed(current: Current, move: Move, user: Pick<AuthUser, 'role'>): void {
  if (current.version !== move.version) throw new StaleVersionException(current.id, move.version, current.version);
  const verdict = checkTransition({ grade: current.grade, from: current.status, to: move.to, note: move.note });
  if (!verdict.allowed) throw TransitionNotAllowedException.because(verdict.reason);
  if (!mayRecordMove(user.role, current.status, move.to)) throw MoveNotPermittedException.forRole(user.role, current.status, move.to);
}

/** Whether the move is an inspector's verdict, which needs who recorded the completion. */
export function needsCompletionRecorder(current: Current, move: Move, user: Pick<AuthUser, 'role'>): boolean {
  return user.role === 'inspector' && isInspectionVerdict(current.status, move.to);
}

export function assertNotOwnCompletion(completionRecordedBy: number | null, user: Pick<AuthUser, 'id'>): void {
  if (completionRecordedBy === user.id) throw MoveNotPermittedException.ownCompletion();
}

/** The household after `move` was written: what both write paths answer without reading it back. */
export function movedHousehold(before: Household, move: Move, now: Date): Household {
  return { ...before, status: move.to, lastChangeOn: move.occurredOn, version: before.version + 1, updatedAt: now };
}

export function assertOccurredOn(move: Move, today: string, lastChangeOn: string | null): void {
  const problem = checkOccurredOn(move.occurredOn, today, lastChangeOn);
  if (problem) throw invalidField('occurredOn', problem);
}
