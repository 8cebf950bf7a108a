import { ApiProperty } from '@nestjs/swagger';
import { DAMAGE_GRADES, type DamageGrade } from '../../../households/damage-grade.js';
import { REGION_LEVELS, type RegionLevel } from '../../../regions/region-level.js';
import { REPAIR_STATUSES, type RepairStatus } from '../../../repairs/repair-status.js';
import { ReportUnitResponse } from '../../dto/progress-report.response.js';
import { HOUSEHOLD_LIST_LIMIT, type PeriodGrade, type PeriodKind, type PeriodReport } from '../period-report.types.js';

export class PeriodResponse {
  @ApiProperty({ enum: ['day', 'week'] }) kind: PeriodKind;
  @ApiProperty({ example: '2021-12-20' }) start: string;
  @ApiProperty({ example: '2021-12-26' }) end: string;
  @ApiProperty({ example: '2021-12-13' }) previousStart: string;
  @ApiProperty({ example: '2021-12-19' }) previousEnd: string;
  @ApiProperty({ example: '2021年第51周（12月20日—12月26日）' }) label: string;
}

export class PeriodRowResponse {
  @ApiProperty({ type: ReportUnitResponse }) unit: ReportUnitResponse;
  @ApiProperty({ enum: ['B', 'C', 'B+C'] }) grade: PeriodGrade;
  @ApiProperty() appraised: number;
  @ApiProperty() pending: number;
  @ApiProperty() inProgress: number;
  @ApiProperty({ description: 'Completed or accepted at the end of the period' }) completed: number;
  @ApiProperty() accepted: number;
  @ApiProperty() notYetRecorded: number;
  @ApiProperty({ type: Number, nullable: true }) completionRate: number | null;
  @ApiProperty({ type: Number, nullable: true }) acceptanceRate: number | null;
  @ApiProperty({
    description: 'Moves into completed in the period (a baseline never counts; a re-completion after a failed acceptance counts again)',
  })
  completedInPeriod: number;
  @ApiProperty() acceptedInPeriod: number;
  @ApiProperty() completedInPreviousPeriod: number;
  @ApiProperty() acceptedInPreviousPeriod: number;
  @ApiProperty({ description: 'Appraised but not completed' }) remaining: number;
  @ApiProperty({ description: 'Not accepted, with no recorded change for STALLED_DAYS days or more' }) stalled: number;
  @ApiProperty({ type: String, nullable: true, example: '2022-01-09', description: 'At the trailing four-week completion rate' })
  projectedFinish: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why there is no projection' }) projectedFinishReason: string | null;
  @ApiProperty({ type: [String] }) remarks: string[];
}

export class ChangedHouseholdResponse {
  @ApiProperty() householdId: number;
  @ApiProperty({ description: 'The village id, as in /api/villages (two villages may share a name)' }) villageId: number;
  @ApiProperty() village: string;
  @ApiProperty() householder: string;
  @ApiProperty({ enum: DAMAGE_GRADES }) grade: DamageGrade;
  @ApiProperty({ enum: REPAIR_STATUSES, nullable: true }) from: RepairStatus | null;
  @ApiProperty({ enum: REPAIR_STATUSES }) to: RepairStatus;
  @ApiProperty() occurredOn: string;
  @ApiProperty() recordedAt: string;
  @ApiProperty() actor: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class StalledHouseholdResponse {
  @ApiProperty() householdId: number;
  @ApiProperty({ description: 'The village id, as in /api/villages (two villages may share a name)' }) villageId: number;
  @ApiProperty() village: string;
  @ApiProperty() householder: string;
  @ApiProperty({ enum: DAMAGE_GRADES }) grade: DamageGrade;
  @ApiProperty({ enum: REPAIR_STATUSES }) status: RepairStatus;
  @ApiProperty() lastChangeOn: string;
  @ApiProperty() daysWithoutChange: number;
}

export class TrendWeekResponse {
  @ApiProperty() start: string;
  @ApiProperty() end: string;
  @ApiProperty() completed: number;
  @ApiProperty() accepted: number;
}

export class PeriodReportResponse {
  @ApiProperty({ type: PeriodResponse }) period: PeriodResponse;
  @ApiProperty({ example: '清徐县' }) areaName: string;
  @ApiProperty({ example: '清徐县因灾受损房屋修缮进度周报' }) title: string;
  @ApiProperty({ enum: REGION_LEVELS }) groupBy: RegionLevel;
  @ApiProperty() generatedAt: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '清徐县住房和城乡建设局',
    description: '填报单位 (REPORT_ORGANIZATION); null when not configured',
  })
  organization: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '王办事员',
    description: '填报人: the display name of who generated the report; null from the command line',
  })
  preparedBy: string | null;
  @ApiProperty() stalledAfterDays: number;
  @ApiProperty({ type: [PeriodRowResponse] }) rows: PeriodRowResponse[];
  @ApiProperty({ type: [PeriodRowResponse], description: 'B, C, then B+C over all units' }) total: PeriodRowResponse[];
  @ApiProperty({ type: [ChangedHouseholdResponse], description: `In order; at most ${HOUSEHOLD_LIST_LIMIT} (see the total)` })
  changedHouseholds: ChangedHouseholdResponse[];
  @ApiProperty() changedHouseholdsTotal: number;
  @ApiProperty({ type: [StalledHouseholdResponse], description: `Longest stalled first; at most ${HOUSEHOLD_LIST_LIMIT} (see the total)` })
  stalledHouseholds: StalledHouseholdResponse[];
  @ApiProperty() stalledHouseholdsTotal: number;
  @ApiProperty({ type: [TrendWeekResponse] }) trend: TrendWeekResponse[];
}

/** Compiles only when `From` can be used as a `To`. */
type Assignable<From extends To, To> = [From, To];

/**
 * The OpenAPI classes above describe the report the service builds (PeriodReport), field for
 * field: each must be assignable to the other, so a field added to, dropped from or retyped in
 * one and not the other stops the type check here, naming the field.
 */
export type PeriodReportResponseMatchesReport = [
  Assignable<PeriodReport, PeriodReportResponse>,
  Assignable<PeriodReportResponse, PeriodReport>,
];
