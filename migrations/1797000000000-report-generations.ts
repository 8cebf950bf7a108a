import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report generations (issue 15): one counter per shard, raised in the same transaction as
 * every change a report counts. Their sum only ever grows, and only when such a change
 * commits, so it tells any instance whether a report it keeps is still right, whatever order
 * the transactions committed in (the highest ids of the history tables, the marker before,
 * could not on PostgreSQL).
 *
 * 66 shards: 64 for households (by id), one for report remarks, one for regions. A migration
 * states its own numbers rather than importing the code's, which may change after it ran.
 */
const SHARDS = 66;

export class ReportGenerations1797000000000 implements MigrationInterface {
  name = 'ReportGenerations1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE report_generations (shard integer PRIMARY KEY NOT NULL, generation bigint NOT NULL DEFAULT 0)');
    const rows = Array.from({ length: SHARDS }, (_, shard) => `(${shard}, 0)`).join(', ');
    await queryRunner.query(`INSERT INTO report_generations (shard, generation) VALUES ${rows}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE report_generations');
  }
}
