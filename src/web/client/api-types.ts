/**
 * The API's response shapes, taken from the server's own response classes so that the pages
 * and the API cannot drift apart unnoticed (type-only imports: nothing of the server is bundled).
 */
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
