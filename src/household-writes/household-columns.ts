import type { HouseholdValues } from './write-steps.js';

export type HouseholdColumn = keyof HouseholdValues;

/**
 * The households table's column for each property of the entity, for the statements the SQLite
 * store prepares itself (the PostgreSQL store goes through TypeORM, which reads the entity's
 * metadata; a test compares the two).
 */
export const HOUSEHOLD_COLUMNS: Record<HouseholdColumn, string> = {
  villageId: 'village_id',
  householder: 'householder',
  address: 'address',
  rooms: 'rooms',
  grade: 'grade',
  appraisalAgency: 'appraisal_agency',
  appraisalDate: 'appraisal_date',
  appraisalReportNo: 'appraisal_report_no',
  appraisalFindings: 'appraisal_findings',
  status: 'status',
  designDrawings: 'design_drawings',
  constructionSupervision: 'construction_supervision',
  technicalService: 'technical_service',
  remarks: 'remarks',
  idCardNumber: 'id_card_number',
  phone: 'phone',
  isPlaceholder: 'is_placeholder',
  firstRecordedOn: 'first_recorded_on',
  lastChangeOn: 'last_change_on',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};
