import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { attachment } from '../common/content-disposition.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { AcceptanceFormService } from './acceptance-form.service.js';

export class AcceptanceFormQueryDto {
  @ApiPropertyOptional({ enum: ['pdf'], default: 'pdf' })
  @IsOptional()
  @IsIn(['pdf'])
  format = 'pdf' as const;
}

@ApiTags('households')
@Controller('households/:id/acceptance-form')
export class AcceptanceFormController {
  constructor(private readonly forms: AcceptanceFormService) {}

  @Get()
  @ApiOperation({
    summary: '验收表（PDF，打印后签字）',
    description:
      'Household, appraisal, repair dates, the verdict as recorded (result, new grade, method, inspector, the owner’s opinion, remarks, why it failed), earlier failed inspections, photos of the finished house, lines to sign; blank where nothing is recorded yet. Numbers masked.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'An A4 PDF' })
  @ApiNotFoundResponse({ description: 'Unknown, or outside your scope' })
  async download(
    @Param('id', ParseIdPipe) id: number,
    @Query() _query: AcceptanceFormQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<StreamableFile> {
    const file = await this.forms.pdf(id, user);
    return new StreamableFile(file.content, {
      type: 'application/pdf',
      disposition: attachment(file.fileName, `household-${id}-acceptance-form.pdf`),
      length: file.content.length,
    });
  }
}
