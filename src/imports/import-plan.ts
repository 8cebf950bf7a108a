import { createHash } from 'node:crypto';
import { mayRecordBaseline } from '../auth/permissions.js';
import type { AuthUser } from '../auth/auth-user.js';
import { issue } from '../common/messages/problem.js';
import { createHousehold, editHousehold, moveHousehold, type HouseholdFields, type Recording } from '../household-writes/commands.js';
import type { Command } from '../household-writes/write-steps.js';
import type { DamageGrade } from '../households/damage-grade.js';
import type { Household } from '../households/entities/household.entity.js';
import { diffHousehold, type EditableField, type HouseholdPatch } from '../households/household-changes.js';
import type { AccessScope } from '../regions/access-scope.js';
import type { RepairStatus } from '../repairs/repair-status.js';
import { importIssue, type CellIssue } from './import-messages.js';
import { ledgerColumn, type LedgerColumnKey } from './ledger-columns.js';
import type { ReadRow, RowValues } from './row-values.js';
import { rowHistory, type DatedStatus, type RowHistoryProblem, type StoredHistory } from './row-history.js';
import type { VillageLookup } from './village-lookup.js';

/**
 * What each ledger row would do to the stored households: create one, update one (the fields
 * it changes, the dated moves it adds), leave one as it is, or nothing because the row is
 * invalid, with every reason at its column. The decisions about the households themselves
 * are the write model's commands (household-writes/commands.ts): a row's plan is the commands
 * to run, made afresh each time they are run (a dry run in memory while validating, the
 * database at commit). The planner only finds the household a row means and turns the row's
 * cells and dates into those commands.
 *
 * A household is matched by 身份证号 when the row has one (or, failing that, by 村, 户主 and 地址
 * among households recorded without one), else by 村, 户主 and 地址. A row that means the same
 * household as an earlier row is invalid (the earlier one stands); so is a row whose key matches
 * two stored households. Placeholder households are never matched: they are not people.
 */

/** A stored household as the planner needs it: its row and the day each milestone was reached. */
export interface StoredHousehold extends Household {
  reachedOn: Partial<Record<RepairStatus, string>>;
}

export interface StoredVillage {
  households: StoredHousehold[];
  placeholders: number;
}

/** The stored households the planner looks rows up in, read from the database (or memory, in tests). */
export interface StoredSource {
  village(villageId: number): Promise<StoredVillage>;
  /** Villages within the scope with a household recorded under one of these ID-card numbers. */
  villagesOfIdCards(idCards: readonly string[]): Promise<number[]>;
}

export interface PlanContext {
  lookup: VillageLookup;
  source: StoredSource;
  user: AuthUser;
  scope: AccessScope;
  recording: Recording;
  /** The day an import without dates records its households as pending on. */
  importDay: string;
  fileName: string;
  replacePlaceholders: boolean;
  assertVillage: (villageId: number) => void;
  villageName: (villageId: number) => string;
}

/** One problem of an invalid row: at a column (by its key) or the row as a whole. */
export interface RowError {
  row: number;
  key: LedgerColumnKey | null;
  code: string;
  params: Record<string, unknown>;
}

export type RowPlan =
  | { kind: 'invalid'; row: number; errors: RowError[] }
  | { kind: 'unchanged'; row: number; householdId: number; version: number }
  | { kind: 'create'; row: number; villageId: number; commands: () => Command<unknown>[] }
  | {
      kind: 'update';
      row: number;
      householdId: number;
      version: number;
      villageId: number;
      changed: EditableField[];
      commands: () => Command<unknown>[];
    };

const NOT_FIELDS = new Set<LedgerColumnKey>(['township', 'village', 'startedOn', 'completedOn', 'acceptedOn']);

const nameKey = (villageId: number, householder: string, address: string | null) =>
  `n\u0000${villageId}\u0000${householder}\u0000${address ?? ''}`;
const idKey = (idCard: string) => `i\u0000${idCard}`;

export class ImportPlanner {
  private readonly byId = new Map<number, StoredHousehold>();
  private readonly byIdCard = new Map<string, number[]>();
  private readonly byName = new Map<string, number[]>();
  private readonly loaded = new Set<number>();
  private readonly placeholders = new Map<number, number>();
  /** Each key a row has used, and the first row that used it. */
  private readonly seen = new Map<string, number>();
  /** Stored households a row has already claimed, and that row. */
  private readonly claimed = new Map<number, number>();
  private readonly digest = createHash('sha256');
  /** Villages whose placeholders this import removes (replacePlaceholders), with how many. */
  readonly replacing = new Map<number, number>();

  constructor(private readonly context: PlanContext) {}

