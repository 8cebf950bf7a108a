/**
 * The API's response shapes, taken from the server's own response classes so that the pages
 * and the API cannot drift apart unnoticed (type-only imports: nothing of the server is bundled).
 */
import type { RepairStatus } from '../../repairs/repair-status.js';

export type { LoginResponse, MeResponse } from '../../auth/dto/login.response.js';
export type { HouseholdPageResponse, HouseholdResponse } from '../../households/dto/household.response.js';
export type { RegionResponse } from '../../regions/dto/region.response.js';
export type { ImportStatus } from '../../imports/entities/ledger-import.entity.js';
export type { ImportProgress, ImportResponse, ImportSummary } from '../../imports/dto/import.response.js';
export type { StatusChangeResponse } from '../../repairs/dto/status-change.response.js';
export type { ProgressReportResponse, ProgressRowResponse } from '../../reports/dto/progress-report.response.js';
export type { PeriodReportResponse, PeriodRowResponse, StalledHouseholdResponse } from '../../reports/period/dto/period-report.response.js';
export type { DamageGrade, RepairGrade } from '../../households/damage-grade.js';
export type { RepairStatus } from '../../repairs/repair-status.js';
export type { RegionLevel } from '../../regions/region-level.js';
export type { Role } from '../../users/roles.js';

export type { BatchResponse, BatchResultResponse } from '../../repairs/dto/batch-result.response.js';
export type { BatchOutcome } from '../../repairs/batch-outcome.js';

/**
 * The moves the pages send (POST /api/households/:id/transitions and each item of POST
 * /api/transitions/batch), as the server's MoveFieldsDto and BatchItemDto describe them, without
 * their validation decorators. `clientId` is a UUID the page makes, so that a move sent again
 * after a lost answer is recognised and recorded once.
 */
export interface TransitionInspection {
  /** 验收后等级: an acceptance needs it; a failed acceptance must not carry it. */
  newGrade?: 'A' | 'B';
  /** 户主意见: an acceptance needs it. */
  ownerAgrees?: boolean;
  method?: string;
  remarks?: string;
}

export interface TransitionRequest {
  to: RepairStatus;
  occurredOn: string;
  note?: string;
  version: number;
  clientId?: string;
  inspection?: TransitionInspection;
}

export interface BatchMoveItem extends TransitionRequest {
  clientId: string;
  householdId: number;
}
