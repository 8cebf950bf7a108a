import type { DamageGrade } from '../households/damage-grade.js';
import { REPAIR_STATUS_LABELS, REPAIR_STATUSES, type RepairStatus } from './repair-status.js';

/**
 * The repair workflow as pure rules: which status may follow which, and what a move needs.
 * The service asks these functions and persists their answer; it decides nothing itself.
 */

interface Move {
  from: RepairStatus;
  to: RepairStatus;
  /** What the move means, for people. */
  meaning: string;
  /** Set when the move is only allowed with a note; says what the note must explain. */
  noteRequired?: string;
}

const MOVES: readonly Move[] = [
  { from: 'pending', to: 'in_progress', meaning: '开工' },
  { from: 'in_progress', to: 'completed', meaning: '完工' },
  { from: 'completed', to: 'accepted', meaning: '验收合格' },
  {
    from: 'completed',
    to: 'in_progress',
    meaning: '验收不合格，返工',
    noteRequired: 'a failed acceptance needs a note saying why (验收不合格须注明原因)',
  },
  {
    from: 'pending',
    to: 'completed',
    meaning: '补录：录入前已完工',
    noteRequired: 'recording work done before it was entered needs a note saying so (补录已完工须注明)',
  },
];

export type Verdict = { allowed: true; meaning: string } | { allowed: false; reason: string };

function describe(status: RepairStatus): string {
  return `${status} (${REPAIR_STATUS_LABELS[status]})`;
}

function findMove(from: RepairStatus, to: RepairStatus): Move | undefined {
  return MOVES.find((m) => m.from === from && m.to === to);
}

/** May a household of `grade` move from `from` to `to` with this note? */
export function checkTransition(input: {
  grade: DamageGrade;
  from: RepairStatus;
  to: RepairStatus;
  note?: string | null;
}): Verdict {
  const { grade, from, to } = input;
  const prefix = `Cannot move from ${describe(from)} to ${describe(to)}`;
  if (grade === 'A') {
    return { allowed: false, reason: `${prefix}: grade A houses are safe and have no repair to track` };
  }
  const move = findMove(from, to);
  if (!move) {
    const allowed = nextStatuses(grade, from);
    const options = allowed.length > 0 ? `allowed from ${from}: ${allowed.join(', ')}` : `${from} is final`;
    return { allowed: false, reason: `${prefix}: ${options}` };
  }
  if (move.noteRequired && !(input.note ?? '').trim()) {
    return { allowed: false, reason: `${prefix} without a note: ${move.noteRequired}` };
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
 * last recorded change. Returns the reason it is refused, naming `field`, or null when it is fine.
 */
export function checkOccurredOn(occurredOn: string, today: string, lastChangeOn: string | null, field = 'occurredOn'): string | null {
  if (occurredOn > today) {
    return `${field} ${occurredOn} is in the future (today is ${today} in the county)`;
  }
  if (lastChangeOn !== null && occurredOn < lastChangeOn) {
    return `${field} ${occurredOn} is earlier than the household's last recorded change on ${lastChangeOn}`;
  }
  return null;
}