  /** Loads what the rows may match: the villages they name and the villages of their ID-card numbers. */
  async prefetch(rows: readonly ReadRow[]): Promise<void> {
    const villages = new Set<number>();
    const idCards: string[] = [];
    for (const row of rows) {
      const village = this.village(row.values);
      if (village?.ok) villages.add(village.villageId);
      if (typeof row.values.idCardNumber === 'string' && !this.byIdCard.has(row.values.idCardNumber)) idCards.push(row.values.idCardNumber);
    }
    if (idCards.length > 0) for (const id of await this.context.source.villagesOfIdCards(idCards)) villages.add(id);
    for (const villageId of villages) await this.load(villageId);
  }

  /** The row's plan. Call prefetch with the row (or a batch holding it) first. */
  plan(row: ReadRow): RowPlan {
    const plan = this.decide(row);
    this.digest.update(digestLine(plan));
    return plan;
  }

  /** A row the dry run found refused by the write model. */
  refused(plan: Exclude<RowPlan, { kind: 'invalid' }>, error: RowError): RowPlan {
    const invalid: RowPlan = { kind: 'invalid', row: plan.row, errors: [error] };
    this.digest.update(`!${plan.row}\n`);
    return invalid;
  }

  /** A hash of every decision so far: the same file against the same households gives the same digest. */
  digestHex(): string {
    return this.digest.copy().digest('hex');
  }

  storedHousehold(id: number): StoredHousehold | undefined {
    return this.byId.get(id);
  }

  private village(values: RowValues) {
    if (typeof values.village !== 'string') return null;
    return this.context.lookup.find(values.village, typeof values.township === 'string' ? values.township : null);
  }

  private async load(villageId: number): Promise<void> {
    if (this.loaded.has(villageId)) return;
    this.loaded.add(villageId);
    const village = await this.context.source.village(villageId);
    this.placeholders.set(villageId, village.placeholders);
    for (const household of village.households) {
      this.byId.set(household.id, household);
      if (household.idCardNumber) push(this.byIdCard, household.idCardNumber, household.id);
      push(this.byName, nameKey(household.villageId, household.householder, household.address), household.id);
    }
  }

  private decide(read: ReadRow): RowPlan {
    const { row, values } = read;
    const errors: RowError[] = read.problems.map((p) => cellError(row, p.key, p.issue));
    const village = this.village(values);
    if (village && !village.ok) errors.push(cellError(row, village.column, village.issue));
    if (errors.length > 0 || !village?.ok) return { kind: 'invalid', row, errors };
    const villageId = village.villageId;
    const householder = values.householder as string;
    const address = (values.address as string | undefined) ?? null;
    const idCard = (values.idCardNumber as string | undefined) ?? null;

    // The same household as an earlier row?
    const ownKeys = [nameKey(villageId, householder, address), ...(idCard ? [idKey(idCard)] : [])];
    const key = idCard ? idKey(idCard) : ownKeys[0];
    const firstRow = this.seen.get(key);
    if (firstRow !== undefined) return invalid(row, idCard ? 'idCardNumber' : 'householder', importIssue('duplicate_row', { firstRow }));
    for (const k of ownKeys) if (!this.seen.has(k)) this.seen.set(k, row);

    const matched = this.match(villageId, householder, address, idCard);
    if (matched.kind === 'ambiguous') {
      return invalid(row, matched.key, importIssue('ambiguous_match', { count: matched.count }));
    }
    const stored = matched.kind === 'one' ? this.byId.get(matched.id)! : null;
    if (stored) {
      const claimedBy = this.claimed.get(stored.id);
      if (claimedBy !== undefined)
        return invalid(row, idCard ? 'idCardNumber' : 'householder', importIssue('duplicate_row', { firstRow: claimedBy }));
      this.claimed.set(stored.id, row);
    }

    const placeholders = this.placeholders.get(villageId) ?? 0;
    if (placeholders > 0 && !this.context.replacePlaceholders) {
      return invalid(
        row,
        'village',
        importIssue('village_has_placeholders', { village: this.context.villageName(villageId), count: placeholders }),
      );
    }

    const dates = {
      appraisalDate: dateValue(values.appraisalDate),
      startedOn: dateValue(values.startedOn),
      completedOn: dateValue(values.completedOn),
      acceptedOn: dateValue(values.acceptedOn),
    };
    const { recording } = this.context;
    if (dates.acceptedOn !== null && !mayRecordBaseline(recording.role, 'accepted')) {
      return {
        kind: 'invalid',
        row,
        errors: [{ row, key: 'acceptedOn', code: 'role_may_not_enter_accepted', params: { role: recording.role } }],
      };
    }
    const history = rowHistory(dates, stored && storedHistory(stored), recording.today, this.context.importDay);
    if (!history.ok) return { kind: 'invalid', row, errors: [historyError(row, history.problem)] };

    if (placeholders > 0 && !this.replacing.has(villageId)) this.replacing.set(villageId, placeholders);
    const note = `导入台账：${this.context.fileName} 第 ${row} 行`;
    const fields = householdFields(values, villageId);

    if (!stored) {
      const baseline = history.baseline as DatedStatus;
      return {
        kind: 'create',
        row,
        villageId,
        commands: () => [
          createHousehold(
            {
              fields,
              status: baseline.status,
              statusOn: baseline.on,
              moves: history.moves.map((m) => ({ to: m.status, occurredOn: m.on })),
              note,
              assertVillage: this.context.assertVillage,
            },
            recording,
          ),
        ],
      };
    }

    const patch: HouseholdPatch = {};
    for (const [field, value] of Object.entries(fields) as [EditableField, unknown][]) if (value !== null) patch[field] = value;
    const changed = diffHousehold(stored, patch).map((c) => c.field);
    if (changed.length === 0 && history.moves.length === 0)
      return { kind: 'unchanged', row, householdId: stored.id, version: stored.version };
    const { user, scope } = this.context;
    const { id, version } = stored;
    const edited = changed.length > 0 ? 1 : 0;
    return {
      kind: 'update',
      row,
      householdId: id,
      version,
      villageId: stored.villageId,
      changed,
      commands: () => [
        ...(edited ? [editHousehold({ id, version, patch, scope, assertVillage: this.context.assertVillage }, recording)] : []),
        ...history.moves.map((m, i) =>
          moveHousehold(id, { to: m.status, occurredOn: m.on, version: version + edited + i, note }, user, scope, recording),
        ),
      ],
    };
  }

