import { toCalendarDate } from '../database/sql-values.js';
import type { Household } from '../households/entities/household.entity.js';
import type { RecordedMove } from './write-steps.js';

/**
 * How a move's clientId record is kept: the household after the move without its personal data
 * (a retry reads those from the household as it is), as JSON; the same on both databases.
 */

/** How long a clientId is remembered: long enough for a phone that was offline for weeks. */
export const RECORDED_REQUEST_DAYS = 30;

export function recordedHousehold(household: Household): RecordedMove['household'] {
  const { idCardNumber: _idCardNumber, phone: _phone, ...kept } = household;
  return kept;
}

export function householdToJson(household: RecordedMove['household']): string {
  return JSON.stringify(household);
}

export function householdFromJson(json: string): RecordedMove['household'] {
  const parsed = JSON.parse(json) as RecordedMove['household'] & { createdAt: string; updatedAt: string };
  return { ...parsed, createdAt: new Date(parsed.createdAt), updatedAt: new Date(parsed.updatedAt) };
}

/** A recorded_requests row (snake_case columns, either driver) as the write model reads it. */
export function recordedMoveFromRow(row: Record<string, unknown>): RecordedMove {
  return {
    clientId: String(row.client_id),
    userId: Number(row.user_id),
    householdId: Number(row.household_id),
    toStatus: row.to_status as RecordedMove['toStatus'],
    occurredOn: toCalendarDate(row.occurred_on),
    household: householdFromJson(String(row.household)),
  };
}
