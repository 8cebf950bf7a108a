import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { buildDataSourceOptions, createDataSource } from '../src/database/data-source-options.js';
import { FLUSH_STATEMENT } from '../src/household-writes/typeorm-household-store.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

/**
 * A move's writes in one statement (FLUSH_STATEMENT) must lock their rows in the order the long
 * way does (the household, status_counts, status_count_deltas, status_entries, and the report
 * generation last), or a move and a large import could deadlock. PostgreSQL does not promise an
 * order for the parts of a WITH statement; this checks the one the server in use follows: with a
 * row held by another transaction, the statement has locked the rows before it and waits.
 * `npm run test:pg` runs it.
 */

let database: TestDatabase;
let dataSource: DataSource;
const clients: pg.Client[] = [];

async function client(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: database.url });
  await c.connect();
  clients.push(c);
  return c;
}

const DAY = '2021-12-23';
let village: number;
let household: number;
/** The report generation shard the test's statement raises. */
const SHARD = 7;

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = await createDataSource({ ...buildDataSourceOptions(database.url), migrationsRun: true }).initialize();
  const [county] = await dataSource.query<{ id: number }[]>(`INSERT INTO regions (level, name) VALUES ('county', '清徐县') RETURNING id`);
  const [township] = await dataSource.query<{ id: number }[]>(
    `INSERT INTO regions (level, parent_id, name) VALUES ('township', $1, '孟封镇') RETURNING id`,
    [county.id],
  );
  const [row] = await dataSource.query<{ id: number }[]>(
    `INSERT INTO regions (level, parent_id, name) VALUES ('village', $1, '孟封村') RETURNING id`,
    [township.id],
  );
  village = row.id;
  const [house] = await dataSource.query<{ id: number }[]>(
    `INSERT INTO households (village_id, householder, grade, status) VALUES ($1, '张某', 'B', 'in_progress') RETURNING id`,
    [village],
  );
  household = house.id;
  await dataSource.query(`INSERT INTO status_counts (village_id, grade, status, households) VALUES ($1, 'B', 'completed', 5)`, [village]);
  await dataSource.query(`INSERT INTO status_count_deltas (village_id, grade, status, day, delta) VALUES ($1, 'B', 'completed', $2, 5)`, [
    village,
    DAY,
  ]);
  await dataSource.query(`INSERT INTO status_entries (village_id, grade, status, day, entries) VALUES ($1, 'B', 'completed', $2, 5)`, [
    village,
    DAY,
  ]);
});

afterAll(async () => {
  for (const c of clients) await c.end();
  await dataSource?.destroy();
  await database?.drop();
});

/** Whether another transaction holds the row lock: FOR UPDATE NOWAIT fails with 55P03. */
async function locked(probe: pg.Client, table: string, dayColumn: boolean): Promise<boolean> {
  return lockedRow(
    probe,
    `SELECT 1 FROM ${table} WHERE village_id = $1 AND grade = 'B' AND status = 'completed'${dayColumn ? ' AND day = $2' : ''} FOR UPDATE NOWAIT`,
    dayColumn ? [village, DAY] : [village],
  );
}

async function lockedRow(probe: pg.Client, sql: string, values: unknown[]): Promise<boolean> {
  await probe.query('BEGIN');
  try {
    await probe.query(sql, values);
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return true;
    throw error;
  } finally {
    await probe.query('ROLLBACK');
  }
}

