import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ProgressQueryDto } from './dto/progress-query.dto.js';
import { ProgressReportResponse } from './dto/progress-report.response.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('progress')
  @ApiOkResponse({ type: ProgressReportResponse })
  @ApiBadRequestResponse({ description: 'asOf is not a date, or is in the future' })
  progress(@Query() query: ProgressQueryDto): Promise<ProgressReportResponse> {
    return this.reports.progress(query.asOf, query.groupBy);
  }
}
