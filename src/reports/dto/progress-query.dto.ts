import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../common/is-calendar-date.decorator.js';
import { REGION_LEVELS, type RegionLevel } from '../../regions/region-level.js';

export class ProgressQueryDto {
  @ApiPropertyOptional({
    example: '2021-12-23',
    description: 'Count every household by its status at the end of this day; defaults to today',
  })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({ enum: REGION_LEVELS, default: 'village' })
  @IsOptional()
  @IsIn(REGION_LEVELS)
  groupBy: RegionLevel = 'village';
}
