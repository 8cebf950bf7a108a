import type { RepairGrade } from '../households/damage-grade.js';
import type { RepairStatus } from '../repairs/repair-status.js';
import type { StatusTally } from './progress-arithmetic.js';

/**
 * Which days' deltas a past day's counts are summed from. The count of a status at the end of
 * a day is the sum of its deltas up to that day, and also today's count less the deltas after
 * it: whichever side holds fewer rows is read. Supervisors mostly ask about the last few days,
 * which then cost today's counters and a few days' deltas instead of the whole history. At a
 * million households on PostgreSQL (psql, \timing, after ANALYZE): the last day of a six-week
 * history 24 ms instead of 310, the middle 210 ms, the day before the last 180 ms (its day alone
 * holds 24,000 rows).
 *
 * The sides are told apart by counting their rows in the day index, each count stopped at
 * SIDE_COUNT_LIMIT so that it never costs more than the smaller sum. (Telling them by the days
 * between the first and the last delta misjudged a history with a gap: a benchmark's moves
 * made years after the history it loaded put 2021-12-23 "near the start".)
 */
export type SummedSide = 'up_to' | 'after';

/** Rows counted on each side at most: about 50 ms of index reading on SQLite at a million households, against 1 to 3 s for the larger sum. */
export const SIDE_COUNT_LIMIT = 50_000;

/** The side with fewer delta rows (each counted up to SIDE_COUNT_LIMIT); on a tie, the days up to the date. */
export function summedSide(rowsUpTo: number, rowsAfter: number): SummedSide {
  return rowsAfter < rowsUpTo ? 'after' : 'up_to';
}

/** One village, grade and status: its count today and its deltas summed on the chosen side. */
export interface SummedCount {
  villageId: number;
  grade: RepairGrade;
  status: RepairStatus;
  now: number;
  summed: number;
}

/**
 * The tallies at the end of the day: each status's households then, and (status null) those of
 * each village and grade whose history had not started by then, which are all of them now less
 * those recorded by then. Zero tallies are left out.
 */
export function talliesFromSums(counts: readonly SummedCount[], side: SummedSide): StatusTally[] {
  const recorded: StatusTally[] = [];
  const notYet = new Map<string, StatusTally>();
  for (const c of counts) {
    const households = side === 'up_to' ? c.summed : c.now - c.summed;
    recorded.push({ villageId: c.villageId, grade: c.grade, status: c.status, households });
    const key = `${c.villageId}:${c.grade}`;
    const entry = notYet.get(key) ?? { villageId: c.villageId, grade: c.grade, status: null, households: 0 };
    entry.households += c.now - households;
    notYet.set(key, entry);
  }
  return [...recorded, ...notYet.values()].filter((t) => t.households !== 0);
}
