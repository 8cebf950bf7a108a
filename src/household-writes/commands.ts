import type { ActorRef, AuthUser } from '../auth/auth-user.js';
import { isInspectionVerdict, mayRecordBaseline } from '../auth/permissions.js';
import { invalidField, ValidationFailedException } from '../common/errors.js';
import type { Household } from '../households/entities/household.entity.js';
import { diffHousehold, EDITABLE_FIELDS, PERSONAL_FIELDS, type FieldChange, type HouseholdPatch } from '../households/household-changes.js';
import { HouseholdNotFoundException, StaleVersionException } from '../households/household.exceptions.js';
import { maskIdCardNumber, maskPhone } from '../personal-data/masking.js';
import type { AccessScope } from '../regions/access-scope.js';
import { AcceptancePhotoRequiredException, ClientIdReusedException, MoveNotPermittedException } from '../repairs/repair.exceptions.js';
import { inspectionProblems, inspectionRecord, lacksRequiredPhoto } from '../repairs/inspection.js';
import { recordedHousehold } from './recorded-requests.js';
import type { RepairStatus } from '../repairs/repair-status.js';
import { checkOccurredOn } from '../repairs/repair-workflow.js';
import {
  assertMoveAllowed,
  assertNotOwnCompletion,
  assertOccurredOn,
  movedHousehold,
  needsCompletionRecorder,
  type Move,
  type MoveContext,
  type MoveResult,
} from '../repairs/transition-rules.js';
import {
  readCompletionRecorder,
  readEvidencePhotos,
  readHousehold,
  readRecordedRequest,
  type RecordedMove,
  readPlaceholders,
  regroupCounterSteps,
  statusCounterSteps,
  type Command,
  type HouseholdKey,
  type HouseholdValues,
  type WriteStep,
} from './write-steps.js';

/**
 * The decisions about households, one per kind of change, each the only place its change is
 * decided: given what is stored (read through the store) and the request, the refusal or the
 * rows and counter steps to write. Every caller (the API, the seed, an import, a batch) runs
 * them through HouseholdWriter, whichever database is underneath.
 */

const keyOf = (h: Pick<Household, 'villageId' | 'grade'>): HouseholdKey => ({ villageId: h.villageId, grade: h.grade });

/** The edit log's value: personal data masked, so the log never holds a full number. */
function loggedValue(change: FieldChange, value: unknown): string {
  if (!PERSONAL_FIELDS.includes(change.field) || typeof value !== 'string') return JSON.stringify(value);
  return JSON.stringify(change.field === 'idCardNumber' ? maskIdCardNumber(value) : maskPhone(value));
}

/** A household's own fields as a request or a file gives them: the required ones, the others if known. */
export type HouseholdFields = Pick<Household, 'villageId' | 'householder' | 'grade'> &
  Partial<Pick<Household, (typeof EDITABLE_FIELDS)[number]>>;

export interface NewHousehold {
  fields: HouseholdFields;
  /** Its status when it is entered (the baseline, not a move) and the day it held it. */
  status: RepairStatus;
  statusOn: string;
  note: string | null;
  /**
   * Moves after the baseline, in order (a ledger row's later dates), each judged by the same
   * rules as a move of a stored household and written as its own history entry with `note`.
   */
  moves?: readonly { to: RepairStatus; occurredOn: string }[];
  isPlaceholder?: boolean;
  /** Refuses a village the recorder may not enter households in (RegionsService.assertVillage). */
  assertVillage: (villageId: number) => void;
}

/** Who records a change, and when. */
export interface Recording {
  actor: ActorRef;
  role: AuthUser['role'];
  today: string;
  now: Date;
}

