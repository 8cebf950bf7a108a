import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { TemplateFormat } from '../import-template.js';

export const TEMPLATE_FORMATS = ['xlsx', 'csv'] as const satisfies readonly TemplateFormat[];

export class ImportTemplateQueryDto {
  @ApiPropertyOptional({ enum: TEMPLATE_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(TEMPLATE_FORMATS)
  format: TemplateFormat = 'xlsx';
}
