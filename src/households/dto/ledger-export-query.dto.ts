import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DecimalInteger, MAX_ID } from '../../common/parse-id.pipe.js';
import type { LedgerExportFormat } from '../ledger-export.js';

export const LEDGER_EXPORT_FORMATS = ['xlsx', 'csv'] as const satisfies readonly LedgerExportFormat[];

export class LedgerExportQueryDto {
  @ApiPropertyOptional({ enum: LEDGER_EXPORT_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(LEDGER_EXPORT_FORMATS)
  format: LedgerExportFormat = 'xlsx';

  @ApiPropertyOptional({ description: 'One village of your scope; without it, every village in your scope' })
  @IsOptional()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  villageId?: number;
}