/** Waits until a statement starting WITH waits on a row lock. */
async function untilWaiting(probe: pg.Client): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const waiting = await probe.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'WITH%'`);
    if (waiting.rowCount) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a move flushed in one statement', () => {
  it('locks status_counts, then status_count_deltas, then status_entries', async () => {
    const [holder, mover, probe] = [await client(), await client(), await client()];
    await holder.query('BEGIN');
    await holder.query(`UPDATE status_entries SET entries = entries + 1 WHERE village_id = $1 AND day = $2`, [village, DAY]);

    await mover.query('BEGIN');
    const flushing = mover.query(FLUSH_STATEMENT({ changes: 0, counts: 1, deltas: 1, entries: 1 }), [
      ...[village, 'B', 'completed', 1],
      ...[village, 'B', 'completed', DAY, 1],
      ...[village, 'B', 'completed', DAY, 1],
    ]);
    // Until the flush waits on the entries row, which the holder keeps.
    await untilWaiting(probe);
    expect(await locked(probe, 'status_counts', false)).toBe(true);
    expect(await locked(probe, 'status_count_deltas', true)).toBe(true);

    await holder.query('COMMIT');
    await flushing;
    await mover.query('COMMIT');
    const [counts] = (await probe.query('SELECT households FROM status_counts WHERE village_id = $1', [village])).rows;
    const [entries] = (await probe.query('SELECT entries FROM status_entries WHERE village_id = $1', [village])).rows;
    expect([counts.households, entries.entries]).toEqual([6, 7]);
  });

  it('with the household UPDATE and the generation: locks the household and every counter row before the generation', async () => {
    const [holder, mover, probe] = [await client(), await client(), await client()];
    await holder.query('BEGIN');
    await holder.query('UPDATE report_generations SET generation = generation + 1 WHERE shard = $1', [SHARD]);
    const [before] = (await probe.query('SELECT generation FROM report_generations WHERE shard = $1', [SHARD])).rows;

    await mover.query('BEGIN');
    const moving = mover.query(
      FLUSH_STATEMENT({ update: ['status', 'lastChangeOn'], changes: 1, counts: 1, deltas: 1, entries: 1, generations: 1 }),
      [
        ...['completed', DAY, household, 1],
        ...[village, 'B', 'completed', 1],
        ...[village, 'B', 'completed', DAY, 1],
        ...[village, 'B', 'completed', DAY, 1],
        ...[household, 'in_progress', 'completed', DAY, new Date(), '测试', null, null, null],
        SHARD,
      ],
    );
    // Until the statement waits on the generation row, which the holder keeps.
    await untilWaiting(probe);
    expect(await lockedRow(probe, 'SELECT 1 FROM households WHERE id = $1 FOR UPDATE NOWAIT', [household])).toBe(true);
    expect(await locked(probe, 'status_counts', false)).toBe(true);
    expect(await locked(probe, 'status_count_deltas', true)).toBe(true);
    expect(await locked(probe, 'status_entries', true)).toBe(true);

    await holder.query('COMMIT');
    // The statement's row count is the household UPDATE's: the store reads a stale version from it.
    expect((await moving).rowCount).toBe(1);
    await mover.query('COMMIT');
    const [house] = (await probe.query('SELECT status, version FROM households WHERE id = $1', [household])).rows;
    const [after] = (await probe.query('SELECT generation FROM report_generations WHERE shard = $1', [SHARD])).rows;
    const changes = (await probe.query('SELECT to_status FROM status_changes WHERE household_id = $1', [household])).rows;
    expect([house, Number(after.generation) - Number(before.generation), changes]).toEqual([
      { status: 'completed', version: 2 },
      2,
      [{ to_status: 'completed' }],
    ]);
  });

  it('counts no row when the version is stale, so the store refuses the move', async () => {
    const [mover] = [await client()];
    await mover.query('BEGIN');
    // Versions start at 1: 0 is stale whatever the other tests did to the household.
    const result = await mover.query(FLUSH_STATEMENT({ update: ['status'], changes: 0, counts: 1, deltas: 0, entries: 0 }), [
      ...['accepted', household, 0],
      ...[village, 'B', 'accepted', 1],
    ]);
    await mover.query('ROLLBACK');
    expect(result.rowCount).toBe(0);
  });

  it('writes the parts in the same order when the main statement is the history row', () => {
    expect(FLUSH_STATEMENT({ changes: 1, counts: 0, deltas: 0, entries: 0 })).toMatch(/^INSERT INTO status_changes/);
    const full = FLUSH_STATEMENT({ changes: 1, counts: 2, deltas: 2, entries: 1 });
    // Main statement last in the text; the WITH parts in reverse lock order.
    expect(full.indexOf('status_changes')).toBeLessThan(full.indexOf('status_entries'));
    expect(full.indexOf('status_entries')).toBeLessThan(full.indexOf('status_count_deltas'));
    expect(full.indexOf('status_count_deltas')).toBeLessThan(full.lastIndexOf('INSERT INTO status_counts'));
    expect(full).toContain('$23'); // 2×4 + 2×5 + 5 = 23 counter parameters before the history row's nine
    expect(full).toContain('$32');
    expect(full).not.toContain('$33');
  });
});
