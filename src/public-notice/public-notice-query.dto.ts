import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const NOTICE_FORMATS = ['csv', 'xlsx'] as const;
export type NoticeFormat = (typeof NOTICE_FORMATS)[number];

export class PublicNoticeQueryDto {
  @ApiPropertyOptional({ enum: NOTICE_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(NOTICE_FORMATS)
  format: NoticeFormat = 'xlsx';
}