  private match(
    villageId: number,
    householder: string,
    address: string | null,
    idCard: string | null,
  ): { kind: 'none' } | { kind: 'one'; id: number } | { kind: 'ambiguous'; key: LedgerColumnKey; count: number } {
    const live = (ids: readonly number[] | undefined) => (ids ?? []).filter((id) => this.byId.has(id));
    if (idCard) {
      const byCard = live(this.byIdCard.get(idCard));
      if (byCard.length > 1) return { kind: 'ambiguous', key: 'idCardNumber', count: byCard.length };
      if (byCard.length === 1) return { kind: 'one', id: byCard[0] };
    }
    let byName = live(this.byName.get(nameKey(villageId, householder, address)));
    // A row with an ID-card number may still mean a household recorded without one.
    if (idCard) byName = byName.filter((id) => !this.byId.get(id)!.idCardNumber);
    if (byName.length > 1) return { kind: 'ambiguous', key: 'householder', count: byName.length };
    return byName.length === 1 ? { kind: 'one', id: byName[0] } : { kind: 'none' };
  }
}

function push(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}

const dateValue = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The household fields a row gives (blank cells as null: an import never clears a field). */
function householdFields(values: RowValues, villageId: number): HouseholdFields {
  const fields: Record<string, unknown> = { villageId };
  for (const [key, value] of Object.entries(values) as [LedgerColumnKey, unknown][]) {
    if (!NOT_FIELDS.has(key)) fields[key] = value ?? null;
  }
  return fields as HouseholdFields & { grade: DamageGrade };
}

function storedHistory(stored: StoredHousehold): StoredHistory {
  return { status: stored.status, lastChangeOn: stored.lastChangeOn, reachedOn: stored.reachedOn };
}

function cellError(row: number, key: LedgerColumnKey, cellIssue: CellIssue): RowError {
  return { row, key, code: cellIssue.code, params: { ...cellIssue.params } };
}

function invalid(row: number, key: LedgerColumnKey, cellIssue: CellIssue): RowPlan {
  return { kind: 'invalid', row, errors: [cellError(row, key, cellIssue)] };
}

function historyError(row: number, problem: RowHistoryProblem): RowError {
  switch (problem.code) {
    case 'date_in_future':
      return cellError(row, problem.column, issue('date_in_future', { date: problem.date, today: problem.today }));
    case 'dates_out_of_order':
      return cellError(
        row,
        problem.column,
        importIssue('dates_out_of_order', {
          date: problem.date,
          earlier: ledgerColumn(problem.earlierColumn).header,
          earlierDate: problem.earlierDate,
        }),
      );
    case 'accepted_without_completion':
      return cellError(row, problem.column, importIssue('accepted_without_completion'));
    case 'milestone_differs':
      return cellError(row, problem.column, importIssue('milestone_differs', { date: problem.date, recorded: problem.recorded }));
    case 'before_last_change':
      return cellError(
        row,
        problem.column,
        importIssue('before_recorded_change', { date: problem.date, lastChangeOn: problem.lastChangeOn }),
      );
  }
}

/** What a decision contributes to the digest: enough to tell a different decision apart. */
function digestLine(plan: RowPlan): string {
  switch (plan.kind) {
    case 'invalid':
      return `!${plan.row}\n`;
    case 'unchanged':
      return `=${plan.row}:${plan.householdId}:${plan.version}\n`;
    case 'create':
      return `+${plan.row}:${plan.villageId}\n`;
    case 'update':
      return `~${plan.row}:${plan.householdId}:${plan.version}:${plan.changed.join(',')}\n`;
  }
}
