import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { attachment } from '../common/content-disposition.js';
import { ImportTemplateQueryDto } from './dto/import-template-query.dto.js';
import { ImportTemplateService } from './import-template.service.js';

/** Ledger import (台账导入): the roles that enter households, as POST /api/households. */
@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(private readonly templates: ImportTemplateService) {}

  @Get('template')
  @Roles('admin', 'staff')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({
    description:
      'An empty ledger (台账导入模板): the canonical headers, one example row, dropdowns for 村 (your villages), 鉴定等级 and the 是/否 columns, and a 说明 sheet; as CSV the header and example rows only',
  })
  @ApiForbiddenResponse({ description: 'Only admin and staff accounts enter households' })
  async template(@Query() query: ImportTemplateQueryDto, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const file = await this.templates.build(query.format, user);
    return new StreamableFile(file.content, {
      type: file.contentType,
      disposition: attachment(file.fileName, file.asciiFileName),
      length: file.content.length,
    });
  }
}
