import { ApiProperty } from '@nestjs/swagger';
import { toCalendarDate } from '../../database/sql-values.js';
import type { StatusChange } from '../entities/status-change.entity.js';
import { REPAIR_STATUSES, type RepairStatus } from '../repair-status.js';

export class StatusChangeResponse {
  @ApiProperty({ enum: REPAIR_STATUSES, nullable: true, description: 'null for the first recorded status' })
  from: RepairStatus | null;
  @ApiProperty({ enum: REPAIR_STATUSES }) to: RepairStatus;
  @ApiProperty({ example: '2021-12-23' }) occurredOn: string;
  @ApiProperty({ example: '2021-12-23T08:00:00.000Z' }) recordedAt: string;
  @ApiProperty() actor: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export function toStatusChangeResponse(change: StatusChange): StatusChangeResponse {
  return {
    from: change.fromStatus,
    to: change.toStatus,
    occurredOn: toCalendarDate(change.occurredOn),
    recordedAt: change.recordedAt.toISOString(),
    actor: change.actor,
    note: change.note,
  };
}
