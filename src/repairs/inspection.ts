import { isInspectionVerdict } from '../auth/permissions.js';
import type { FieldProblem } from '../common/messages/catalogue.js';
import { issue } from '../common/messages/problem.js';
import type { RepairStatus } from './repair-status.js';

/**
 * The acceptance record (验收记录) an inspector fills in with a verdict on a completed house:
 * the grade the repaired house now merits (A or B), whether the owner agrees (户主意见), how it
 * was inspected and remarks. Pure: the write model asks these and stores their answer with the
 * verdict's history entry.
 */

export const POST_REPAIR_GRADES = ['A', 'B'] as const;
export type PostRepairGrade = (typeof POST_REPAIR_GRADES)[number];

/** What a move's request may carry about the inspection. */
export interface InspectionInput {
  newGrade?: PostRepairGrade | null;
  ownerAgrees?: boolean | null;
  method?: string | null;
  remarks?: string | null;
}

/** What is kept with the verdict: the input, whether it passed, and the photos it relied on. */
export interface InspectionRecord {
  passed: boolean;
  newGrade: PostRepairGrade | null;
  ownerAgrees: boolean | null;
  method: string | null;
  remarks: string | null;
  /** The household's 修缮后 and 验收 photos when the verdict was given. */
  photoIds: number[];
}

/**
 * What is wrong with `inspection` on a move from `from` to `to`, field by field (empty when
 * nothing is): an inspection belongs only to a verdict on a completed house; a passed one needs
 * the new grade and the owner's opinion; a failed house is not re-graded.
 */
export function inspectionProblems(from: RepairStatus, to: RepairStatus, inspection: InspectionInput | null | undefined): FieldProblem[] {
  if (!inspection) return [];
  if (!isInspectionVerdict(from, to)) return [{ ...issue('inspection_not_for_move', { from, to }), field: 'inspection' }];
  const problems: FieldProblem[] = [];
  if (to === 'accepted') {
    if (inspection.newGrade == null) problems.push({ ...issue('required'), field: 'inspection.newGrade' });
    if (inspection.ownerAgrees == null) problems.push({ ...issue('required'), field: 'inspection.ownerAgrees' });
  } else if (inspection.newGrade != null) {
    problems.push({ ...issue('new_grade_on_failure'), field: 'inspection.newGrade' });
  }
  return problems;
}

/** The record kept with a verdict (every verdict has one, so the photos it relied on are known). */
export function inspectionRecord(
  to: RepairStatus,
  inspection: InspectionInput | null | undefined,
  photoIds: readonly number[],
): InspectionRecord {
  const text = (value: string | null | undefined) => value?.trim() || null;
  return {
    passed: to === 'accepted',
    newGrade: inspection?.newGrade ?? null,
    ownerAgrees: inspection?.ownerAgrees ?? null,
    method: text(inspection?.method),
    remarks: text(inspection?.remarks),
    photoIds: [...photoIds],
  };
}

/** A history row's stored record, or null (moves that are not verdicts, verdicts from before records existed). */
export function parseInspection(json: string | null): InspectionRecord | null {
  if (!json) return null;
  return JSON.parse(json) as InspectionRecord;
}

/** Whether an acceptance must be refused for want of a photo of the finished house. */
export function lacksRequiredPhoto(to: RepairStatus, photoRequired: boolean, photoIds: readonly number[]): boolean {
  return photoRequired && to === 'accepted' && photoIds.length === 0;
}
