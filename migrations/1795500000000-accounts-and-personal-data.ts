import { type MigrationInterface, type QueryRunner, Table, TableIndex, type TableColumnOptions } from 'typeorm';

/**
 * Accounts with roles and scopes; who recorded each change; householders' ID-card number and
 * phone. New columns are all nullable and added with plain `ALTER TABLE … ADD COLUMN`, which
 * SQLite and PostgreSQL both accept: TypeORM's addColumn would rebuild each SQLite table
 * through a copy, which the history tables' foreign keys make needlessly risky.
 */
export class AccountsAndPersonalData1795500000000 implements MigrationInterface {
  name = 'AccountsAndPersonalData1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = queryRunner.dataSource.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          id,
          { name: 'username', type: 'varchar', length: '50', isUnique: true },
          { name: 'display_name', type: 'varchar', length: '50' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'disabled', type: 'boolean', default: false },
          // Grows when the password changes, so tokens issued before stop working.
          { name: 'token_version', type: 'integer', default: 1 },
          { name: 'created_at', type: instant, default: 'CURRENT_TIMESTAMP' },
          { name: 'updated_at', type: instant, default: 'CURRENT_TIMESTAMP' },
        ],
        checks: [{ name: 'CHK_users_role', expression: `role IN ('admin', 'supervisor', 'staff', 'inspector')` }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'user_scopes',
        columns: [id, { name: 'user_id', type: 'integer' }, { name: 'region_id', type: 'integer' }],
        foreignKeys: [
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['region_id'], referencedTableName: 'regions', referencedColumnNames: ['id'], onDelete: 'RESTRICT' },
        ],
        indices: [{ name: 'IDX_user_scopes_user_region', columnNames: ['user_id', 'region_id'], isUnique: true }],
      }),
    );

    await queryRunner.query('ALTER TABLE households ADD COLUMN id_card_number varchar(18)');
    await queryRunner.query('ALTER TABLE households ADD COLUMN phone varchar(20)');
    await queryRunner.query('ALTER TABLE status_changes ADD COLUMN actor_user_id integer REFERENCES users (id)');
    await queryRunner.query('ALTER TABLE household_edits ADD COLUMN actor_user_id integer REFERENCES users (id)');
    await queryRunner.createIndex(
      'status_changes',
      new TableIndex({ name: 'IDX_status_changes_actor_user', columnNames: ['actor_user_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('status_changes', 'IDX_status_changes_actor_user');
    for (const [table, column] of [
      ['household_edits', 'actor_user_id'],
      ['status_changes', 'actor_user_id'],
      ['households', 'phone'],
      ['households', 'id_card_number'],
    ]) {
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
    }
    await queryRunner.dropTable('user_scopes');
    await queryRunner.dropTable('users');
  }
}
