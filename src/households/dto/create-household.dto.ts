import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsCalendarDate } from '../../common/is-calendar-date.decorator.js';
import { MAX_ID } from '../../common/parse-id.pipe.js';
import { IsIdCardNumber } from '../../personal-data/id-card-number.js';
import { IsPhone } from '../../personal-data/phone.js';
import { REPAIR_STATUSES, type RepairStatus } from '../../repairs/repair-status.js';
import { DAMAGE_GRADES, type DamageGrade } from '../damage-grade.js';
import { IsReadableText } from '../../common/readable-text.decorator.js';

/** The fields of a household that are edited directly (its status moves through transitions). */
export class HouseholdFieldsDto {
  @ApiProperty({ example: 3 })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  villageId: number;

  @ApiProperty({ example: '郑清亮', maxLength: 50, description: '户主' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  @IsReadableText({ required: true })
  householder: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, description: 'House number or address (门牌号或地址)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsReadableText()
  address?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 7, description: 'Number of rooms (间)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(200)
  rooms?: number | null;

  @ApiProperty({ enum: DAMAGE_GRADES, description: 'Appraised damage grade' })
  @IsIn(DAMAGE_GRADES)
  grade: DamageGrade;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, description: 'Appraisal agency (鉴定机构)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsReadableText()
  appraisalAgency?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2021-11-05', description: 'Appraisal date' })
  @IsOptional()
  @IsCalendarDate()
  appraisalDate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 50, description: 'Appraisal report number (鉴定报告编号)' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @IsReadableText()
  appraisalReportNo?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, example: '地板下沉', description: 'What the appraisal found' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsReadableText({ multiline: true })
  appraisalFindings?: string | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'Received general design drawings (农房设计通用图集)' })
  @IsOptional()
  @IsBoolean()
  designDrawings?: boolean | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'Received construction supervision (农房建设监理服务)' })
  @IsOptional()
  @IsBoolean()
  constructionSupervision?: boolean | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'Received technical service (农房建设技术服务)' })
  @IsOptional()
  @IsBoolean()
  technicalService?: boolean | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, description: '备注' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsReadableText({ multiline: true })
  remarks?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '14012119900101123X',
    description: "Householder's resident ID-card number (18 characters, GB 11643 check digit). Shown masked to roles that may not see it.",
  })
  @IsOptional()
  @IsIdCardNumber()
  idCardNumber?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '13812345678',
    description: "Householder's phone (mobile or landline). Shown masked to roles that may not see it.",
  })
  @IsOptional()
  @IsPhone()
  phone?: string | null;
}

export class CreateHouseholdDto extends HouseholdFieldsDto {
  @ApiPropertyOptional({
    enum: REPAIR_STATUSES,
    default: 'pending',
    description: 'The first recorded status, e.g. when a ledger kept elsewhere is entered late',
  })
  @IsOptional()
  @IsIn(REPAIR_STATUSES)
  status?: RepairStatus;

  @ApiPropertyOptional({ example: '2021-12-23', description: 'The date that first status held; defaults to today; never in the future' })
  @IsOptional()
  @IsCalendarDate()
  statusOn?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'A note for the first history entry' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsReadableText({ multiline: true })
  note?: string;
}
