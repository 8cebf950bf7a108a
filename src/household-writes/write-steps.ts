import type { DamageGrade } from '../households/damage-grade.js';
import type { Household } from '../households/entities/household.entity.js';
import type { Photo } from '../photos/entities/photo.entity.js';
import type { RepairStatus } from '../repairs/repair-status.js';

/**
 * The vocabulary between the decisions about a household (commands.ts, pure) and the two
 * stores that carry them out (SQLite, PostgreSQL). A command reads what it needs through
 * `Read`s, decides, and returns the `WriteStep`s to take; a store answers the reads and takes
 * the steps inside one transaction, so the whole decision sees one state and lands whole or
 * not at all.
 */

/** What a command may read while it decides. */
export type Read =
  | { kind: 'household'; id: number }
  /** Who recorded the household's latest completion (a user id), for the four-eyes rule. */
  | { kind: 'completion_recorder'; householdId: number }
  /** The village's placeholder households (the seed's stand-ins), by id. */
  | { kind: 'placeholders'; villageId: number }
  /** The move recorded earlier with this client-made id, if any. */
  | { kind: 'recorded_request'; clientId: string }
  /** The ids of the household's photos of the finished house (修缮后, 验收), oldest first. */
  | { kind: 'evidence_photos'; householdId: number }
  | { kind: 'photo'; id: number }
  /** The acceptance record of the household's latest acceptance (its JSON), or null. */
  | { kind: 'acceptance_record'; householdId: number };

/** A move recorded with a clientId, as a retry of it reads it back. */
export interface RecordedMove {
  clientId: string;
  userId: number;
  householdId: number;
  toStatus: RepairStatus;
  occurredOn: string;
  /** The household as the move left it, without its personal data. */
  household: Omit<Household, 'idCardNumber' | 'phone'>;
}

/** A photo row's columns other than its id. */
export type PhotoValues = Omit<Photo, 'id'>;

/** What a placeholders read answers of each. */
export type PlaceholderHousehold = Pick<Household, 'id' | 'villageId' | 'grade' | 'status'>;

/** A household's columns other than its id: what an insert writes. */
export type HouseholdValues = Omit<Household, 'id'>;

/** The household a step is about: an existing id, or the one this decision inserts. */
export type HouseholdRef = number | 'new';

export interface HouseholdKey {
  villageId: number;
  grade: DamageGrade;
}

export type WriteStep =
  | { kind: 'insert_household'; values: HouseholdValues }
  /** Refused with 409 unless the row still has `version`; the version goes up by one. */
  | { kind: 'update_household'; id: number; version: number; set: Partial<HouseholdValues> }
  | {
      kind: 'insert_status_change';
      householdId: HouseholdRef;
      fromStatus: RepairStatus | null;
      toStatus: RepairStatus;
      occurredOn: string;
      recordedAt: Date;
      actor: string;
      actorUserId: number | null;
      note: string | null;
      /** An inspector's verdict's acceptance record (JSON). */
      inspection?: string | null;
    }
  /** The client-made id of a move, kept so that a retry of it records nothing more. */
  | { kind: 'record_request'; request: RecordedMove; recordedAt: Date }
  | { kind: 'insert_photo'; values: PhotoValues }
  | { kind: 'delete_photo'; id: number }
  | {
      kind: 'insert_edit';
      householdId: number;
      field: string;
      oldValue: string | null;
      newValue: string | null;
      actor: string;
      actorUserId: number | null;
      editedAt: Date;
    }
  /** The household, its history and its edit log deleted (a placeholder: the counter steps before it take its counts out). */
  | { kind: 'delete_household'; id: number }
  /** status_counts: households per village, grade and status now. */
  | { kind: 'count'; key: HouseholdKey; status: RepairStatus; delta: number }
  /** status_count_deltas: the day's change of that count. */
  | { kind: 'count_delta'; key: HouseholdKey; status: RepairStatus; day: string; delta: number }
  /** status_entries: the day's moves into a status (a baseline is not a move). */
  | { kind: 'count_entry'; key: HouseholdKey; status: RepairStatus; day: string; entries: number }
  /** The household's whole history counted again into status_count_deltas or status_entries under `key`, times `sign` (it moved village or grade). */
  | { kind: 'recount_history'; table: 'deltas' | 'entries'; householdId: number; key: HouseholdKey; sign: 1 | -1 };

