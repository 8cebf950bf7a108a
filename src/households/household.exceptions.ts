import { ConflictException, NotFoundException } from '@nestjs/common';
import { problem } from '../common/messages/problem.js';

/** Unknown, or outside the user's scope: the same answer either way (`not_in_scope`), so ids cannot be probed. */
export class HouseholdNotFoundException extends NotFoundException {
  constructor(id: number) {
    super(problem('not_in_scope', { kind: 'household', id }));
  }
}

/** Someone changed the household after the caller read it: nothing was written (`stale_version`). */
export class StaleVersionException extends ConflictException {
  constructor(id: number, sent: number, current: number) {
    super(problem('stale_version', { id, sent, current }));
  }
}
