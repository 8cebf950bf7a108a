import { Controller, Get, Header, Headers, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
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
  @ApiOkResponse({
    type: ProgressReportResponse,
    description: 'Sent brotli- or gzip-compressed when the request accepts it and the body is over 1 KB',
  })
  @ApiBadRequestResponse({ description: 'asOf is not a date, or is in the future' })
  @Header('Content-Type', 'application/json; charset=utf-8')
  @Header('Vary', 'Accept-Encoding')
  async progress(
    @Query() query: ProgressQueryDto,
    @CurrentUser() user: AuthUser,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Buffer> {
    // The cached body's compressed bytes, made once; the compression plugin passes them through.
    const body = await this.reports.progressJson(query.asOf, query.groupBy, user);
    const { bytes, encoding } = await body.encodedFor(acceptEncoding);
    if (encoding) reply.header('Content-Encoding', encoding);
    return bytes;
  }
}
