import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../../common/is-calendar-date.decorator.js';
import { IsReadableText } from '../../common/readable-text.decorator.js';
import { PHOTO_STAGES, type PhotoStage } from '../photo-stage.js';

/** The text fields of a photo upload (multipart/form-data), beside its `file`. */
export class PhotoFieldsDto {
  @ApiProperty({ enum: PHOTO_STAGES, description: '拍摄阶段: before (修缮前), during (施工中), after (修缮后), acceptance (验收)' })
  @IsIn(PHOTO_STAGES)
  stage: PhotoStage;

  @ApiPropertyOptional({ example: '2021-12-20', description: 'The county date the photo was taken (拍摄日期); never after today' })
  @IsOptional()
  @IsCalendarDate()
  takenOn?: string;

  @ApiPropertyOptional({ maxLength: 200, example: '屋面更换防水层后', description: '说明: one line' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsReadableText()
  caption?: string;
}
