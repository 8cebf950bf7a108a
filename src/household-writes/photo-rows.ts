import type { Placeholder } from '../database/prepared-query.js';
import { toCalendarDate } from '../database/sql-values.js';
import type { Photo } from '../photos/entities/photo.entity.js';
import { FINISHED_HOUSE_STAGES } from '../photos/photo-stage.js';

/** The statements both stores read photos and acceptance records with, and a photos row as the entity. */

const STAGES = FINISHED_HOUSE_STAGES.map((stage) => `'${stage}'`).join(', ');

/** The ids of a household's photos of the finished house, oldest first. Parameter: household. */
export const EVIDENCE_PHOTOS = (p: Placeholder) =>
  `SELECT id FROM photos WHERE household_id = ${p(1)} AND stage IN (${STAGES}) ORDER BY id`;

/** The acceptance record of a household's latest acceptance. Parameter: household. */
export const ACCEPTANCE_RECORD = (p: Placeholder) =>
  `SELECT inspection FROM status_changes WHERE household_id = ${p(1)} AND to_status = 'accepted' ORDER BY id DESC LIMIT 1`;

export function photoFromRow(row: Record<string, unknown>, instant: (value: unknown) => Date): Photo {
  return {
    id: Number(row.id),
    householdId: Number(row.household_id),
    stage: row.stage as Photo['stage'],
    takenOn: row.taken_on == null ? null : toCalendarDate(row.taken_on),
    caption: (row.caption as string | null) ?? null,
    width: Number(row.width),
    height: Number(row.height),
    bytes: Number(row.bytes),
    sha256: String(row.sha256),
    mimeType: String(row.mime_type),
    uploadedBy: String(row.uploaded_by),
    uploadedByUserId: Number(row.uploaded_by_user_id),
    uploadedAt: instant(row.uploaded_at),
  };
}
