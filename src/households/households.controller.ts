import { Body, Controller, Get, Param, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { attachment } from '../common/content-disposition.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { CreateHouseholdDto } from './dto/create-household.dto.js';
import { HouseholdQueryDto } from './dto/household-query.dto.js';
import { LedgerExportQueryDto } from './dto/ledger-export-query.dto.js';
import { HouseholdEditResponse, HouseholdPageResponse, HouseholdResponse } from './dto/household.response.js';
import { UpdateHouseholdDto } from './dto/update-household.dto.js';
import { HouseholdsService } from './households.service.js';
import { LedgerExportService } from './ledger-export.service.js';

@ApiTags('households')
@Controller('households')
export class HouseholdsController {
  constructor(
    private readonly households: HouseholdsService,
    private readonly ledger: LedgerExportService,
  ) {}

  @Get()
  @ApiOperation({ summary: '查询住户（按村、等级、状态、户主姓名，分页）' })
  @ApiOkResponse({ type: HouseholdPageResponse, description: 'Households within your scope' })
  list(@Query() query: HouseholdQueryDto, @CurrentUser() user: AuthUser): Promise<HouseholdPageResponse> {
    return this.households.list(query, user);
  }

  // Before ':id', which would otherwise take "export" for an id.
  @Get('export')
  @ApiOperation({ summary: '导出住户台账（XLSX 或 CSV）' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({
    description:
      "The household ledger (住户台账) of your scope, or of one village, in the import template's layout: importing it again changes nothing. ID-card and phone numbers as your role sees them; placeholders left out",
  })
  @ApiNotFoundResponse({ description: 'villageId unknown, or outside your scope' })
  @ApiServiceUnavailableResponse({ description: 'XLSX: the render threads are busy (exports_busy, with Retry-After)' })
  async export(@Query() query: LedgerExportQueryDto, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const file = await this.ledger.export(query.format, query.villageId, user);
    return new StreamableFile(file.content, {
      type: file.contentType,
      disposition: attachment(file.fileName, file.asciiFileName),
      length: file.content.length,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: '查看一户' })
  @ApiOkResponse({ type: HouseholdResponse })
  @ApiNotFoundResponse({ description: 'Unknown, or outside your scope' })
  get(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: AuthUser): Promise<HouseholdResponse> {
    return this.households.get(id, user);
  }

  @Post()
  @ApiOperation({ summary: '新增一户' })
  @Roles('admin', 'staff')
  @ApiCreatedResponse({ type: HouseholdResponse })
  create(@Body() dto: CreateHouseholdDto, @CurrentUser() user: AuthUser): Promise<HouseholdResponse> {
    return this.households.create(dto, user);
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改住户信息（须带 version）' })
  @Roles('admin', 'staff')
  @ApiOkResponse({ type: HouseholdResponse })
  @ApiConflictResponse({ description: '`version` is not the current one; nothing was written' })
  update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateHouseholdDto, @CurrentUser() user: AuthUser): Promise<HouseholdResponse> {
    return this.households.update(id, dto, user);
  }

  @Get(':id/edits')
  @ApiOperation({ summary: '住户信息的修改记录' })
  @ApiOkResponse({ type: [HouseholdEditResponse], description: 'Every change to fields other than the status, oldest first' })
  edits(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: AuthUser): Promise<HouseholdEditResponse[]> {
    return this.households.listEdits(id, user);
  }
}
