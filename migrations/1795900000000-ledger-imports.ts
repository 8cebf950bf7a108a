import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * Ledger imports (台账导入): each uploaded file with its bytes (so it can be validated again at
 * commit and its invalid rows written back out), who sent it, its status and its summary. The
 * file is at most 20 MB (LEDGER_LIMITS); its rows become households only when it is committed.
 */
export class LedgerImports1795900000000 implements MigrationInterface {
  name = 'LedgerImports1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.dataSource.driver.options.type === 'postgres';
    const instant = postgres ? 'timestamptz' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'ledger_imports',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'file_name', type: 'varchar', length: '255' },
          { name: 'format', type: 'varchar', length: '8' },
          { name: 'sha256', type: 'varchar', length: '64' },
          // Not mapped by the entity (its type differs between the databases): written and read by LedgerImportFiles.
          { name: 'file_bytes', type: postgres ? 'bytea' : 'blob', isNullable: true },
          { name: 'replace_placeholders', type: 'boolean', default: false },
          { name: 'skip_invalid', type: 'boolean', default: false },
          { name: 'created_by_user_id', type: 'integer' },
          { name: 'created_by', type: 'varchar', length: '50' },
          { name: 'created_at', type: instant },
          // Moved on with the progress: an import in a running status whose heartbeat stopped was cut off.
          { name: 'heartbeat_at', type: instant },
          { name: 'validated_at', type: instant, isNullable: true },
          { name: 'committed_at', type: instant, isNullable: true },
          { name: 'rows_done', type: 'integer', default: 0 },
          { name: 'rows_total', type: 'integer', isNullable: true },
          // The row the header was found on, for the errors file.
          { name: 'header_row', type: 'integer', isNullable: true },
          // JSON: the counts, the warnings, the invalid rows (every one: the errors file needs them) and the failure.
          { name: 'summary', type: 'text', isNullable: true },
          { name: 'warnings', type: 'text', isNullable: true },
          { name: 'errors', type: 'text', isNullable: true },
          { name: 'errors_total', type: 'integer', default: 0 },
          { name: 'failure', type: 'text', isNullable: true },
          // What validation decided, row by row, hashed: a commit that would decide otherwise is stale.
          { name: 'plan_digest', type: 'varchar', length: '64', isNullable: true },
          { name: 'touched', type: 'text', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['created_by_user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] }],
        indices: [
          { name: 'IDX_ledger_imports_created_by', columnNames: ['created_by_user_id'] },
          { name: 'IDX_ledger_imports_status', columnNames: ['status'] },
        ],
        checks: [
          {
            name: 'CHK_ledger_imports_status',
            expression: `status IN ('validating', 'validated', 'committing', 'committed', 'failed')`,
          },
        ],
      }),
    );
    // Rows are matched to households by ID-card number (import-plan.ts).
    await queryRunner.query('CREATE INDEX "IDX_households_id_card_number" ON households (id_card_number)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_households_id_card_number"');
    await queryRunner.dropTable('ledger_imports');
  }
}
