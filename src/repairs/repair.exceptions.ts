import { ForbiddenException, UnprocessableEntityException } from '@nestjs/common';

/** The workflow does not allow the move; the message names both statuses and why. */
export class TransitionNotAllowedException extends UnprocessableEntityException {
  constructor(reason: string) {
    super(reason);
  }
}

/** The workflow allows the move but the user's role may not record it. */
export class MoveNotPermittedException extends ForbiddenException {}
