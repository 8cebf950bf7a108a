import { UnprocessableEntityException } from '@nestjs/common';

/** The workflow does not allow the move; the message names both statuses and why. */
export class TransitionNotAllowedException extends UnprocessableEntityException {
  constructor(reason: string) {
    super(reason);
  }
}