/** A new household with its first history entry: its baseline status on `statusOn`. */
// eslint-disable-next-line require-yield -- a command that reads nothing before it decides
export function* createHousehold(input: NewHousehold, by: Recording): Command<Household> {
  const dateProblem = checkOccurredOn(input.statusOn, by.today, null);
  if (dateProblem) throw invalidField('statusOn', dateProblem);
  if (!mayRecordBaseline(by.role, input.status)) throw MoveNotPermittedException.enteredAsAccepted(by.role);
  input.assertVillage(input.fields.villageId);
  const f = input.fields;
  const moves = input.moves ?? [];
  const last = moves.at(-1);
  const values: HouseholdValues = {
    villageId: f.villageId,
    householder: f.householder.trim(),
    address: f.address ?? null,
    rooms: f.rooms ?? null,
    grade: f.grade,
    appraisalAgency: f.appraisalAgency ?? null,
    appraisalDate: f.appraisalDate ?? null,
    appraisalReportNo: f.appraisalReportNo ?? null,
    appraisalFindings: f.appraisalFindings ?? null,
    status: last?.to ?? input.status,
    designDrawings: f.designDrawings ?? null,
    constructionSupervision: f.constructionSupervision ?? null,
    technicalService: f.technicalService ?? null,
    remarks: f.remarks ?? null,
    idCardNumber: f.idCardNumber ?? null,
    phone: f.phone ?? null,
    isPlaceholder: input.isPlaceholder ?? false,
    firstRecordedOn: input.statusOn,
    lastChangeOn: last?.occurredOn ?? input.statusOn,
    version: 1 + moves.length,
    createdAt: by.now,
    updatedAt: by.now,
  };
  const steps: WriteStep[] = [
    { kind: 'insert_household', values },
    ...statusCounterSteps(keyOf(values), null, input.status, input.statusOn),
    {
      kind: 'insert_status_change',
      householdId: 'new',
      fromStatus: null,
      toStatus: input.status,
      occurredOn: input.statusOn,
      recordedAt: by.now,
      actor: by.actor.name,
      actorUserId: by.actor.userId,
      note: input.note,
    },
  ];
  // Each later move as moveHousehold would judge it on the household as it stands after the one before.
  let current: Household = { id: 0, ...values, status: input.status, lastChangeOn: input.statusOn, version: 1 };
  for (const later of moves) {
    const move: Move = { to: later.to, occurredOn: later.occurredOn, version: current.version, note: input.note };
    assertMoveAllowed(current, move, by);
    assertOccurredOn(move, by.today, current.lastChangeOn);
    steps.push(
      {
        kind: 'insert_status_change',
        householdId: 'new',
        fromStatus: current.status,
        toStatus: move.to,
        occurredOn: move.occurredOn,
        recordedAt: by.now,
        actor: by.actor.name,
        actorUserId: by.actor.userId,
        note: input.note,
      },
      ...statusCounterSteps(keyOf(values), current.status, move.to, move.occurredOn),
    );
    current = movedHousehold(current, move, by.now);
  }
  return {
    steps,
    result: ({ insertedId }) => {
      if (insertedId === null) throw new Error('The store reported no id for the inserted household');
      return { id: insertedId, ...values };
    },
  };
}

export interface Edit {
  id: number;
  version: number;
  patch: HouseholdPatch;
  scope: AccessScope;
  /** Refuses a village the editor may not move the household to (RegionsService.assertVillage). */
  assertVillage: (villageId: number) => void;
}

/** Fields other than the status changed, each changed field logged; nothing at all when nothing changes. */
export function* editHousehold(edit: Edit, by: Recording): Command<{ household: Household; changed: string[] }> {
  const current = yield* readHousehold(edit.id);
  if (!current || !edit.scope.covers(current.villageId)) throw new HouseholdNotFoundException(edit.id);
  if (current.version !== edit.version) throw new StaleVersionException(edit.id, edit.version, current.version);
  const changes = diffHousehold(current, edit.patch);
  if (changes.length === 0) return { steps: [], result: () => ({ household: current, changed: [] }) };
  const set = Object.fromEntries(changes.map((c) => [c.field, c.newValue])) as Partial<HouseholdValues>;
  const after: Household = { ...current, ...set, version: current.version + 1, updatedAt: by.now };
  if (after.villageId !== current.villageId) edit.assertVillage(after.villageId);
  const regrouped = after.villageId !== current.villageId || after.grade !== current.grade;
  const steps: WriteStep[] = [
    { kind: 'update_household', id: edit.id, version: edit.version, set: { ...set, updatedAt: by.now } },
    ...(regrouped ? regroupCounterSteps(edit.id, current.status, keyOf(current), keyOf(after)) : []),
    ...changes.map((c): WriteStep => ({
      kind: 'insert_edit',
      householdId: edit.id,
      field: c.field,
      oldValue: loggedValue(c, c.oldValue),
      newValue: loggedValue(c, c.newValue),
      actor: by.actor.name,
      actorUserId: by.actor.userId,
      editedAt: by.now,
    })),
  ];
  return { steps, result: () => ({ household: after, changed: changes.map((c) => c.field) }) };
}

