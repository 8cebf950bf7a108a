import { afterEach, describe, expect, it } from '@jest/globals';
import type BetterSqlite3 from 'better-sqlite3';
import { Column, DataSource, Entity, PrimaryGeneratedColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bindIntegerParameters, integersAsBigInts } from './sqlite-integer-parameters.js';

@Entity({ name: 'things' })
class Thing {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 20 })
  label!: string;

  @Column({ type: 'real', nullable: true })
  weight!: number | null;
}

/** The test table's schema, made by a migration as every schema here is. */
class CreateThings1000000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE things (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, label VARCHAR(20) NOT NULL, weight REAL)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE things');
  }
}

describe('integersAsBigInts', () => {
  it.each<[string, unknown, unknown]>([
    ['an id', 271170, 271170n],
    ['zero', 0, 0n],
    ['a negative integer', -3, -3n],
    ['the largest safe integer', Number.MAX_SAFE_INTEGER, BigInt(Number.MAX_SAFE_INTEGER)],
    ['a fraction stays a number', 2.5, 2.5],
    ['beyond the safe range stays a number', 2 ** 60, 2 ** 60],
    ['NaN stays a number', Number.NaN, Number.NaN],
    ['text', '271170', '271170'],
    ['a boolean', true, true],
    ['null', null, null],
    ['the members of a list', [1, 2.5, 'x'], [1n, 2.5, 'x']],
  ])('%s', (_, value, bound) => {
    expect(integersAsBigInts({ p: value })).toEqual({ p: bound });
  });

  it('leaves the parameters it was given alone', () => {
    const parameters = { id: 5, ids: [6] };
    integersAsBigInts(parameters);
    expect(parameters).toEqual({ id: 5, ids: [6] });
  });
});

describe('bindIntegerParameters on SQLite', () => {
  let dataSource: DataSource | undefined;
  afterEach(async () => {
    await dataSource?.destroy();
    dataSource = undefined;
  });

  /** An in-memory database with three things, and the SQL of every statement TypeORM prepares from then on. */
  async function open(bind: boolean): Promise<{ ds: DataSource; prepared: string[] }> {
    const created = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [Thing],
      migrations: [CreateThings1000000000000],
      migrationsRun: true,
    });
    dataSource = await (bind ? bindIntegerParameters(created) : created).initialize();
    await dataSource.getRepository(Thing).insert([{ label: 'a' }, { label: '8' }, { label: 'c', weight: 1.5 }]);
    const db = (dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
    const prepared: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = (sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    };
    return { ds: dataSource, prepared };
  }

  it('finds by id with one prepared statement for every id', async () => {
    const { ds, prepared } = await open(true);
    const things = ds.getRepository(Thing);
    expect((await things.findOneBy({ id: 1 }))?.label).toBe('a');
    expect((await things.findOneBy({ id: 2 }))?.label).toBe('8');
    expect(await things.findOneBy({ id: 4 })).toBeNull();
    expect(prepared).toHaveLength(1);
    expect(prepared[0]).toContain('= ?');
  });

  it('without it, TypeORM writes each id into the SQL (a statement per id)', async () => {
    const { ds, prepared } = await open(false);
    const things = ds.getRepository(Thing);
    await things.findOneBy({ id: 1 });
    await things.findOneBy({ id: 2 });
    expect(prepared).toHaveLength(2);
  });

  it('stores and compares integers as integers, in text columns too', async () => {
    const { ds } = await open(true);
    const things = ds.getRepository(Thing);
    await things.update({ id: 1 }, { label: 42 as unknown as string });
    expect(await ds.query('SELECT label, typeof(label) AS type FROM things WHERE id = 1')).toEqual([{ label: '42', type: 'text' }]);
    expect((await things.findOneBy({ label: 8 as unknown as string }))?.id).toBe(2);
    expect(await things.findBy({ weight: 1.5 })).toHaveLength(1);
    expect(
      (
        await things
          .createQueryBuilder('t')
          .where('t.id IN (:...ids)', { ids: [1, 3] })
          .getMany()
      ).map((t) => t.id),
    ).toEqual([1, 3]);
  });
});
