import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../../common/is-calendar-date.decorator.js';
import { MAX_ID } from '../../common/parse-id.pipe.js';
import { REPAIR_STATUSES, type RepairStatus } from '../repair-status.js';
import { IsReadableText } from '../../common/readable-text.decorator.js';
import { POST_REPAIR_GRADES, type PostRepairGrade } from '../inspection.js';

/** The acceptance record (验收记录) of an inspector's verdict on a completed house. */
export class InspectionDto {
  @ApiPropertyOptional({
    enum: POST_REPAIR_GRADES,
    description: 'The grade the repaired house now merits (验收后等级); required when accepted',
  })
  @IsOptional()
  @IsIn(POST_REPAIR_GRADES)
  newGrade?: PostRepairGrade;

  @ApiPropertyOptional({ description: 'Whether the owner agrees with the verdict (户主意见 同意/不同意); required when accepted' })
  @IsOptional()
  @IsBoolean()
  ownerAgrees?: boolean;

  @ApiPropertyOptional({ maxLength: 100, description: 'How it was inspected (验收方式), e.g. 现场查看' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsReadableText()
  method?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'The inspector’s remarks' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsReadableText({ multiline: true })
  remarks?: string;
}

/** The fields of one status move, in a single request and in a batch item alike. */
export class MoveFieldsDto {
  @ApiProperty({ enum: REPAIR_STATUSES, description: 'The status to move to' })
  @IsIn(REPAIR_STATUSES)
  to: RepairStatus;

  @ApiProperty({ example: '2021-12-23', description: 'County date the work happened; never in the future' })
  @IsCalendarDate()
  occurredOn: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Required for a failed acceptance and for pending → completed' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsReadableText({ multiline: true })
  note?: string;

  @ApiProperty({ example: 1, description: 'The household version the move is based on' })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  version: number;

  @ApiPropertyOptional({
    type: InspectionDto,
    description: 'The acceptance record, on a verdict on a completed house (completed → accepted or → in_progress)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => InspectionDto)
  inspection?: InspectionDto;
}

export class TransitionDto extends MoveFieldsDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'A UUID the client makes for this move: a retry with the same clientId answers the first answer and records nothing more (kept 30 days)',
  })
  @IsOptional()
  @IsUUID('all', { context: { code: 'not_a_uuid' } })
  clientId?: string;
}