/**
 * A status move with its history entry and counters, after every check of transition-rules.ts.
 * With a clientId already recorded, the first answer again and nothing written; a new one is
 * recorded with the move. An inspector's verdict keeps its acceptance record (inspection.ts).
 */
export function* moveHousehold(id: number, move: Move, user: AuthUser, scope: AccessScope, context: MoveContext): Command<MoveResult> {
  const recorded = move.clientId ? yield* readRecordedRequest(move.clientId) : null;
  const before = yield* readHousehold(id);
  if (!before || !scope.covers(before.villageId)) throw new HouseholdNotFoundException(id);
  if (recorded) {
    if (!isRetryOf(recorded, id, move, user)) throw new ClientIdReusedException(recorded.clientId);
    const after: Household = { ...recorded.household, idCardNumber: before.idCardNumber, phone: before.phone };
    return { steps: [], result: () => ({ duplicate: true, after }) };
  }
  assertMoveAllowed(before, move, user);
  const inspectionFields = inspectionProblems(before.status, move.to, move.inspection);
  if (inspectionFields.length > 0) throw new ValidationFailedException(inspectionFields);
  if (needsCompletionRecorder(before, move, user)) assertNotOwnCompletion(yield* readCompletionRecorder(id), user);
  // households.last_change_on is the latest occurred_on of its history (the counter check
  // verifies it), and the version check above means nobody has moved it since.
  assertOccurredOn(move, context.today, before.lastChangeOn);
  let inspection: string | null = null;
  if (isInspectionVerdict(before.status, move.to)) {
    const photoIds = yield* readEvidencePhotos(id);
    if (lacksRequiredPhoto(move.to, context.acceptancePhotoRequired ?? false, photoIds)) throw new AcceptancePhotoRequiredException(id);
    inspection = JSON.stringify(inspectionRecord(move.to, move.inspection, photoIds));
  }
  const after = movedHousehold(before, move, context.now);
  const steps: WriteStep[] = [
    {
      kind: 'update_household',
      id,
      version: move.version,
      set: { status: move.to, lastChangeOn: move.occurredOn, updatedAt: context.now },
    },
    {
      kind: 'insert_status_change',
      householdId: id,
      fromStatus: before.status,
      toStatus: move.to,
      occurredOn: move.occurredOn,
      recordedAt: context.now,
      actor: user.displayName,
      actorUserId: user.id,
      note: move.note,
      inspection,
    },
    ...statusCounterSteps(keyOf(before), before.status, move.to, move.occurredOn),
  ];
  if (move.clientId) {
    const request = { clientId: move.clientId, userId: user.id, householdId: id, toStatus: move.to, occurredOn: move.occurredOn };
    steps.push({ kind: 'record_request', request: { ...request, household: recordedHousehold(after) }, recordedAt: context.now });
  }
  return { steps, result: () => ({ duplicate: false, before, after }) };
}

/** Whether a move sent with a recorded clientId is that same move again (same sender, household, status and date). */
function isRetryOf(recorded: RecordedMove, householdId: number, move: Move, user: AuthUser): boolean {
  return (
    recorded.userId === user.id &&
    recorded.householdId === householdId &&
    recorded.toStatus === move.to &&
    recorded.occurredOn === move.occurredOn
  );
}

/**
 * A village's placeholder households removed with their history and their counts (the Qingxu
 * seed's stand-ins for households not yet entered by name: they are not people). Answers how
 * many were removed.
 */
export function* removePlaceholders(villageId: number): Command<number> {
  const placeholders = yield* readPlaceholders(villageId);
  const steps: WriteStep[] = placeholders.flatMap((h): WriteStep[] => {
    const key = keyOf(h);
    return [
      { kind: 'count', key, status: h.status, delta: -1 },
      { kind: 'recount_history', table: 'deltas', householdId: h.id, key, sign: -1 },
      { kind: 'recount_history', table: 'entries', householdId: h.id, key, sign: -1 },
      { kind: 'delete_household', id: h.id },
    ];
  });
  return { steps, result: () => placeholders.length };
}