/** What a store reports back after taking the steps. */
export interface Written {
  /** The id of the household an `insert_household` step created, or null. */
  insertedId: number | null;
  /** The id of the photo an `insert_photo` step created, or null. */
  insertedPhotoId?: number | null;
}

/** The id an `insert_household` step produced, for the steps after it that name `'new'`. */
export class InsertedHousehold {
  id: number | null = null;

  resolve(ref: HouseholdRef): number {
    if (ref !== 'new') return ref;
    if (this.id === null) throw new Error('A step names the new household before it is inserted');
    return this.id;
  }
}

export interface Decision<T> {
  steps: readonly WriteStep[];
  /** The command's answer, once the steps are written. */
  result: (written: Written) => T;
}

/** One command's end when commands are run each on its own: its answer, or why it was refused. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A decision about households: yields its reads, returns what to write. */
export type Command<T> = Generator<Read, Decision<T>, unknown>;

export function* readHousehold(id: number): Generator<Read, Household | null, unknown> {
  return (yield { kind: 'household', id }) as Household | null;
}

export function* readPlaceholders(villageId: number): Generator<Read, PlaceholderHousehold[], unknown> {
  return (yield { kind: 'placeholders', villageId }) as PlaceholderHousehold[];
}

export function* readRecordedRequest(clientId: string): Generator<Read, RecordedMove | null, unknown> {
  return (yield { kind: 'recorded_request', clientId }) as RecordedMove | null;
}

export function* readEvidencePhotos(householdId: number): Generator<Read, number[], unknown> {
  return (yield { kind: 'evidence_photos', householdId }) as number[];
}

export function* readPhoto(id: number): Generator<Read, Photo | null, unknown> {
  return (yield { kind: 'photo', id }) as Photo | null;
}

export function* readAcceptanceRecord(householdId: number): Generator<Read, string | null, unknown> {
  return (yield { kind: 'acceptance_record', householdId }) as string | null;
}

export function* readCompletionRecorder(householdId: number): Generator<Read, number | null, unknown> {
  return (yield { kind: 'completion_recorder', householdId }) as number | null;
}

/**
 * The counter steps for a household entering `to` (from `from`, or as its first recorded status)
 * on `day`. Always in one order (counts before deltas, statuses alphabetically), so two
 * transactions moving households of one village in opposite directions on PostgreSQL wait for
 * each other instead of deadlocking.
 */
export function statusCounterSteps(key: HouseholdKey, from: RepairStatus | null, to: RepairStatus, day: string): WriteStep[] {
  const signed: [RepairStatus, number][] = [[to, 1]];
  if (from !== null) signed.push([from, -1]);
  signed.sort(([a], [b]) => a.localeCompare(b));
  return [
    ...signed.map(([status, delta]): WriteStep => ({ kind: 'count', key, status, delta })),
    ...signed.map(([status, delta]): WriteStep => ({ kind: 'count_delta', key, status, day, delta })),
    ...(from === null ? [] : [{ kind: 'count_entry', key, status: to, day, entries: 1 } satisfies WriteStep]),
  ];
}

/**
 * A household moved to another village or grade (a correction, a re-appraisal): its current
 * status and its whole history now count there, so past reports stay the sum of history. In
 * one order (by village, then grade) for the same reason as statusCounterSteps.
 */
export function regroupCounterSteps(householdId: number, status: RepairStatus, from: HouseholdKey, to: HouseholdKey): WriteStep[] {
  const signed = (
    [
      [from, -1],
      [to, 1],
    ] as [HouseholdKey, 1 | -1][]
  ).sort(([a], [b]) => a.villageId - b.villageId || a.grade.localeCompare(b.grade));
  return [
    ...signed.map(([key, delta]): WriteStep => ({ kind: 'count', key, status, delta })),
    ...signed.map(([key, sign]): WriteStep => ({ kind: 'recount_history', table: 'deltas', householdId, key, sign })),
    ...signed.map(([key, sign]): WriteStep => ({ kind: 'recount_history', table: 'entries', householdId, key, sign })),
  ];
}
