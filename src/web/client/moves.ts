import { mayRecordMove } from '../../auth/permissions.js';
import { checkTransition, nextStatuses } from '../../repairs/repair-workflow.js';
import type { DamageGrade, RepairStatus, Role } from './api-types.js';

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
