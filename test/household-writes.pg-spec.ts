import { afterAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, createDataSource } from '../src/database/data-source-options.js';
import { runHouseholdWritesScenario, type ScenarioOutcome } from './support/household-writes-scenario.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

/**
 * The write model's two stores side by side: the same scenario on a fresh SQLite file (prepared
 * statements in one synchronous transaction) and a fresh PostgreSQL database (TypeORM), and
 * every stored row and counter compared. `npm run test:pg` runs it.
 */

const opened: { dataSource: DataSource; database: TestDatabase }[] = [];

async function open(url: string | undefined): Promise<DataSource> {
  const saved = process.env.DATABASE_URL;
  if (url === undefined) delete process.env.DATABASE_URL;
  const database = await createTestDatabase();
  process.env.DATABASE_URL = saved;
  const dataSource = await createDataSource({ ...buildDataSourceOptions(database.url), migrationsRun: true }).initialize();
  opened.push({ dataSource, database });
  return dataSource;
}

/**
 * A PostgreSQL sequence does not roll back with its transaction: the refused batch used up a
 * status_changes id there and not on SQLite. The order of the rows is compared; their ids are not.
 */
function withoutLogIds(outcome: ScenarioOutcome): ScenarioOutcome {
  const strip = (rows: Record<string, unknown>[]) => rows.map((row) => ({ ...row, id: undefined }));
  return {
    ...outcome,
    tables: {
      ...outcome.tables,
      status_changes: strip(outcome.tables.status_changes),
      household_edits: strip(outcome.tables.household_edits),
    },
  };
}

afterAll(async () => {
  for (const { dataSource, database } of opened) {
    await dataSource.destroy();
    await database.drop();
  }
});

describe('the household write model on SQLite and on PostgreSQL', () => {
  it('stores the same rows and counters, and refuses the same writes', async () => {
    const postgres = await open(process.env.DATABASE_URL);
    const sqlite = await open(undefined);
    expect([postgres.options.type, sqlite.options.type]).toEqual(['postgres', 'better-sqlite3']);
    const [onPostgres, onSqlite] = [await runHouseholdWritesScenario(postgres), await runHouseholdWritesScenario(sqlite)];
    expect(onPostgres.countersConsistent).toBe(true);
    expect(onPostgres.tables.status_changes).toHaveLength(9);
    expect(withoutLogIds(onPostgres)).toEqual(withoutLogIds(onSqlite));
  });
});
