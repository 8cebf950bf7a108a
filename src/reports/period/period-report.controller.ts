import { Controller, Get, Headers, Logger, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../../auth/auth-user.js';
import { CurrentUser } from '../../auth/current-user.decorator.js';
import { Clock } from '../../common/clock.js';
import { attachment } from '../../common/content-disposition.js';
import { exportPeriodReport, isRenderedFormat } from '../../exports/period-report-export.js';
import { RenderPool } from '../../exports/render-pool.js';
import { periodTextGroupBy } from '../../exports/text/period-text.js';
import { RegionsService } from '../../regions/regions.service.js';
import { PeriodQueryDto } from './dto/period-query.dto.js';
import { PeriodReportResponse } from './dto/period-report.response.js';
import { replyWithJsonBody } from '../json-body-reply.js';
import { PeriodReportService } from './period-report.service.js';

@ApiTags('reports')
@Controller('reports/period')
export class PeriodReportController {
  private readonly logger = new Logger(PeriodReportController.name);

  constructor(
    private readonly reports: PeriodReportService,
    private readonly clock: Clock,
    private readonly renders: RenderPool,
    private readonly regions: RegionsService,
  ) {}

  @Get()
  @ApiOperation({ summary: '日报或周报（JSON、XLSX、CSV、PDF、图表、微信文字）' })
  @ApiOkResponse({
    type: PeriodReportResponse,
    description:
      'format=json (with an ETag that changes when a figure does; brotli or gzip when accepted); format=text is the WeChat message (text/plain, shown in place); the other formats download a file with the same numbers',
    headers: {
      ETag: { description: 'format=json: a weak tag of the report body; send it back as If-None-Match', schema: { type: 'string' } },
    },
  })
  @ApiResponse({ status: 304, description: 'format=json and If-None-Match named the current report: nothing moved since (no body)' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'format=json: the ETag of a report fetched before' })
  @ApiProduces(
    'application/json',
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/pdf',
    'image/png',
    'image/svg+xml',
    'text/plain',
  )
  @ApiBadRequestResponse({ description: 'A date in the future, or a bad period, groupBy or format' })
  @ApiServiceUnavailableResponse({
    description: 'Too many exports running or waiting, in all or for this user: `code` exports_busy, try again after Retry-After seconds',
  })
  async get(
    @Query() query: PeriodQueryDto,
    @CurrentUser() user: AuthUser,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Buffer | StreamableFile> {
    // A file the render pool would turn away is turned away before its report is built.
    if (isRenderedFormat(query.format)) this.renders.checkRoom(user, `the period report as ${query.format}`);
    // The WeChat text of a province lists its counties (periodTextGroupBy).
    const groupBy =
      query.format === 'text'
        ? periodTextGroupBy(query.groupBy, (await this.regions.visibleTree(user)).atLevel('county').length)
        : query.groupBy;
    const request = { kind: query.period, date: query.date ?? this.clock.today(), groupBy };
    if (query.format === 'json') return replyWithJsonBody(await this.reports.json(request, user), { acceptEncoding, ifNoneMatch }, reply);
    const report = await this.reports.build(request, user);
    const file = await exportPeriodReport(report, query.format, (r, format) => this.renders.periodReport(r, format, user));
    this.logger.log(
      { format: query.format, period: report.period.start, kind: report.period.kind, bytes: file.content.length, userId: user.id },
      'period report exported',
    );
    return new StreamableFile(file.content, {
      type: file.contentType,
      disposition: file.inline ? undefined : attachment(file.fileName, file.asciiFileName),
      length: file.content.length,
    });
  }
}
