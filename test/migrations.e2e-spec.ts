import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, createDataSource, MIGRATIONS } from '../src/database/data-source-options.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { checkStatusCounters } from '../src/household-writes/status-counters.js';

/** Migrating a database that already holds data must keep every row (STYLE.md). */
describe('migrations on a database that holds data', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  async function open(migrations: (typeof MIGRATIONS)[number][]): Promise<DataSource> {
    const dataSource = createDataSource({ ...buildDataSourceOptions(database.url), migrations });
    await dataSource.initialize();
    return dataSource;
  }

  const rows = async (ds: DataSource) => ({
    regions: await ds.query('SELECT id, level, parent_id, name FROM regions ORDER BY id'),
    households: await ds.query('SELECT id, village_id, householder, grade, status, version FROM households ORDER BY id'),
    history: await ds.query('SELECT id, household_id, from_status, to_status, actor, note FROM status_changes ORDER BY id'),
    edits: await ds.query('SELECT id, household_id, field, actor FROM household_edits ORDER BY id'),
  });

  it('keeps every row through each later migration, and back down again', async () => {
    const first = await open([MIGRATIONS[0]]);
    await first.runMigrations();
    const p = first.options.type === 'postgres' ? (n: number) => `$${n}` : () => '?';
    await first.query(`INSERT INTO regions (level, parent_id, name, code) VALUES ('county', NULL, '清徐县', '140121')`);
    await first.query(`INSERT INTO regions (level, parent_id, name) VALUES ('township', 1, '孟封镇'), ('village', 2, '孟封村')`);
    for (const [name, status] of [
      ['户甲', 'completed'],
      ['户乙', 'pending'],
    ]) {
      await first.query(`INSERT INTO households (village_id, householder, grade, status) VALUES (3, ${p(1)}, 'B', ${p(2)})`, [
        name,
        status,
      ]);
    }
    await first.query(
      `INSERT INTO status_changes (household_id, from_status, to_status, occurred_on, recorded_at, actor, note)
       VALUES (1, NULL, 'completed', '2021-12-23', ${p(1)}, '来源', '基线'), (2, NULL, 'pending', '2021-12-23', ${p(2)}, '来源', NULL)`,
      ['2021-12-23 04:00:00.000', '2021-12-23 04:00:00.000'],
    );
    await first.query(
      `INSERT INTO household_edits (household_id, field, old_value, new_value, actor, edited_at) VALUES (1, 'grade', '"C"', '"B"', '甲', ${p(1)})`,
      ['2021-12-24 04:00:00.000'],
    );
    const before = await rows(first);
    await first.destroy();

    const all = await open(MIGRATIONS);
    expect((await all.runMigrations()).map((m) => m.name)).toEqual(MIGRATIONS.slice(1).map((m) => m.name));
    expect(await rows(all)).toEqual(before);
    const [household] = await all.query('SELECT id_card_number, phone FROM households WHERE id = 1');
    expect(household).toEqual({ id_card_number: null, phone: null });
    // The counters migration filled them from the history already there.
    await expect(checkStatusCounters(all)).resolves.toEqual({ consistent: true, differences: [] });
    const counts = await all.query(`SELECT status, households FROM status_counts ORDER BY status`);
    expect(counts.map((c: { status: string; households: unknown }) => [c.status, Number(c.households)])).toEqual([
      ['completed', 1],
      ['pending', 1],
    ]);

    for (let i = MIGRATIONS.length - 1; i > 0; i--) await all.undoLastMigration();
    expect(await rows(all)).toEqual(before);
    await all.destroy();
  });
});
