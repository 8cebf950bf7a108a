import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.decorator.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { CreateReportRemarkDto, ReportRemarkResponse } from './dto/report-remark.dto.js';
import { ReportRemarksService } from './report-remarks.service.js';

@ApiTags('reports')
@Controller('villages/:id/remarks')
export class ReportRemarksController {
  constructor(private readonly remarks: ReportRemarksService) {}

  @Get()
  @ApiOkResponse({ type: [ReportRemarkResponse] })
  @ApiNotFoundResponse()
  list(@Param('id', ParseIdPipe) id: number): Promise<ReportRemarkResponse[]> {
    return this.remarks.list(id);
  }

  @Post()
  @ApiCreatedResponse({ type: ReportRemarkResponse })
  @ApiConflictResponse({ description: 'The village already has this remark for the grade' })
  add(@Param('id', ParseIdPipe) id: number, @Body() dto: CreateReportRemarkDto, @Actor() actor: string): Promise<ReportRemarkResponse> {
    return this.remarks.add(id, dto, actor);
  }
}
