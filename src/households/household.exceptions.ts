import { ConflictException, NotFoundException } from '@nestjs/common';

export class HouseholdNotFoundException extends NotFoundException {
  constructor(id: number) {
    super(`Household ${id} not found`);
  }
}

/** Someone changed the household after the caller read it: nothing was written. */
export class StaleVersionException extends ConflictException {
  constructor(id: number, sent: number, current: number) {
    super(
      `Household ${id} is at version ${current}, not ${sent}: someone changed it first. Nothing was written; reload it and try again.`,
    );
  }
}
