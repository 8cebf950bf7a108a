import { ConflictException, ForbiddenException, UnprocessableEntityException } from '@nestjs/common';
import { type Problem } from '../common/messages/catalogue.js';
import { problem } from '../common/messages/problem.js';
import type { Role } from '../users/roles.js';
import type { RepairStatus } from './repair-status.js';

/** The workflow does not allow the move (`move_not_allowed`, or `note_required` without its note). */
export class TransitionNotAllowedException extends UnprocessableEntityException {
  /** The workflow's reason (repair-workflow.ts, checkTransition). */
  static because(reason: Problem<'move_not_allowed' | 'note_required'>): TransitionNotAllowedException {
    return new TransitionNotAllowedException(reason);
  }

  private constructor(reason: Problem<'move_not_allowed' | 'note_required'>) {
    super(reason);
  }
}

/** The workflow allows the move but the user may not record it (403). */
export class MoveNotPermittedException extends ForbiddenException {
  /** The user's role may not record this move. */
  static forRole(role: Role, from: RepairStatus, to: RepairStatus): MoveNotPermittedException {
    return new MoveNotPermittedException(problem('role_may_not_move', { role, from, to }));
  }

  /** An inspector judging the completion they recorded themselves. */
  static ownCompletion(): MoveNotPermittedException {
    return new MoveNotPermittedException(problem('own_completion'));
  }

  /** A new household entered as accepted by a role that does not record acceptances. */
  static enteredAsAccepted(role: Role): MoveNotPermittedException {
    return new MoveNotPermittedException(problem('role_may_not_enter_accepted', { role }));
  }

  private constructor(reason: Problem<'role_may_not_move' | 'own_completion' | 'role_may_not_enter_accepted'>) {
    super(reason);
  }
}

/** The county requires a photo of the finished house before an acceptance (ACCEPTANCE_PHOTO_REQUIRED). */
export class AcceptancePhotoRequiredException extends UnprocessableEntityException {
  constructor(householdId: number) {
    super(problem('acceptance_photo_required', { id: householdId }));
  }
}

/** A clientId already recorded for a different move (another household, status, date or user). */
export class ClientIdReusedException extends ConflictException {
  constructor(clientId: string) {
    super(problem('client_id_reused', { clientId }));
  }
}
