import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Field work (issue 14):
 * - `recorded_requests`: the client-made id (`clientId`, a UUID) of every move recorded with
 *   one, with who sent it and the household as the move left it, so a retry from a phone that
 *   lost its connection gets the first answer and records nothing more. Kept 30 days.
 * - `photos`: a household's photos (the files themselves are on disk under PHOTO_DIR, named by
 *   the sha256 of the upload).
 * - `status_changes.inspection`: the acceptance record of an inspector's verdict (new grade,
 *   the owner's opinion, method, remarks, the photos it relied on) as JSON, part of the
 *   append-only history entry it belongs to.
 */
export class FieldWork1796000000000 implements MigrationInterface {
  name = 'FieldWork1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.dataSource.driver.options.type === 'postgres';
    const instant = postgres ? 'timestamptz' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'recorded_requests',
        columns: [
          { name: 'client_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'integer' },
          { name: 'household_id', type: 'integer' },
          { name: 'to_status', type: 'varchar', length: '16' },
          { name: 'occurred_on', type: 'date' },
          // JSON: the household after the move, without its personal data (read again at replay).
          { name: 'household', type: 'text' },
          { name: 'recorded_at', type: instant },
        ],
      }),
    );
    await queryRunner.createIndex(
      'recorded_requests',
      new TableIndex({ name: 'IDX_recorded_requests_recorded_at', columnNames: ['recorded_at'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'photos',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'household_id', type: 'integer' },
          { name: 'stage', type: 'varchar', length: '16' },
          { name: 'taken_on', type: 'date', isNullable: true },
          { name: 'caption', type: 'varchar', length: '200', isNullable: true },
          // The served (upright, EXIF-free) display copy's size.
          { name: 'width', type: 'integer' },
          { name: 'height', type: 'integer' },
          // The upload's size and digest: the stored files are named by it.
          { name: 'bytes', type: 'integer' },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'mime_type', type: 'varchar', length: '16' },
          { name: 'uploaded_by', type: 'varchar', length: '100' },
          { name: 'uploaded_by_user_id', type: 'integer' },
          { name: 'uploaded_at', type: instant },
        ],
        foreignKeys: [{ columnNames: ['household_id'], referencedTableName: 'households', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createIndex('photos', new TableIndex({ name: 'IDX_photos_household', columnNames: ['household_id'] }));
    await queryRunner.createIndex('photos', new TableIndex({ name: 'IDX_photos_sha256', columnNames: ['sha256'] }));
    // Plain ALTER TABLE on both databases: TypeORM's addColumn rebuilds a SQLite table, which at a
    // million history rows is slow and loses the foreign keys' original definitions.
    await queryRunner.query('ALTER TABLE status_changes ADD COLUMN inspection text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE status_changes DROP COLUMN inspection');
    await queryRunner.dropTable('photos');
    await queryRunner.dropTable('recorded_requests');
  }
}
