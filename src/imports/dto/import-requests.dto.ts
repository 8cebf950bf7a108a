import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

export class CommitImportDto {
  @ApiPropertyOptional({
    description: 'Commit the valid rows and leave the invalid ones out (by default any invalid row refuses the commit)',
  })
  @IsOptional()
  @IsBoolean()
  skipInvalid?: boolean;
}

export const ERRORS_FILE_FORMATS = ['xlsx', 'csv'] as const;

export class ImportErrorsQueryDto {
  @ApiPropertyOptional({ enum: ERRORS_FILE_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(ERRORS_FILE_FORMATS)
  format: (typeof ERRORS_FILE_FORMATS)[number] = 'xlsx';
}
