import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { attachment } from '../common/content-disposition.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { HouseholdRecordService } from './household-record.service.js';

export class HouseholdRecordQueryDto {
  @ApiPropertyOptional({ enum: ['pdf'], default: 'pdf' })
  @IsOptional()
  @IsIn(['pdf'])
  format: 'pdf' = 'pdf';
}

@ApiTags('households')
@ApiBearerAuth()
@Controller('households/:id/record')
export class HouseholdRecordController {
  constructor(private readonly records: HouseholdRecordService) {}

  @Get()
  @ApiProduces('application/pdf')
  @ApiNotFoundResponse({ description: 'Unknown, or outside your scope' })
  async download(@Param('id', ParseIdPipe) id: number, @Query() _query: HouseholdRecordQueryDto, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const file = await this.records.pdf(id, user);
    return new StreamableFile(file.content, {
      type: 'application/pdf',
      disposition: attachment(file.fileName, `household-${id}-record.pdf`),
      length: file.content.length,
    });
  }
}
