import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * A covering index for the period report's sums over status_entries (per village and grade,
 * completions and acceptances by day). With it the query reads the index in GROUP BY order and
 * never the table: 1.36 s → 0.56 s at 1,000,000 households (issue 5's benchmark dataset).
 */
export class PeriodReportIndex1795700000000 implements MigrationInterface {
  name = 'PeriodReportIndex1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'status_entries',
      new TableIndex({ name: 'IDX_status_entries_sum', columnNames: ['village_id', 'grade', 'status', 'day', 'entries'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('status_entries', 'IDX_status_entries_sum');
  }
}
