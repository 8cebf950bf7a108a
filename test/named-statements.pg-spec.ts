import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryFailedError, type DataSource } from 'typeorm';
import { buildDataSourceOptions, createDataSource } from '../src/database/data-source-options.js';
import { namedPoolQuery, namedQuery, statementName } from '../src/database/named-statements.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

/**
 * The hot statements of the write model as named prepared statements on PostgreSQL
 * (src/database/named-statements.ts): prepared once per connection, answering what
 * `manager.query` answers, failing as TypeORM's QueryFailedError. `npm run test:pg` runs it.
 */

let database: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  database = await createTestDatabase();
  // One connection, so every transaction below runs on the same session.
  const options = buildDataSourceOptions(database.url);
  dataSource = await createDataSource({ ...options, extra: { max: 1 }, migrationsRun: true }).initialize();
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

const RAISE = 'UPDATE report_generations SET generation = generation + 1 WHERE shard = $1';

describe('named statements on PostgreSQL', () => {
  it('prepares a statement once on its connection and runs it again by name', async () => {
    expect(dataSource.options.type).toBe('postgres');
    const counts: number[] = [];
    for (let round = 0; round < 3; round++) {
      await dataSource.transaction(async (manager) => {
        const { rowCount } = await namedQuery(manager, RAISE, [7]);
        expect(rowCount).toBe(1);
        const prepared = await manager.query<{ name: string }[]>('SELECT name FROM pg_prepared_statements WHERE name = $1', [
          statementName(RAISE),
        ]);
        counts.push(prepared.length);
      });
    }
    expect(counts).toEqual([1, 1, 1]);
    const [{ generation }] = await dataSource.query<{ generation: string }[]>('SELECT generation FROM report_generations WHERE shard = 7');
    expect(Number(generation)).toBe(3);
  });

  it('answers the rows of a read, as manager.query would', async () => {
    await dataSource.transaction(async (manager) => {
      const sql = 'SELECT shard, generation FROM report_generations WHERE shard IN ($1, $2) ORDER BY shard';
      const { rows } = await namedQuery(manager, sql, [3, 4]);
      expect(rows).toEqual(await manager.query(sql, [3, 4]));
      expect(rows.map((r) => Number(r.shard))).toEqual([3, 4]);
    });
  });

  it('fails as a QueryFailedError carrying the database code, and the transaction rolls back', async () => {
    const before = await dataSource.query<{ generation: string }[]>('SELECT generation FROM report_generations WHERE shard = 9');
    const failure = await dataSource
      .transaction(async (manager) => {
        await namedQuery(manager, RAISE, [9]);
        await namedQuery(manager, 'INSERT INTO report_generations (shard, generation) VALUES ($1, 0)', [9]);
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('23505');
    expect(await dataSource.query('SELECT generation FROM report_generations WHERE shard = 9')).toEqual(before);
  });

  it('refuses to run outside a transaction', async () => {
    await expect(namedQuery(dataSource.manager, RAISE, [1])).rejects.toThrow('inside a transaction');
  });

  it('reads through the pool as a named statement, outside any transaction', async () => {
    const sql = 'SELECT shard FROM report_generations WHERE shard = $1';
    expect(await namedPoolQuery(dataSource, sql, [5])).toEqual([{ shard: 5 }]);
    expect(await namedPoolQuery(dataSource, sql, [6])).toEqual([{ shard: 6 }]);
    // The pool has one connection: this query runs on the session that prepared it.
    const prepared = await dataSource.query<{ name: string }[]>('SELECT name FROM pg_prepared_statements WHERE name = $1', [
      statementName(sql),
    ]);
    expect(prepared).toHaveLength(1);
  });

  it('fails a pool read as a QueryFailedError', async () => {
    const failure = await namedPoolQuery(dataSource, 'SELECT no_such_column FROM report_generations', []).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('42703');
  });
});
