import type { EntityManager } from 'typeorm';
import { NAMED_STATEMENTS_MAX, namedQuery } from '../database/named-statements.js';
import { placeholderFor, type Placeholder } from '../database/prepared-query.js';
import { GenerationShards, RAISE_GENERATION, raiseGenerations } from '../database/report-generations.js';
import { lockForUpdate } from '../database/write-transactions.js';
import { HOUSEHOLD_COLUMNS, type HouseholdColumn } from './household-columns.js';
import { COMPLETION_RECORDER, householdFromRow } from './household-rows.js';
import { HouseholdEdit } from '../households/entities/household-edit.entity.js';
import { Household } from '../households/entities/household.entity.js';
import { StaleVersionException } from '../households/household.exceptions.js';
import { StatusChange } from '../repairs/entities/status-change.entity.js';
import { Photo } from '../photos/entities/photo.entity.js';
import { RecordedRequest } from '../repairs/entities/recorded-request.entity.js';
import { ACCEPTANCE_RECORD, EVIDENCE_PHOTOS, photoFromRow } from './photo-rows.js';
import { householdToJson, recordedMoveFromRow } from './recorded-requests.js';
import { COUNTER_TABLES, RECOUNT_HISTORY_DELTAS, RECOUNT_HISTORY_ENTRIES, UPSERT_MANY, type CounterTable } from './status-counters.js';
import { InsertedHousehold, type Command, type HouseholdRef, type HouseholdValues, type Read, type WriteStep } from './write-steps.js';

type Row = Record<string, unknown>;

