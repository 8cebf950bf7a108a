import { ApiProperty } from '@nestjs/swagger';
import { REPAIR_STATUSES, REPAIR_STATUS_LABELS, type RepairStatus } from '../../repairs/repair-status.js';
import { nextStatuses } from '../../repairs/repair-workflow.js';
import { DAMAGE_GRADES, type DamageGrade } from '../damage-grade.js';
import type { Household } from '../entities/household.entity.js';
import type { HouseholdEdit } from '../entities/household-edit.entity.js';
import { maskIdCardNumber, maskPhone } from '../../personal-data/masking.js';

export class AppraisalResponse {
  @ApiProperty({ type: String, nullable: true }) agency: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2021-11-05' }) date: string | null;
  @ApiProperty({ type: String, nullable: true }) reportNo: string | null;
  @ApiProperty({ type: String, nullable: true }) findings: string | null;
}

export class FreeServicesResponse {
  @ApiProperty({ type: Boolean, nullable: true, description: 'null: not recorded' }) designDrawings: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) constructionSupervision: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) technicalService: boolean | null;
}

export class HouseholdResponse {
  @ApiProperty() id: number;
  @ApiProperty() villageId: number;
  @ApiProperty() householder: string;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: Number, nullable: true }) rooms: number | null;
  @ApiProperty({ enum: DAMAGE_GRADES }) grade: DamageGrade;
  @ApiProperty({ type: AppraisalResponse }) appraisal: AppraisalResponse;
  @ApiProperty({ enum: REPAIR_STATUSES }) status: RepairStatus;
  @ApiProperty({ example: '施工中' }) statusLabel: string;
  @ApiProperty({ enum: REPAIR_STATUSES, isArray: true, description: 'Statuses the workflow allows next' })
  nextStatuses: RepairStatus[];
  @ApiProperty({ type: FreeServicesResponse }) freeServices: FreeServicesResponse;
  @ApiProperty({ type: String, nullable: true }) remarks: string | null;
  @ApiProperty({ type: String, nullable: true, example: '140121********123X', description: 'Masked unless your role may see it' })
  idCardNumber: string | null;
  @ApiProperty({ type: String, nullable: true, example: '138****5678', description: 'Masked unless your role may see it' })
  phone: string | null;
  @ApiProperty({ description: 'A stand-in for a household the source counted but did not name' }) placeholder: boolean;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class HouseholdPageResponse {
  @ApiProperty({ type: [HouseholdResponse] }) items: HouseholdResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class HouseholdEditResponse {
  @ApiProperty({ example: 'grade' }) field: string;
  @ApiProperty({ nullable: true, description: 'The value before (JSON value)' }) oldValue: unknown;
  @ApiProperty({ nullable: true, description: 'The value after (JSON value)' }) newValue: unknown;
  @ApiProperty() actor: string;
  @ApiProperty() editedAt: string;
}

export interface ResponseOptions {
  /** Show the ID-card number and phone as stored; otherwise they are masked. */
  revealPersonalData: boolean;
}

export function toHouseholdResponse(h: Household, options: ResponseOptions): HouseholdResponse {
  return {
    id: h.id,
    villageId: h.villageId,
    householder: h.householder,
    address: h.address,
    rooms: h.rooms,
    grade: h.grade,
    appraisal: { agency: h.appraisalAgency, date: h.appraisalDate, reportNo: h.appraisalReportNo, findings: h.appraisalFindings },
    status: h.status,
    statusLabel: REPAIR_STATUS_LABELS[h.status],
    nextStatuses: nextStatuses(h.grade, h.status),
    freeServices: {
      designDrawings: h.designDrawings,
      constructionSupervision: h.constructionSupervision,
      technicalService: h.technicalService,
    },
    remarks: h.remarks,
    idCardNumber: options.revealPersonalData ? h.idCardNumber : maskIdCardNumber(h.idCardNumber),
    phone: options.revealPersonalData ? h.phone : maskPhone(h.phone),
    placeholder: h.isPlaceholder,
    version: h.version,
    createdAt: h.createdAt.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
  };
}

export function toHouseholdEditResponse(e: HouseholdEdit): HouseholdEditResponse {
  return {
    field: e.field,
    oldValue: parseStoredValue(e.oldValue),
    newValue: parseStoredValue(e.newValue),
    actor: e.actor,
    editedAt: e.editedAt.toISOString(),
  };
}

function parseStoredValue(value: string | null): unknown {
  return value === null ? null : JSON.parse(value);
}
