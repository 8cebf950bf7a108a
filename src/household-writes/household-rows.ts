import type { Placeholder } from '../database/prepared-query.js';
import { toCalendarDate } from '../database/sql-values.js';
import type { Household } from '../households/entities/household.entity.js';

type Row = Record<string, unknown>;

/** Who recorded a household's latest completion (actor_user_id), for the rule that nobody inspects their own. Parameter: household. */
export const COMPLETION_RECORDER = (p: Placeholder) =>
  `SELECT actor_user_id FROM status_changes WHERE household_id = ${p(1)} AND to_status = 'completed' ORDER BY id DESC LIMIT 1`;

const bool = (value: unknown) => (value === null || value === undefined ? null : Boolean(value));
const text = (value: unknown) => (value as string | null | undefined) ?? null;
/** A date column: text on SQLite, a Date from pg (whose default parser reads `date` as local midnight). */
const day = (value: unknown) => (value === null || value === undefined ? null : toCalendarDate(value));

/**
 * A households row read by a store's own SQL, as the entity the rest of the app knows;
 * `toInstant` reads the database's timestamps (TypeORM's UTC text on SQLite, Dates from pg).
 */
export function householdFromRow(r: Row, toInstant: (value: unknown) => Date): Household {
  return {
    id: Number(r.id),
    villageId: Number(r.village_id),
    householder: String(r.householder),
    address: text(r.address),
    rooms: r.rooms === null ? null : Number(r.rooms),
    grade: r.grade as Household['grade'],
    appraisalAgency: text(r.appraisal_agency),
    appraisalDate: day(r.appraisal_date),
    appraisalReportNo: text(r.appraisal_report_no),
    appraisalFindings: text(r.appraisal_findings),
    status: r.status as Household['status'],
    designDrawings: bool(r.design_drawings),
    constructionSupervision: bool(r.construction_supervision),
    technicalService: bool(r.technical_service),
    remarks: text(r.remarks),
    idCardNumber: text(r.id_card_number),
    phone: text(r.phone),
    isPlaceholder: Boolean(r.is_placeholder),
    firstRecordedOn: day(r.first_recorded_on),
    lastChangeOn: day(r.last_change_on),
    version: Number(r.version),
    createdAt: toInstant(r.created_at),
    updatedAt: toInstant(r.updated_at),
  };
}
