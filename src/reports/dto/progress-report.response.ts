import { ApiProperty } from '@nestjs/swagger';
import { REPAIR_GRADES, type RepairGrade } from '../../households/damage-grade.js';
import { REGION_LEVELS, type RegionLevel } from '../../regions/region-level.js';

export class ReportUnitResponse {
  @ApiProperty({ type: Number, nullable: true, description: 'null on total rows' }) id: number | null;
  @ApiProperty({ example: '孟封村' }) name: string;
  @ApiProperty({ enum: [...REGION_LEVELS, 'all'] }) level: RegionLevel | 'all';
}

export class ProgressRowResponse {
  @ApiProperty({ type: ReportUnitResponse }) unit: ReportUnitResponse;
  @ApiProperty({ enum: REPAIR_GRADES }) grade: RepairGrade;
  @ApiProperty({ description: 'Households recorded by the report date' }) appraised: number;
  @ApiProperty({ description: 'Completed or accepted' }) completed: number;
  @ApiProperty() accepted: number;
  @ApiProperty() pending: number;
  @ApiProperty() inProgress: number;
  @ApiProperty({ description: 'Households whose history starts after the report date (not counted above)' })
  notYetRecorded: number;
  @ApiProperty({ type: Number, nullable: true, description: 'completed / appraised, unrounded' }) completionRate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'accepted / appraised, unrounded' }) acceptanceRate: number | null;
  @ApiProperty({ type: [String] }) remarks: string[];
}

export class ProgressReportResponse {
  @ApiProperty({ example: '2021-12-23' }) asOf: string;
  @ApiProperty({ enum: REGION_LEVELS }) groupBy: RegionLevel;
  @ApiProperty({ type: [ProgressRowResponse] }) rows: ProgressRowResponse[];
  @ApiProperty({ type: [ProgressRowResponse], description: 'One row per grade over all units' }) total: ProgressRowResponse[];
  @ApiProperty({ description: 'B and C households not yet recorded on asOf' }) notYetRecorded: number;
}
