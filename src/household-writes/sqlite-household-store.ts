import type BetterSqlite3 from 'better-sqlite3';
import type { Household } from '../households/entities/household.entity.js';
import { StaleVersionException } from '../households/household.exceptions.js';
import { HOUSEHOLD_COLUMNS, type HouseholdColumn } from './household-columns.js';
import { COMPLETION_RECORDER, householdFromRow } from './household-rows.js';
import { RECOUNT_HISTORY_DELTAS, RECOUNT_HISTORY_ENTRIES, UPSERT_COUNT, UPSERT_DELTA, UPSERT_ENTRY } from './status-counters.js';
import { householdToJson, recordedMoveFromRow } from './recorded-requests.js';
import { ACCEPTANCE_RECORD, EVIDENCE_PHOTOS, photoFromRow } from './photo-rows.js';
import { GenerationShards, RAISE_GENERATION } from '../database/report-generations.js';
import { InsertedHousehold, type Command, type Settled, type Read, type WriteStep, type Written } from './write-steps.js';

type Row = Record<string, unknown>;

/** TypeORM's SQLite datetime text: UTC 'YYYY-MM-DD HH:MM:SS.SSS'. */
const sqliteInstant = (date: Date) => date.toISOString().replace('T', ' ').slice(0, 23);
const fromSqliteInstant = (text: unknown) => new Date(`${String(text).replace(' ', 'T')}Z`);

/** A value as better-sqlite3 binds it: booleans as 0/1, instants as TypeORM writes them. */
function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return sqliteInstant(value);
  return value ?? null;
}

/**
 * Runs commands on SQLite: each one inside one synchronous better-sqlite3 transaction of
 * prepared statements, reads and writes alike. TypeORM's repository and transaction machinery
 * cost about 2.7 times the statements themselves (about 1,000 against 2,750 moves a second at a
 * million households on this project's 2-core machine), and moves are the hot write. The caller
 * makes sure no TypeORM transaction is open on the shared connection (WriteTransactions.exclusive).
 */
export class SqliteHouseholdStore {
  /** The statements whose text never changes, prepared once. */
  private readonly fixed: ReturnType<typeof prepareFixed>;
  /** Inserts and updates, whose columns vary with the decision: prepared once per set of columns. */
  private readonly byColumns = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: BetterSqlite3.Database) {
    this.fixed = prepareFixed(db);
  }

  /** Runs every command in one transaction: all their steps are written, or none. */
  runAll<T>(commands: readonly Command<T>[]): T[] {
    return this.db.transaction(() => commands.map((command) => this.runOne(command)))();
  }

  /**
   * Runs the commands in one transaction, each inside its own savepoint: one refused (an error
   * `isRefusal` accepts) leaves nothing of itself and the others go on; any other error rolls
   * back all of them.
   */
  runEach<T>(commands: readonly Command<T>[], isRefusal: (error: unknown) => boolean): Settled<T>[] {
    return this.db.transaction(() =>
      commands.map((command): Settled<T> => {
        try {
          return { ok: true, value: this.db.transaction(() => this.runOne(command))() };
        } catch (error) {
          if (!isRefusal(error)) throw error;
          return { ok: false, error };
        }
      }),
    )();
  }

  private runOne<T>(command: Command<T>): T {
    let next = command.next();
    while (!next.done) next = command.next(this.read(next.value));
    return next.value.result(this.write(next.value.steps));
  }

  private read(read: Read): unknown {
    switch (read.kind) {
      case 'household': {
        const row = this.fixed.household.get(read.id) as Row | undefined;
        return row ? householdFromRow(row, fromSqliteInstant) : null;
      }
      case 'completion_recorder': {
        const row = this.fixed.completionRecorder.get(read.householdId) as Row | undefined;
        return row?.actor_user_id == null ? null : Number(row.actor_user_id);
      }
      case 'placeholders':
        return (this.fixed.placeholders.all(read.villageId) as Row[]).map((r) => ({
          id: Number(r.id),
          villageId: Number(r.village_id),
          grade: r.grade as Household['grade'],
          status: r.status as Household['status'],
        }));
      case 'recorded_request': {
        const row = this.fixed.recordedRequest.get(read.clientId) as Row | undefined;
        return row ? recordedMoveFromRow(row) : null;
      }
      case 'evidence_photos':
        return (this.fixed.evidencePhotos.all(read.householdId) as Row[]).map((r) => Number(r.id));
      case 'photo': {
        const row = this.fixed.photo.get(read.id) as Row | undefined;
        return row ? photoFromRow(row, fromSqliteInstant) : null;
      }
      case 'acceptance_record': {
        const row = this.fixed.acceptanceRecord.get(read.householdId) as Row | undefined;
        return typeof row?.inspection === 'string' ? row.inspection : null;
      }
    }
  }

  private write(steps: readonly WriteStep[]): Written {
    const s = this.fixed;
    const inserted = new InsertedHousehold();
    let photoId: number | null = null;
    const generations = new GenerationShards();
    generations.addSteps(steps);
    for (const step of steps) {
      switch (step.kind) {
        case 'insert_household': {
          const columns = Object.keys(step.values) as HouseholdColumn[];
          const insert = this.withColumns('insert', columns, () => {
            const names = columns.map((c) => HOUSEHOLD_COLUMNS[c]).join(', ');
            return `INSERT INTO households (${names}) VALUES (${columns.map(() => '?').join(', ')})`;
          });
          inserted.id = Number(insert.run(...columns.map((c) => bindable(step.values[c]))).lastInsertRowid);
          break;
        }
        case 'update_household': {
          const columns = Object.keys(step.set) as HouseholdColumn[];
          const update = this.withColumns('update', columns, () => {
            const set = columns.map((c) => `${HOUSEHOLD_COLUMNS[c]} = ?`).join(', ');
            return `UPDATE households SET ${set}, version = version + 1 WHERE id = ? AND version = ?`;
          });
          if (update.run(...columns.map((c) => bindable(step.set[c])), step.id, step.version).changes !== 1) {
            const current = s.version.get(step.id) as Row | undefined;
            throw new StaleVersionException(step.id, step.version, Number(current?.version ?? step.version + 1));
          }
          break;
        }
        case 'insert_status_change':
          s.insertChange.run(
            inserted.resolve(step.householdId),
            step.fromStatus,
            step.toStatus,
            step.occurredOn,
            sqliteInstant(step.recordedAt),
            step.actor,
            step.actorUserId,
            step.note,
            step.inspection ?? null,
          );
          break;
        case 'record_request': {
          const r = step.request;
          s.insertRecordedRequest.run(
            r.clientId,
            r.userId,
            r.householdId,
            r.toStatus,
            r.occurredOn,
            householdToJson(r.household),
            sqliteInstant(step.recordedAt),
          );
          break;
        }
        case 'insert_photo': {
          const v = step.values;
          photoId = Number(
            s.insertPhoto.run(
              v.householdId,
              v.stage,
              v.takenOn,
              v.caption,
              v.width,
              v.height,
              v.bytes,
              v.sha256,
              v.mimeType,
              v.uploadedBy,
              v.uploadedByUserId,
              sqliteInstant(v.uploadedAt),
            ).lastInsertRowid,
          );
          break;
        }
        case 'delete_photo':
          s.deletePhoto.run(step.id);
          break;
        case 'insert_edit':
          s.insertEdit.run(
            step.householdId,
            step.field,
            step.oldValue,
            step.newValue,
            step.actor,
            step.actorUserId,
            sqliteInstant(step.editedAt),
          );
          break;
        case 'delete_household':
          s.deleteChanges.run(step.id);
          s.deleteEdits.run(step.id);
          s.deleteHousehold.run(step.id);
          break;
        case 'count':
          s.upsertCount.run(step.key.villageId, step.key.grade, step.status, step.delta);
          break;
        case 'count_delta':
          s.upsertDelta.run(step.key.villageId, step.key.grade, step.status, step.day, step.delta);
          break;
        case 'count_entry':
          s.upsertEntry.run(step.key.villageId, step.key.grade, step.status, step.day, step.entries);
          break;
        case 'recount_history': {
          const params = [step.key.villageId, step.key.grade, step.sign, step.householdId];
          if (step.table === 'deltas') s.recountDeltas.run(...params, step.householdId);
          else s.recountEntries.run(...params);
          break;
        }
      }
    }
    // SQLite runs one write at a time: the generations can be raised with the decision's own steps.
    for (const shard of generations.take()) s.raiseGeneration.run(shard);
    return { insertedId: inserted.id, insertedPhotoId: photoId };
  }

  private withColumns(kind: 'insert' | 'update', columns: readonly string[], sql: () => string): BetterSqlite3.Statement {
    const key = `${kind}:${columns.join(',')}`;
    let statement = this.byColumns.get(key);
    if (!statement) {
      statement = this.db.prepare(sql());
      this.byColumns.set(key, statement);
    }
    return statement;
  }
}