/** An instant column as a raw query hands it back: a Date from pg, TypeORM's UTC text from SQLite. */
const toInstant = (value: unknown): Date => (value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`));

/** A history row held until the next flush. */
type HeldChange = Omit<Extract<WriteStep, { kind: 'insert_status_change' }>, 'kind' | 'householdId'> & { householdId: number };

const CHANGE_COLUMNS = [
  'household_id',
  'from_status',
  'to_status',
  'occurred_on',
  'recorded_at',
  'actor',
  'actor_user_id',
  'note',
  'inspection',
] as const;

/** PostgreSQL: `rows` history rows in one INSERT (placeholders $1… unless `p` says otherwise). */
const INSERT_CHANGES = (rows: number, p: Placeholder = (n) => `$${n}`) =>
  `INSERT INTO status_changes (${CHANGE_COLUMNS.join(', ')}) VALUES ${Array.from(
    { length: rows },
    (_, r) => `(${CHANGE_COLUMNS.map((_c, c) => p(r * CHANGE_COLUMNS.length + c + 1)).join(', ')})`,
  ).join(', ')}`;

/**
 * The text of a named statement, built once per key (its shape): the same string every time,
 * so it is not rebuilt, nor hashed again to find its name, at every move.
 */
const texts = new Map<string, string>();
function textFor(key: string, build: () => string): string {
  let text = texts.get(key);
  if (text === undefined) {
    text = build();
    if (texts.size < NAMED_STATEMENTS_MAX) texts.set(key, text);
  }
  return text;
}

/**
 * What a flush statement writes: the household's conditional UPDATE and its columns (none: no
 * update), how many rows go to each table (0: none) and how many report generations it raises.
 */
export interface FlushShape {
  update?: readonly HouseholdColumn[];
  changes: number;
  counts: number;
  deltas: number;
  entries: number;
  generations?: number;
}

/** PostgreSQL: a household's conditional UPDATE of `columns` (parameters: the values, then id and version). */
function UPDATE_HOUSEHOLD(columns: readonly HouseholdColumn[], p: Placeholder): string {
  const set = columns.map((c, i) => `${HOUSEHOLD_COLUMNS[c]} = ${p(i + 1)}`).join(', ');
  const n = columns.length;
  return `UPDATE households SET ${set}${n > 0 ? ', ' : ''}version = version + 1 WHERE id = ${p(n + 1)} AND version = ${p(n + 2)}`;
}

/**
 * PostgreSQL: a move's writes as one statement, one round trip instead of four: the household's
 * conditional UPDATE, its history row, its counter changes and its report generation. The
 * parameters and the row locks come in the order the long way takes them: the household (its
 * UPDATE is the main statement, so the statement's row count is the UPDATE's), then the counter
 * rows (counts, deltas, entries: UPSERT_MANY's parameters), the history row (changeValues) and
 * the generation last, as raiseGenerations takes it just before the commit. So a move cannot
 * deadlock with a flush written the long way: PostgreSQL runs the main statement first and then
 * the WITH parts that nothing reads, last written first, so the parts after the main one are
 * written in reverse (test/flush-statement.pg-spec.ts checks the order on the server it runs on).
 */
export function FLUSH_STATEMENT(shape: FlushShape): string {
  let offset = 0;
  const at = (): Placeholder => {
    const base = offset;
    return (n) => `$${base + n}`;
  };
  const parts: string[] = [];
  const add = (rows: number, columns: number, sql: (p: Placeholder) => string) => {
    if (rows === 0) return;
    parts.push(sql(at()));
    offset += rows * columns;
  };
  if (shape.update) add(1, shape.update.length + 2, (p) => UPDATE_HOUSEHOLD(shape.update!, p));
  add(shape.counts, 4, (p) => UPSERT_MANY.counts(p, shape.counts));
  add(shape.deltas, 5, (p) => UPSERT_MANY.deltas(p, shape.deltas));
  add(shape.entries, 5, (p) => UPSERT_MANY.entries(p, shape.entries));
  add(shape.changes, CHANGE_COLUMNS.length, (p) => INSERT_CHANGES(shape.changes, p));
  if ((shape.generations ?? 0) > 1) throw new Error('A flush statement raises at most one generation');
  add(shape.generations ?? 0, 1, (p) => RAISE_GENERATION(p));
  if (parts.length === 0) throw new Error('A flush statement needs at least one row');
  const [main, ...rest] = parts;
  if (rest.length === 0) return main;
  const withParts = rest.reverse().map((sql, i) => `w${i} AS (${sql})`);
  return `WITH ${withParts.join(', ')} ${main}`;
}

/** A held history row's values in CHANGE_COLUMNS order. */
function changeValues(row: HeldChange): unknown[] {
  return [
    row.householdId,
    row.fromStatus ?? null,
    row.toStatus,
    row.occurredOn,
    row.recordedAt,
    row.actor,
    row.actorUserId ?? null,
    row.note ?? null,
    row.inspection ?? null,
  ];
}

/** Rows per multi-row statement: well inside PostgreSQL's 65,535 parameters at 8 columns. */
const INSERT_BATCH = 1000;
/** Households per multi-row INSERT (about 22 columns each). */
const HOUSEHOLD_BATCH = 500;
/**
 * PostgreSQL: multi-row statements of up to this many rows run as named prepared statements (a
 * move's: one history row, two counter rows per table); longer ones (an import's batches) vary
 * too much in length to keep prepared.
 */
const NAMED_ROWS_MAX = 4;

/**
 * Runs commands through TypeORM inside a transaction the caller opened (PostgreSQL; and SQLite
 * when the driver's own handle is not at hand). The household a command reads is locked FOR
 * UPDATE on PostgreSQL, so two instances deciding about one household take turns and the
 * second decides on what the first wrote.
 */
export class TypeormHouseholdStore {
  /** History rows not yet inserted, and counter changes summed by key: written by `flush`. */
  private changes: (Omit<HeldChange, 'householdId'> & { householdId: number | InsertedHousehold })[] = [];
  /** PostgreSQL: new households not yet inserted, each with the slot its id goes into (one multi-row INSERT … RETURNING). */
  private households: { values: HouseholdValues; slot: InsertedHousehold }[] = [];
  private readonly deferInserts: boolean;
  /** PostgreSQL: the hot statements are written as plain SQL (pg binds booleans and Dates as they are). */
  private readonly postgres: boolean;
  /** The database's parameter placeholders ($1 or ?), for the raw statements. */
  private readonly p: Placeholder;
  private readonly counters = new Map<string, { table: CounterTable; values: (number | string)[]; delta: number }>();
  /** The report generations the steps taken so far raise: raised last, just before the commit. */
  private readonly generations = new GenerationShards();
  /**
   * PostgreSQL: household UPDATEs not yet sent. One still held at the end goes in the flush
   * statement; any other statement or read sends them first, so nothing runs before them that
   * could see the household as it was.
   */
  private updates: UpdateStep[] = [];

  /**
   * `holdGenerations`: a long session runs many batches in one transaction; its generations are
   * raised once, at its end (`raiseGenerations`), not after each batch, which would take them
   * before the next batch's counters and could deadlock with a move.
   */
  constructor(
    private readonly manager: EntityManager,
    private readonly holdGenerations = false,
  ) {
    // SQLite's driver does not hand back the ids of a multi-row insert: there, each is inserted at once.
    this.postgres = manager.dataSource.options.type === 'postgres';
    this.deferInserts = this.postgres;
    this.p = placeholderFor(manager.dataSource);
  }

  /**
   * Runs the commands in order. Their history rows, counter changes and (on PostgreSQL) new
   * households are held back and written together at the end (multi-row INSERTs, one upsert per
   * counter table with the changes summed per key and written in key order), so a batch of an
   * import's rows costs a few round trips; anything that reads history first writes what is held.
   */
  async runAll<T>(commands: readonly Command<T>[]): Promise<T[]> {
    const answers: (() => T)[] = [];
    for (const command of commands) answers.push(await this.runOne(command));
    await this.flush(!this.holdGenerations);
    if (!this.holdGenerations) await this.raiseGenerations();
    return answers.map((answer) => answer());
  }

  /** Raises the report generations of everything written so far; the last statement before the commit. */
  async raiseGenerations(): Promise<void> {
    await raiseGenerations(this.manager, this.generations.take());
  }

  /** Decides and writes (or holds) one command; its answer is read once the held rows are written. */
  private async runOne<T>(command: Command<T>): Promise<() => T> {
    let next = command.next();
    while (!next.done) next = command.next(await this.read(next.value));
    const decision = next.value;
    const { inserted, photoId } = await this.write(decision.steps);
    return () => decision.result({ insertedId: inserted.id, insertedPhotoId: photoId });
  }

  private async read(read: Read): Promise<unknown> {
    await this.sendUpdates();
    switch (read.kind) {
      case 'household': {
        if (!this.postgres) return this.manager.findOne(Household, { where: { id: read.id }, lock: lockForUpdate(this.manager) });
        const [row] = (await namedQuery(this.manager, 'SELECT * FROM households WHERE id = $1 FOR UPDATE', [read.id])).rows;
        return row ? householdFromRow(row, toInstant) : null;
      }
      case 'completion_recorder': {
        await this.flush();
        const [row] = await this.rows(COMPLETION_RECORDER(this.p), [read.householdId]);
        return row?.actor_user_id == null ? null : Number(row.actor_user_id);
      }
      case 'placeholders':
        return this.manager.find(Household, {
          select: { id: true, villageId: true, grade: true, status: true },
          where: { villageId: read.villageId, isPlaceholder: true },
          order: { id: 'ASC' },
          lock: lockForUpdate(this.manager),
        });
      case 'recorded_request': {
        const [row] = await this.manager.query<Row[]>(`SELECT * FROM recorded_requests WHERE client_id = ${this.p(1)}`, [read.clientId]);
        return row ? recordedMoveFromRow(row) : null;
      }
      case 'evidence_photos': {
        const rows = await this.rows(EVIDENCE_PHOTOS(this.p), [read.householdId]);
        return rows.map((r) => Number(r.id));
      }
      case 'photo': {
        const [row] = await this.manager.query<Row[]>(`SELECT * FROM photos WHERE id = ${this.p(1)}`, [read.id]);
        return row ? photoFromRow(row, toInstant) : null;
      }
      case 'acceptance_record': {
        await this.flush();
        const [row] = await this.manager.query<Row[]>(ACCEPTANCE_RECORD(this.p), [read.householdId]);
        return typeof row?.inspection === 'string' ? row.inspection : null;
      }
    }
  }

  /** Takes the steps; answers the slot of the household an insert_household step made (its id once written), and the photo inserted. */
  private async write(steps: readonly WriteStep[]): Promise<{ inserted: InsertedHousehold; photoId: number | null }> {
    let photoId: number | null = null;
    const m = this.manager;
    const inserted = new InsertedHousehold();
    const resolve = (ref: HouseholdRef): number | InsertedHousehold => (ref === 'new' ? inserted : ref);
    this.generations.addSteps(steps);
    for (const step of steps) {
      if (!HELD_STEPS.has(step.kind)) await this.sendUpdates();
      switch (step.kind) {
        case 'insert_household': {
          if (this.deferInserts) {
            this.households.push({ values: step.values, slot: inserted });
          } else {
            const { identifiers } = await m.insert(Household, step.values);
            inserted.id = Number(identifiers[0].id);
          }
          break;
        }
        case 'update_household': {
          if (this.postgres) {
            this.updates.push(step);
            break;
          }
          const result = await m
            .createQueryBuilder()
            .update(Household)
            .set({ ...step.set, version: () => 'version + 1' })
            .where('id = :id AND version = :version', { id: step.id, version: step.version })
            .execute();
          if (result.affected !== 1) {
            const current = await m.findOneBy(Household, { id: step.id });
            throw new StaleVersionException(step.id, step.version, current?.version ?? step.version + 1);
          }
          break;
        }
        case 'insert_status_change': {
          const { kind: _kind, householdId, ...row } = step;
          this.changes.push({ ...row, householdId: resolve(householdId) });
          break;
        }
        case 'insert_edit': {
          const { kind: _kind, ...row } = step;
          await m.insert(HouseholdEdit, row);
          break;
        }
        case 'record_request': {
          const { household, ...request } = step.request;
          await m.insert(RecordedRequest, { ...request, household: householdToJson(household), recordedAt: step.recordedAt });
          break;
        }
        case 'insert_photo': {
          const { identifiers } = await m.insert(Photo, step.values);
          photoId = Number(identifiers[0].id);
          break;
        }
        case 'delete_photo':
          await m.delete(Photo, { id: step.id });
          break;
        case 'delete_household':
          await this.flush();
          await m.delete(StatusChange, { householdId: step.id });
          await m.delete(HouseholdEdit, { householdId: step.id });
          await m.delete(Household, { id: step.id });
          break;
        case 'count':
          this.count('counts', [step.key.villageId, step.key.grade, step.status], step.delta);
          break;
        case 'count_delta':
          this.count('deltas', [step.key.villageId, step.key.grade, step.status, step.day], step.delta);
          break;
        case 'count_entry':
          this.count('entries', [step.key.villageId, step.key.grade, step.status, step.day], step.entries);
          break;
        case 'recount_history': {
          await this.flush();
          const params = [step.key.villageId, step.key.grade, step.sign, step.householdId];
          if (step.table === 'deltas') await m.query(RECOUNT_HISTORY_DELTAS(this.p), [...params, step.householdId]);
          else await m.query(RECOUNT_HISTORY_ENTRIES(this.p), params);
          break;
        }
      }
    }
    return { inserted, photoId };
  }

  /**
   * PostgreSQL: the held conditional UPDATEs, each as plain SQL. In a profile of the server under
   * the move benchmark, TypeORM's query builder took about 12% of the main thread, rewriting
   * property names in its own query text (replacePropertyNamesForTheWholeQuery) the largest part.
   */
  private async sendUpdates(): Promise<void> {
    const held = this.updates;
    this.updates = [];
    for (const step of held) {
      const columns = updatedColumns(step);
      const sql = textFor(`update:${columns.join(',')}`, () => UPDATE_HOUSEHOLD(columns, (n) => `$${n}`));
      const { rowCount } = await namedQuery(this.manager, sql, updateValues(step));
      await this.checkUpdated(step, rowCount);
    }
  }

  /** Throws StaleVersionException unless the conditional UPDATE of `step` changed its row. */
  private async checkUpdated(step: UpdateStep, rowCount: number): Promise<void> {
    if (rowCount === 1) return;
    const [current] = await this.manager.query<Row[]>('SELECT version FROM households WHERE id = $1', [step.id]);
    throw new StaleVersionException(step.id, step.version, Number(current?.version ?? step.version + 1));
  }

  /** A read with the store's own SQL: a named prepared statement on PostgreSQL. */
  private async rows(text: string, values: readonly unknown[]): Promise<Row[]> {
    if (this.postgres) return (await namedQuery(this.manager, text, values)).rows;
    return this.manager.query<Row[]>(text, [...values]);
  }

  /** A multi-row statement of `rows` rows: named on PostgreSQL when it is a move's few rows. */
  private async multiRow(text: string, rows: number, values: readonly unknown[]): Promise<void> {
    if (this.postgres && rows <= NAMED_ROWS_MAX) await namedQuery(this.manager, text, values);
    else await this.manager.query(text, [...values]);
  }

  private count(table: CounterTable, values: (number | string)[], delta: number): void {
    const key = `${table}\u0000${values.join('\u0000')}`;
    const held = this.counters.get(key);
    if (held) held.delta += delta;
    else this.counters.set(key, { table, values, delta });
  }

  /**
   * Writes what is held: on PostgreSQL, a move's few rows (no new household, at most one
   * household UPDATE, each table's part at most NAMED_ROWS_MAX rows) as one FLUSH_STATEMENT,
   * with the report generation too when `last` (nothing more is written before the commit) and
   * there is one; otherwise the UPDATEs, the new households, the history rows, then the summed
   * counters table by table in key order (so two transactions lock them in one order).
   */
  private async flush(last = false): Promise<void> {
    const m = this.manager;
    const oneStatement = this.postgres && this.households.length === 0 && this.updates.length <= 1;
    if (this.households.length > 0) {
      await this.sendUpdates();
      const held = this.households;
      this.households = [];
      for (let i = 0; i < held.length; i += HOUSEHOLD_BATCH) {
        const slice = held.slice(i, i + HOUSEHOLD_BATCH);
        // PostgreSQL answers RETURNING in the order of the VALUES it was given.
        const { identifiers } = await m.insert(
          Household,
          slice.map((h) => h.values),
        );
        slice.forEach((h, j) => (h.slot.id = Number(identifiers[j].id)));
      }
    }
    const changes = this.changes.map(({ householdId, ...row }) => ({
      ...row,
      householdId: typeof householdId === 'number' ? householdId : householdId.resolve('new'),
    }));
    this.changes = [];
    const held = [...this.counters.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
    this.counters.clear();
    const byTable = COUNTER_TABLES.map((table) => held.filter((h) => h.table === table));
    const counterValues = (r: (typeof held)[number]) => [...r.values, r.delta];
    const [counts, deltas, entries] = byTable;
    const rows = { changes: changes.length, counts: counts.length, deltas: deltas.length, entries: entries.length };
    if (oneStatement && Object.values(rows).every((n) => n <= NAMED_ROWS_MAX)) {
      const [update] = this.updates;
      this.updates = [];
      const shards = last && this.generations.size === 1 ? this.generations.take() : [];
      const shape: FlushShape = { update: update && updatedColumns(update), ...rows, generations: shards.length };
      if (!update && shards.length === 0 && Object.values(rows).every((n) => n === 0)) return;
      const sql = textFor(`flush:${shape.update?.join(',') ?? '-'}:${Object.values(rows).join(',')}:${shards.length}`, () =>
        FLUSH_STATEMENT(shape),
      );
      const values = [
        ...(update ? updateValues(update) : []),
        ...byTable.flat().flatMap(counterValues),
        ...changes.flatMap(changeValues),
        ...shards,
      ];
      const { rowCount } = await namedQuery(m, sql, values);
      if (update) await this.checkUpdated(update, rowCount);
      return;
    }
    await this.sendUpdates();
    for (let i = 0; i < changes.length; i += INSERT_BATCH) {
      const slice = changes.slice(i, i + INSERT_BATCH);
      if (this.postgres) await this.multiRow(INSERT_CHANGES(slice.length), slice.length, slice.flatMap(changeValues));
      else await m.insert(StatusChange, slice);
    }
    for (const [t, table] of COUNTER_TABLES.entries()) {
      for (let i = 0; i < byTable[t].length; i += INSERT_BATCH) {
        const slice = byTable[t].slice(i, i + INSERT_BATCH);
        await this.multiRow(UPSERT_MANY[table](this.p, slice.length), slice.length, slice.flatMap(counterValues));
      }
    }
  }
}

type UpdateStep = Extract<WriteStep, { kind: 'update_household' }>;

/** The columns an update step sets, in the order UPDATE_HOUSEHOLD and updateValues take them. */
const updatedColumns = (step: UpdateStep) => Object.keys(step.set) as HouseholdColumn[];

/** An UPDATE_HOUSEHOLD's parameters for `step`. */
function updateValues(step: UpdateStep): unknown[] {
  return [...updatedColumns(step).map((c) => step.set[c] ?? null), step.id, step.version];
}

/**
 * Steps the PostgreSQL store holds until a flush; any other step is a statement of its own and
 * sends the held UPDATEs first.
 */
const HELD_STEPS: ReadonlySet<WriteStep['kind']> = new Set([
  'update_household',
  'insert_status_change',
  'count',
  'count_delta',
  'count_entry',
]);
