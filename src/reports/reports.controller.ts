import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { ProgressQueryDto } from './dto/progress-query.dto.js';
import { ProgressReportResponse } from './dto/progress-report.response.js';
import { replyWithJsonBody } from './json-body-reply.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('progress')
  @ApiOperation({ summary: '某一天的进度：完工率与验收率' })
  @ApiOkResponse({
    type: ProgressReportResponse,
    description:
      'Sent brotli- or gzip-compressed when the request accepts it and the body is over 1 KB, with an ETag that changes exactly when a figure does',
    headers: { ETag: { description: 'A weak tag of the report body; send it back as If-None-Match', schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 304, description: 'If-None-Match named the current report: nothing moved since (no body)' })
  @ApiBadRequestResponse({ description: 'asOf is not a date, or is in the future' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of a report fetched before' })
  async progress(
    @Query() query: ProgressQueryDto,
    @CurrentUser() user: AuthUser,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Buffer> {
    const body = await this.reports.progressJson(query.asOf, query.groupBy, user);
    return replyWithJsonBody(body, { acceptEncoding, ifNoneMatch }, reply);
  }
}
