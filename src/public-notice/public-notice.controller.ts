import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { attachment } from '../common/content-disposition.js';
import { PublicNoticeQueryDto } from './public-notice-query.dto.js';
import { PublicNoticeService } from './public-notice.service.js';

@ApiTags('public notice')
@Controller('villages/:id/public-notice')
export class PublicNoticeController {
  constructor(private readonly notices: PublicNoticeService) {}

  @Get()
  @ApiOperation({ summary: '鉴定结果公示名单（XLSX 或 CSV）' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description:
      'The village’s appraisal results to post (鉴定结果公示): 序号, 户主 (masked, e.g. 郑*亮), 鉴定等级 and its meaning, 鉴定机构, 鉴定日期; placeholders left out',
  })
  @ApiNotFoundResponse({ description: 'Unknown village, or outside your scope' })
  async download(
    @Param('id', ParseIdPipe) id: number,
    @Query() query: PublicNoticeQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<StreamableFile> {
    const file = await this.notices.build(id, query.format, user);
    return new StreamableFile(file.content, {
      type: file.contentType,
      disposition: attachment(file.fileName, file.asciiFileName),
      length: file.content.length,
    });
  }
}
