import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/is-calendar-date.decorator.js';
import { MAX_ID } from '../../common/parse-id.pipe.js';
import { REPAIR_STATUSES, type RepairStatus } from '../repair-status.js';
import { IsReadableText } from '../../common/readable-text.decorator.js';

export class TransitionDto {
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
}
