import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { CreateReportRemarkDto, ReportRemarkResponse } from './dto/report-remark.dto.js';
import { ReportRemarksService } from './report-remarks.service.js';

@ApiTags('reports')
@Controller('villages/:id/remarks')
export class ReportRemarksController {
  constructor(private readonly remarks: ReportRemarksService) {}

  @Get()
  @ApiOperation({ summary: '村的报表备注' })
  @ApiOkResponse({ type: [ReportRemarkResponse] })
  @ApiNotFoundResponse()
  list(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: AuthUser): Promise<ReportRemarkResponse[]> {
    return this.remarks.list(id, user);
  }

  @Post()
  @ApiOperation({ summary: '添加报表备注' })
  @Roles('admin', 'staff')
  @ApiCreatedResponse({ type: ReportRemarkResponse })
  @ApiConflictResponse({ description: 'The village already has this remark for the grade' })
  add(
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: CreateReportRemarkDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ReportRemarkResponse> {
    return this.remarks.add(id, dto, user);
  }
}
