import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { REPAIR_GRADES, type RepairGrade } from '../../households/damage-grade.js';
import type { ReportRemark } from '../entities/report-remark.entity.js';
import { IsReadableText } from '../../common/readable-text.decorator.js';

export class CreateReportRemarkDto {
  @ApiProperty({ enum: REPAIR_GRADES, description: 'The report row (grade) the remark belongs to' })
  @IsIn(REPAIR_GRADES)
  grade: RepairGrade;

  @ApiProperty({ example: '3户因户主外出务工暂缓施工', maxLength: 500 })
  @IsString()
  @MaxLength(500)
  @IsReadableText({ multiline: true, required: true })
  text: string;
}

export class ReportRemarkResponse {
  @ApiProperty() id: number;
  @ApiProperty() villageId: number;
  @ApiProperty({ enum: REPAIR_GRADES }) grade: RepairGrade;
  @ApiProperty() text: string;
}

export function toReportRemarkResponse(r: ReportRemark): ReportRemarkResponse {
  return { id: r.id, villageId: r.villageId, grade: r.grade, text: r.text };
}
