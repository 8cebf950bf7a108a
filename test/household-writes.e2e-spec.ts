import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, createDataSource } from '../src/database/data-source-options.js';
import { HOUSEHOLD_COLUMNS } from '../src/household-writes/household-columns.js';
import { Household } from '../src/households/entities/household.entity.js';
import { runHouseholdWritesScenario, type ScenarioOutcome } from './support/household-writes-scenario.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

/**
 * The write model's contract on the database this run uses (SQLite in `npm test`, PostgreSQL
 * when DATABASE_URL names one): what every kind of write stores, row by row. The PostgreSQL
 * suite (household-writes.pg-spec.ts) runs the same scenario on both and compares them.
 */

let database: TestDatabase;
let dataSource: DataSource;
let outcome: ScenarioOutcome;

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = await createDataSource({ ...buildDataSourceOptions(database.url), migrationsRun: true }).initialize();
  outcome = await runHouseholdWritesScenario(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

describe('the household write model', () => {
  it('the SQLite store’s column names are the entity’s', () => {
    const entity = Object.fromEntries(dataSource.getMetadata(Household).columns.map((c) => [c.propertyName, c.databaseName]));
    delete entity.id;
    expect(HOUSEHOLD_COLUMNS).toEqual(entity);
  });

  it('refuses what the rules refuse, and a batch with one refusal writes none of it', () => {
    expect(outcome.refusals).toEqual([
      'own_completion',
      'stale_version',
      // Decided on a stale read: refused by the store's conditional UPDATE.
      'stale_version',
      'validation_failed',
      'move_not_allowed',
      'stale_version',
      // A new household whose later move the workflow forbids; a long session refused in its second batch.
      'move_not_allowed',
      'move_not_allowed',
      // The session that committed removed 孟封村's two placeholders.
      'removed 2',
    ]);
  });

  it('stores each household with its version and dates as the history says', () => {
    expect(
      outcome.tables.households.map((h) => [
        h.householder,
        h.village_id,
        h.grade,
        h.status,
        h.version,
        h.first_recorded_on,
        h.last_change_on,
      ]),
    ).toEqual([
      ['张三', 4, 'C', 'completed', 4, '2021-12-01', '2021-12-20'],
      ['李四', 3, 'C', 'accepted', 3, '2021-12-10', '2021-12-22'],
      // Created with its later moves: one version per move, the last move's day.
      ['王五', 4, 'B', 'completed', 3, '2021-10-20', '2021-11-20'],
      ['孟七', 3, 'C', 'in_progress', 1, '2021-12-05', '2021-12-05'],
    ]);
  });

  it('keeps one history row per baseline and move, and nothing for the refused ones', () => {
    expect(outcome.tables.status_changes.map((c) => [c.household_id, c.from_status, c.to_status, c.occurred_on, c.actor])).toEqual([
      [1, null, 'pending', '2021-12-01', '王芳'],
      [2, null, 'completed', '2021-12-10', '王芳'],
      [1, 'pending', 'in_progress', '2021-12-15', '王芳'],
      [1, 'in_progress', 'completed', '2021-12-20', '赵敏'],
      [2, 'completed', 'accepted', '2021-12-22', '赵敏'],
      [3, null, 'pending', '2021-10-20', '王芳'],
      [3, 'pending', 'in_progress', '2021-11-02', '王芳'],
      [3, 'in_progress', 'completed', '2021-11-20', '王芳'],
      // The placeholders (4, 5) and their history are gone.
      [6, null, 'in_progress', '2021-12-05', '王芳'],
    ]);
  });

  it('logs each edited field, personal data masked, and nothing for an edit that changes nothing', () => {
    expect(outcome.tables.household_edits.map((e) => [e.household_id, e.field, e.old_value, e.new_value])).toEqual([
      [1, 'villageId', '3', '4'],
      [1, 'grade', '"B"', '"C"'],
      [1, 'remarks', 'null', '"复核改为C级"'],
      [2, 'phone', '"139****5678"', '"139****4321"'],
    ]);
  });

  it('counts a re-grouped household’s whole history where it is now, and the counters agree with a recount', () => {
    expect(outcome.countersConsistent).toBe(true);
    expect(outcome.tables.status_counts.map((c) => [c.village_id, c.grade, c.status, c.households])).toEqual([
      [3, 'C', 'accepted', 1],
      [3, 'C', 'in_progress', 1],
      [4, 'B', 'completed', 1],
      [4, 'C', 'completed', 1],
    ]);
    expect(outcome.tables.status_entries.map((e) => [e.village_id, e.grade, e.status, e.day, e.entries])).toEqual([
      [3, 'C', 'accepted', '2021-12-22', 1],
      [4, 'B', 'completed', '2021-11-20', 1],
      [4, 'B', 'in_progress', '2021-11-02', 1],
      [4, 'C', 'completed', '2021-12-20', 1],
      [4, 'C', 'in_progress', '2021-12-15', 1],
    ]);
  });
});