function prepareFixed(db: BetterSqlite3.Database) {
  const p = () => '?';
  return {
    household: db.prepare('SELECT * FROM households WHERE id = ?'),
    version: db.prepare('SELECT version FROM households WHERE id = ?'),
    placeholders: db.prepare(
      'SELECT id, village_id, grade, status FROM households WHERE village_id = ? AND is_placeholder = 1 ORDER BY id',
    ),
    deleteChanges: db.prepare('DELETE FROM status_changes WHERE household_id = ?'),
    deleteEdits: db.prepare('DELETE FROM household_edits WHERE household_id = ?'),
    deleteHousehold: db.prepare('DELETE FROM households WHERE id = ?'),
    completionRecorder: db.prepare(COMPLETION_RECORDER(p)),
    insertChange: db.prepare(
      'INSERT INTO status_changes (household_id, from_status, to_status, occurred_on, recorded_at, actor, actor_user_id, note, inspection) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    recordedRequest: db.prepare('SELECT * FROM recorded_requests WHERE client_id = ?'),
    insertRecordedRequest: db.prepare(
      'INSERT INTO recorded_requests (client_id, user_id, household_id, to_status, occurred_on, household, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    evidencePhotos: db.prepare(EVIDENCE_PHOTOS(p)),
    photo: db.prepare('SELECT * FROM photos WHERE id = ?'),
    insertPhoto: db.prepare(
      'INSERT INTO photos (household_id, stage, taken_on, caption, width, height, bytes, sha256, mime_type, uploaded_by, uploaded_by_user_id, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    deletePhoto: db.prepare('DELETE FROM photos WHERE id = ?'),
    acceptanceRecord: db.prepare(ACCEPTANCE_RECORD(p)),
    insertEdit: db.prepare(
      'INSERT INTO household_edits (household_id, field, old_value, new_value, actor, actor_user_id, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    upsertCount: db.prepare(UPSERT_COUNT(p)),
    upsertDelta: db.prepare(UPSERT_DELTA(p)),
    upsertEntry: db.prepare(UPSERT_ENTRY(p)),
    recountDeltas: db.prepare(RECOUNT_HISTORY_DELTAS(p)),
    recountEntries: db.prepare(RECOUNT_HISTORY_ENTRIES(p)),
    raiseGeneration: db.prepare(RAISE_GENERATION(p)),
  };
}
