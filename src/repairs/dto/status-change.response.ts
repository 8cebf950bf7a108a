import { ApiProperty } from '@nestjs/swagger';
import { parseInspection, POST_REPAIR_GRADES, type InspectionRecord } from '../inspection.js';
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
  @ApiProperty({
    type: () => InspectionRecordResponse,
    nullable: true,
    description: 'The acceptance record of an inspector’s verdict; null for other moves',
  })
  inspection: InspectionRecord | null;
}

export class InspectionRecordResponse implements InspectionRecord {
  @ApiProperty({ description: 'Whether the house passed (验收合格)' }) passed: boolean;
  @ApiProperty({ enum: POST_REPAIR_GRADES, nullable: true, description: '验收后等级' }) newGrade: InspectionRecord['newGrade'];
  @ApiProperty({ type: Boolean, nullable: true, description: '户主意见: true 同意, false 不同意' }) ownerAgrees: boolean | null;
  @ApiProperty({ type: String, nullable: true, description: '验收方式' }) method: string | null;
  @ApiProperty({ type: String, nullable: true }) remarks: string | null;
  @ApiProperty({ type: [Number], description: 'The 修缮后 and 验收 photos the verdict relied on' }) photoIds: number[];
}

export function toStatusChangeResponse(change: StatusChange): StatusChangeResponse {
  return {
    from: change.fromStatus,
    to: change.toStatus,
    occurredOn: toCalendarDate(change.occurredOn),
    recordedAt: change.recordedAt.toISOString(),
    actor: change.actor,
    note: change.note,
    inspection: parseInspection(change.inspection),
  };
}
