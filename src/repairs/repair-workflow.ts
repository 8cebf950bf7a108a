import type { DamageGrade } from '../households/damage-grade.js';
import { type FieldIssue, type NoteNeeded, type Problem } from '../common/messages/catalogue.js';
import { issue, problem } from '../common/messages/problem.js';
import { REPAIR_STATUSES, type RepairStatus } from './repair-status.js';

/**
 * The repair workflow as pure rules: which status may follow which, and what a move needs.
 * The service asks these functions and persists their answer; it decides nothing itself.
 */

interface Move {
  from: RepairStatus;
  to: RepairStatus;
  /** What the move means, for people. */
  meaning: string;
  /** Set when the move is only allowed with a note: what the note must explain. */
  noteRequired?: NoteNeeded;
}

const MOVES: readonly Move[] = [
  { from: 'pending', to: 'in_progress', meaning: '开工' },
  { from: 'in_progress', to: 'completed', meaning: '完工' },
  { from: 'completed', to: 'accepted', meaning: '验收合格' },
  { from: 'completed', to: 'in_progress', meaning: '验收不合格，返工', noteRequired: 'failed_acceptance' },
  { from: 'pending', to: 'completed', meaning: '补录：录入前已完工', noteRequired: 'completed_before_entry' },
];

/** The answer to a move: allowed, or refused with why (`move_not_allowed`, `note_required`). */
export type Verdict = { allowed: true; meaning: string } | { allowed: false; reason: Problem<'move_not_allowed' | 'note_required'> };

function findMove(from: RepairStatus, to: RepairStatus): Move | undefined {
  return MOVES.find((m) => m.from === from && m.to === to);
}

/** May a household of `grade` move from `from` to `to` with this note? */
export function checkTransition(input: { grade: DamageGrade; from: RepairStatus; to: RepairStatus; note?: string | null }): Verdict {
  const { grade, from, to } = input;
  const move = grade === 'A' ? undefined : findMove(from, to);
  if (!move) {
    return { allowed: false, reason: problem('move_not_allowed', { from, to, grade, allowed: nextStatuses(grade, from) }) };
  }
  if (move.noteRequired && !(input.note ?? '').trim()) {
    return { allowed: false, reason: problem('note_required', { from, to, needed: move.noteRequired }) };
  }
  return { allowed: true, meaning: move.meaning };
}

/** The statuses a household of `grade` may move to next from `from` (some need a note). */
export function nextStatuses(grade: DamageGrade, from: RepairStatus): RepairStatus[] {
  if (grade === 'A') return [];
  return REPAIR_STATUSES.filter((to) => findMove(from, to) !== undefined);
}

/**
 * The date a change happened: never after today (county time), never before the household's
 * last recorded change. Returns what is wrong with it, or null when it is fine.
 */
export function checkOccurredOn(
  occurredOn: string,
  today: string,
  lastChangeOn: string | null,
): FieldIssue<'date_in_future' | 'date_before_last_change'> | null {
  if (occurredOn > today) return issue('date_in_future', { date: occurredOn, today });
  if (lastChangeOn !== null && occurredOn < lastChangeOn) return issue('date_before_last_change', { date: occurredOn, lastChangeOn });
  return null;
}
