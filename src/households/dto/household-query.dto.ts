import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DecimalInteger, MAX_ID } from '../../common/parse-id.pipe.js';
import { REPAIR_STATUSES, type RepairStatus } from '../../repairs/repair-status.js';
import { DAMAGE_GRADES, type DamageGrade } from '../damage-grade.js';

export const MAX_PAGE_SIZE = 500;

export class HouseholdQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  villageId?: number;

  @ApiPropertyOptional({ enum: DAMAGE_GRADES })
  @IsOptional()
  @IsIn(DAMAGE_GRADES)
  grade?: DamageGrade;

  @ApiPropertyOptional({ enum: REPAIR_STATUSES })
  @IsOptional()
  @IsIn(REPAIR_STATUSES)
  status?: RepairStatus;

  @ApiPropertyOptional({ description: 'Part of the householder name or the address' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  q?: string;

  @ApiPropertyOptional({ description: 'true for placeholder records only, false for real ones only' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  placeholder?: boolean;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 50;
}
