import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { ProgressQueryDto } from './dto/progress-query.dto.js';
import { ProgressReportResponse } from './dto/progress-report.response.js';

import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('progress')
  @ApiOkResponse({ type: ProgressReportResponse })
  @ApiBadRequestResponse({ description: 'asOf is not a date, or is in the future' })
  @Header('Content-Type', 'application/json; charset=utf-8')
  progress(@Query() query: ProgressQueryDto, @CurrentUser() user: AuthUser): Promise<string> {
    return this.reports.progressJson(query.asOf, query.groupBy, user);
  }
}
