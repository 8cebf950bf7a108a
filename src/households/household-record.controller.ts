import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { attachment } from '../common/content-disposition.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { HouseholdRecordService, RECORD_PERSONAL_DATA, type RecordPersonalData } from './household-record.service.js';

export class HouseholdRecordQueryDto {
  @ApiPropertyOptional({ enum: ['pdf'], default: 'pdf' })
  @IsOptional()
  @IsIn(['pdf'])
  format = 'pdf' as const;

  @ApiPropertyOptional({
    enum: RECORD_PERSONAL_DATA,
    default: 'masked',
    description:
      'ID-card and phone numbers are masked on the page for every role; admin and staff may ask for them in full (each such download is logged)',
  })
  @IsOptional()
  @IsIn(RECORD_PERSONAL_DATA)
  personalData: RecordPersonalData = 'masked';
}

@ApiTags('households')
@Controller('households/:id/record')
export class HouseholdRecordController {
  constructor(private readonly records: HouseholdRecordService) {}

  @Get()
  @ApiOperation({ summary: '住户档案（PDF）' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description:
      'An A4 PDF of the household: appraisal, every status change and edit, report remarks and photos; ID-card and phone numbers masked unless personalData=full',
  })
  @ApiNotFoundResponse({ description: 'Unknown, or outside your scope' })
  @ApiForbiddenResponse({ description: 'personalData=full from a role that may not see the numbers' })
  async download(
    @Param('id', ParseIdPipe) id: number,
    @Query() query: HouseholdRecordQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<StreamableFile> {
    const file = await this.records.pdf(id, user, query.personalData);
    return new StreamableFile(file.content, {
      type: 'application/pdf',
      disposition: attachment(file.fileName, `household-${id}-record.pdf`),
      length: file.content.length,
    });
  }
}
