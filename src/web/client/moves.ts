import { isInspectionVerdict, mayRecordMove } from '../../auth/permissions.js';
import { checkTransition, nextStatuses } from '../../repairs/repair-workflow.js';
import type { DamageGrade, RepairStatus, Role, TransitionInspection } from './api-types.js';

/**
 * Which status moves the household page offers as buttons: the workflow's next statuses that
 * the user's role may record. Both rules are the server's own pure modules, so the buttons
 * cannot offer what the server would refuse for these reasons (an inspector's own completion is
 * only known to the server: it answers 403, and the page says so).
 */
export function movesFor(role: Role, grade: DamageGrade, status: RepairStatus): RepairStatus[] {
  return nextStatuses(grade, status).filter((to) => mayRecordMove(role, status, to));
}

/** Whether the workflow refuses this move without a note (a failed acceptance, late entry of finished work). */
export function needsNote(grade: DamageGrade, from: RepairStatus, to: RepairStatus): boolean {
  return !checkTransition({ grade, from, to, note: null }).allowed && checkTransition({ grade, from, to, note: 'x' }).allowed;
}

/** The two verdicts of an inspection, which carry its findings (`inspection`). */
export type InspectionKind = 'acceptance' | 'failedAcceptance';

export function inspectionKind(from: RepairStatus, to: RepairStatus): InspectionKind | null {
  if (!isInspectionVerdict(from, to)) return null;
  return to === 'accepted' ? 'acceptance' : 'failedAcceptance';
}

/** The inspection fields as the form holds them: '' when not filled in; ownerAgrees is 'yes' or 'no'. */
export interface InspectionForm {
  newGrade: string;
  ownerAgrees: string;
  method: string;
  remarks: string;
}

export type InspectionField = 'newGrade' | 'ownerAgrees';

/**
 * The findings to send with a verdict, and the fields still missing: an acceptance needs the
 * grade the repaired house now merits (A or B) and whether the householder agrees; a failed
 * acceptance needs neither (its reason is the note) and is not re-graded, so its grade is never
 * sent. Other moves carry no findings. The server checks the same (src/repairs/inspection.ts).
 */
export function inspectionOf(
  from: RepairStatus,
  to: RepairStatus,
  form: InspectionForm,
): { inspection: TransitionInspection | undefined; missing: InspectionField[] } {
  const kind = inspectionKind(from, to);
  if (kind === null) return { inspection: undefined, missing: [] };
  const fields: TransitionInspection = {};
  if (kind === 'acceptance' && (form.newGrade === 'A' || form.newGrade === 'B')) fields.newGrade = form.newGrade;
  if (form.ownerAgrees === 'yes' || form.ownerAgrees === 'no') fields.ownerAgrees = form.ownerAgrees === 'yes';
  if (form.method.trim()) fields.method = form.method.trim();
  if (form.remarks.trim()) fields.remarks = form.remarks.trim();
  const missing: InspectionField[] = [];
  if (kind === 'acceptance' && fields.newGrade === undefined) missing.push('newGrade');
  if (kind === 'acceptance' && fields.ownerAgrees === undefined) missing.push('ownerAgrees');
  if (missing.length > 0) return { inspection: undefined, missing };
  return { inspection: Object.keys(fields).length > 0 ? fields : undefined, missing };
}
