import type { RepairStatus } from '../repairs/repair-status.js';
import type { Role } from '../users/roles.js';

/**
 * What each role may record, as pure rules. The workflow (repair-workflow.ts) says which moves
 * exist; these say who may make them.
 */
const MOVES_BY_ROLE: Record<Role, readonly `${RepairStatus}>${RepairStatus}`[]> = {
  admin: ['pending>in_progress', 'in_progress>completed', 'pending>completed', 'completed>accepted', 'completed>in_progress'],
  staff: ['pending>in_progress', 'in_progress>completed', 'pending>completed'],
  inspector: ['completed>accepted', 'completed>in_progress'],
  supervisor: [],
};

export function mayRecordMove(role: Role, from: RepairStatus, to: RepairStatus): boolean {
  return MOVES_BY_ROLE[role].includes(`${from}>${to}`);
}

/**
 * Whether `role` may enter a household whose first recorded status is `status` (a ledger kept
 * elsewhere entered late). An accepted baseline says an inspection passed, so it needs a role
 * that may record acceptance: otherwise staff could count acceptances no inspector made.
 */
export function mayRecordBaseline(role: Role, status: RepairStatus): boolean {
  return status !== 'accepted' || mayRecordMove(role, 'completed', 'accepted');
}

/** Acceptance and failed acceptance are the inspection's verdicts. */
export function isInspectionVerdict(from: RepairStatus, to: RepairStatus): boolean {
  return from === 'completed' && (to === 'accepted' || to === 'in_progress');
}

/** Roles that see householders' ID-card numbers and phone numbers unmasked (within their scope). */
export function maySeePersonalData(role: Role): boolean {
  return role === 'admin' || role === 'staff';
}
