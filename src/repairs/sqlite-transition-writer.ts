import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { sqliteHandle } from '../database/prepared-query.js';
import { WriteTransactions } from '../database/write-transactions.js';
import type { Household } from '../households/entities/household.entity.js';
import { HouseholdNotFoundException, StaleVersionException } from '../households/household.exceptions.js';
import type { AccessScope } from '../regions/access-scope.js';
import { counterSteps, UPSERT_COUNT, UPSERT_DELTA, UPSERT_ENTRY } from '../reports/counters/status-counters.js';
import {
  assertMoveAllowed,
  assertNotOwnCompletion,
  assertOccurredOn,
  movedHousehold,
  needsCompletionRecorder,
  type Move,
  type MoveContext,
  type MoveResult,
} from './transition-rules.js';

type Row = Record<string, unknown>;

/** TypeORM's SQLite datetime text: UTC 'YYYY-MM-DD HH:MM:SS.SSS'. */
const sqliteInstant = (date: Date) => date.toISOString().replace('T', ' ').slice(0, 23);
const fromSqliteInstant = (text: unknown) => new Date(`${String(text).replace(' ', 'T')}Z`);
const bool = (value: unknown) => (value === null || value === undefined ? null : Boolean(value));

/** A households row as the entity the rest of the app knows. */
export function householdFromRow(r: Row): Household {
  return {
    id: Number(r.id),
    villageId: Number(r.village_id),
    householder: String(r.householder),
    address: (r.address as string | null) ?? null,
    rooms: r.rooms === null ? null : Number(r.rooms),
    grade: r.grade as Household['grade'],
    appraisalAgency: (r.appraisal_agency as string | null) ?? null,
    appraisalDate: (r.appraisal_date as string | null) ?? null,
    appraisalReportNo: (r.appraisal_report_no as string | null) ?? null,
    appraisalFindings: (r.appraisal_findings as string | null) ?? null,
    status: r.status as Household['status'],
    designDrawings: bool(r.design_drawings),
    constructionSupervision: bool(r.construction_supervision),
    technicalService: bool(r.technical_service),
    remarks: (r.remarks as string | null) ?? null,
    idCardNumber: (r.id_card_number as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
    isPlaceholder: Boolean(r.is_placeholder),
    firstRecordedOn: (r.first_recorded_on as string | null) ?? null,
    lastChangeOn: (r.last_change_on as string | null) ?? null,
    version: Number(r.version),
    createdAt: fromSqliteInstant(r.created_at),
    updatedAt: fromSqliteInstant(r.updated_at),
  };
}

/**
 * The transition write path on SQLite: one synchronous better-sqlite3 transaction of prepared
 * statements (the same checks, rows and counters as the TypeORM path in RepairsService).
 * TypeORM's repository and transaction machinery cost about 2.7 times the statements
 * themselves (about 1,000 against 2,750 moves a second at a million households on this
 * project's 2-core machine), and status changes are the hot write.
 */
@Injectable()
export class SqliteTransitionWriter {
  private statements: ReturnType<SqliteTransitionWriter['prepare']> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteTransactions,
  ) {}

  get available(): boolean {
    return sqliteHandle(this.dataSource) !== null;
  }

  /** Moves the household, returning it as it was and as it is now. */
  transition(id: number, move: Move, user: AuthUser, scope: AccessScope, context: MoveContext): Promise<MoveResult> {
    return this.writes.exclusive(() => {
      const s = (this.statements ??= this.prepare());
      return s.db.transaction(() => {
        const row = s.household.get(id) as Row | undefined;
        if (!row || !scope.covers(Number(row.village_id))) throw new HouseholdNotFoundException(id);
        const before = householdFromRow(row);
        assertMoveAllowed(before, move, user);
        if (needsCompletionRecorder(before, move, user)) {
          const completion = s.completionRecorder.get(id) as Row | undefined;
          assertNotOwnCompletion(completion?.actor_user_id == null ? null : Number(completion.actor_user_id), user);
        }
        // households.last_change_on is the latest occurred_on of its history (the counter check
        // verifies it), and the version check above means nobody has moved it since.
        assertOccurredOn(move, context.today, before.lastChangeOn);
        const recordedAt = sqliteInstant(context.now);
        const updated = s.update.run(move.to, move.occurredOn, recordedAt, id, move.version);
        if (updated.changes !== 1) throw new StaleVersionException(id, move.version, before.version + 1);
        s.insertChange.run(id, before.status, move.to, move.occurredOn, recordedAt, user.displayName, user.id, move.note);
        const steps = counterSteps(before.status, move.to);
        for (const [status, delta] of steps) s.upsertCount.run(before.villageId, before.grade, status, delta);
        for (const [status, delta] of steps) s.upsertDelta.run(before.villageId, before.grade, status, move.occurredOn, delta);
        s.upsertEntry.run(before.villageId, before.grade, move.to, move.occurredOn, 1);
        return { before, after: movedHousehold(before, move, context.now) };
      })();
    });
  }

  private prepare() {
    const db = sqliteHandle(this.dataSource)!;
    const p = () => '?';
    return {
      db,
      household: db.prepare('SELECT * FROM households WHERE id = ?'),
      completionRecorder: db.prepare(
        `SELECT actor_user_id FROM status_changes WHERE household_id = ? AND to_status = 'completed' ORDER BY id DESC LIMIT 1`,
      ),
      update: db.prepare(
        'UPDATE households SET status = ?, last_change_on = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?',
      ),
      insertChange: db.prepare(
        'INSERT INTO status_changes (household_id, from_status, to_status, occurred_on, recorded_at, actor, actor_user_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      upsertCount: db.prepare(UPSERT_COUNT(p)),
      upsertDelta: db.prepare(UPSERT_DELTA(p)),
      upsertEntry: db.prepare(UPSERT_ENTRY(p)),
    };
  }
}
