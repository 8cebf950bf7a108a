import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../../common/is-calendar-date.decorator.js';
import { REGION_LEVELS, type RegionLevel } from '../../../regions/region-level.js';
import type { PeriodKind } from '../period-report.types.js';

export const PERIOD_FORMATS = ['json', 'csv', 'xlsx', 'pdf', 'png', 'svg', 'text'] as const;
export type PeriodFormat = (typeof PERIOD_FORMATS)[number];

export class PeriodQueryDto {
  @ApiPropertyOptional({ enum: ['day', 'week'], default: 'week' })
  @IsOptional()
  @IsIn(['day', 'week'])
  period: PeriodKind = 'week';

  @ApiPropertyOptional({ example: '2021-12-23', description: 'Any day of the period; defaults to today' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional({ enum: REGION_LEVELS, default: 'village' })
  @IsOptional()
  @IsIn(REGION_LEVELS)
  groupBy: RegionLevel = 'village';

  @ApiPropertyOptional({ enum: PERIOD_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(PERIOD_FORMATS)
  format: PeriodFormat = 'json';
}
