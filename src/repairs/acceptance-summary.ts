import type { InspectionRecord } from './inspection.js';
import type { RepairStatus } from './repair-status.js';

/** A history entry as the acceptance form reads it (StatusChangeResponse has these fields). */
export interface HistoryEntry {
  from: RepairStatus | null;
  to: RepairStatus;
  occurredOn: string;
  actor: string;
  note: string | null;
  inspection: InspectionRecord | null;
}

export interface Verdict {
  passed: boolean;
  on: string;
  /** Who recorded it; null when the household was entered already accepted (no inspection recorded here). */
  inspector: string | null;
  /** The note: for a failed acceptance, why it failed. */
  note: string | null;
  record: InspectionRecord | null;
}

/** What the acceptance form (验收表) says about the repair and its inspection, from the history. */
export interface AcceptanceSummary {
  /** When work began (the first move into 施工中 that was not a rework). */
  startedOn: string | null;
  /** The latest completion. */
  completedOn: string | null;
  /** The verdict on the latest completion; null while it waits for inspection. */
  verdict: Verdict | null;
  /** Failed inspections before it, oldest first. */
  earlierFailures: Verdict[];
}

const isVerdict = (e: HistoryEntry) => e.from === 'completed' && (e.to === 'accepted' || e.to === 'in_progress');

function verdictOf(entry: HistoryEntry): Verdict {
  return { passed: entry.to === 'accepted', on: entry.occurredOn, inspector: entry.actor, note: entry.note, record: entry.inspection };
}

/** Reads the summary off a household's history, oldest first. Pure. */
export function acceptanceSummary(history: readonly HistoryEntry[]): AcceptanceSummary {
  const started = history.find((e) => e.to === 'in_progress' && e.from !== 'completed');
  const lastCompletion = history.findLastIndex((e) => e.to === 'completed');
  const verdicts = history.map((e, i) => ({ e, i })).filter(({ e }) => isVerdict(e));
  const latest = verdicts.at(-1);
  let verdict: Verdict | null = latest && latest.i > lastCompletion ? verdictOf(latest.e) : null;
  const last = history.at(-1);
  // Entered as already accepted (a ledger import): accepted, with no inspection recorded here.
  if (!verdict && last?.to === 'accepted' && last.from === null) {
    verdict = { passed: true, on: last.occurredOn, inspector: null, note: last.note, record: null };
  }
  const failures = verdicts.filter(({ e }) => e.to === 'in_progress').map(({ e }) => verdictOf(e));
  return {
    startedOn: started?.occurredOn ?? null,
    completedOn: lastCompletion >= 0 ? history[lastCompletion].occurredOn : null,
    verdict,
    earlierFailures: verdict && !verdict.passed ? failures.slice(0, -1) : failures,
  };
}
