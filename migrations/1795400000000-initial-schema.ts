import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions } from 'typeorm';

/**
 * The tracker's first schema: the region tree, households, their status history and edit log,
 * and report remarks. Written with the QueryRunner schema API so it runs on SQLite and PostgreSQL.
 */
export class InitialSchema1795400000000 implements MigrationInterface {
  name = 'InitialSchema1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = queryRunner.dataSource.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
    const createdAt: TableColumnOptions = { name: 'created_at', type: instant, default: 'CURRENT_TIMESTAMP' };

    await queryRunner.createTable(
      new Table({
        name: 'regions',
        columns: [
          id,
          { name: 'level', type: 'varchar', length: '16' },
          { name: 'parent_id', type: 'integer', isNullable: true },
          { name: 'name', type: 'varchar', length: '50' },
          { name: 'code', type: 'varchar', length: '12', isNullable: true, isUnique: true },
          createdAt,
        ],
        foreignKeys: [{ columnNames: ['parent_id'], referencedTableName: 'regions', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }],
        indices: [{ name: 'IDX_regions_parent_name', columnNames: ['parent_id', 'name'], isUnique: true }],
        checks: [{ name: 'CHK_regions_level', expression: `level IN ('county', 'township', 'village')` }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'region_aliases',
        columns: [id, { name: 'region_id', type: 'integer' }, { name: 'name', type: 'varchar', length: '50' }],
        foreignKeys: [{ columnNames: ['region_id'], referencedTableName: 'regions', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }],
        indices: [{ name: 'IDX_region_aliases_region_name', columnNames: ['region_id', 'name'], isUnique: true }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'households',
        columns: [
          id,
          { name: 'village_id', type: 'integer' },
          { name: 'householder', type: 'varchar', length: '50' },
          { name: 'address', type: 'varchar', length: '200', isNullable: true },
          { name: 'rooms', type: 'integer', isNullable: true },
          { name: 'grade', type: 'varchar', length: '1' },
          { name: 'appraisal_agency', type: 'varchar', length: '100', isNullable: true },
          { name: 'appraisal_date', type: 'date', isNullable: true },
          { name: 'appraisal_report_no', type: 'varchar', length: '50', isNullable: true },
          { name: 'appraisal_findings', type: 'text', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'design_drawings', type: 'boolean', isNullable: true },
          { name: 'construction_supervision', type: 'boolean', isNullable: true },
          { name: 'technical_service', type: 'boolean', isNullable: true },
          { name: 'remarks', type: 'text', isNullable: true },
          { name: 'is_placeholder', type: 'boolean', default: false },
          { name: 'version', type: 'integer', default: 1 },
          createdAt,
          { name: 'updated_at', type: instant, default: 'CURRENT_TIMESTAMP' },
        ],
        foreignKeys: [{ columnNames: ['village_id'], referencedTableName: 'regions', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }],
        indices: [
          // Covers the progress report's count by village, grade and status.
          { name: 'IDX_households_village_grade_status', columnNames: ['village_id', 'grade', 'status'] },
        ],
        checks: [
          { name: 'CHK_households_grade', expression: `grade IN ('A', 'B', 'C', 'D')` },
          { name: 'CHK_households_status', expression: `status IN ('pending', 'in_progress', 'completed', 'accepted')` },
          { name: 'CHK_households_rooms', expression: 'rooms IS NULL OR rooms >= 0' },
          { name: 'CHK_households_version', expression: 'version >= 1' },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'status_changes',
        columns: [
          id,
          { name: 'household_id', type: 'integer' },
          { name: 'from_status', type: 'varchar', length: '16', isNullable: true },
          { name: 'to_status', type: 'varchar', length: '16' },
          { name: 'occurred_on', type: 'date' },
          { name: 'recorded_at', type: instant },
          { name: 'actor', type: 'varchar', length: '100' },
          { name: 'note', type: 'text', isNullable: true },
        ],
        foreignKeys: [
          { columnNames: ['household_id'], referencedTableName: 'households', referencedColumnNames: ['id'], onDelete: 'RESTRICT' },
        ],
        indices: [
          // A household's history in order, and its state at the end of a date.
          { name: 'IDX_status_changes_household_occurred', columnNames: ['household_id', 'occurred_on'] },
          { name: 'IDX_status_changes_occurred', columnNames: ['occurred_on'] },
        ],
        checks: [
          {
            name: 'CHK_status_changes_to',
            expression: `to_status IN ('pending', 'in_progress', 'completed', 'accepted')`,
          },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'household_edits',
        columns: [
          id,
          { name: 'household_id', type: 'integer' },
          { name: 'field', type: 'varchar', length: '50' },
          { name: 'old_value', type: 'text', isNullable: true },
          { name: 'new_value', type: 'text', isNullable: true },
          { name: 'actor', type: 'varchar', length: '100' },
          { name: 'edited_at', type: instant },
        ],
        foreignKeys: [
          { columnNames: ['household_id'], referencedTableName: 'households', referencedColumnNames: ['id'], onDelete: 'RESTRICT' },
        ],
        indices: [{ name: 'IDX_household_edits_household', columnNames: ['household_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'report_remarks',
        columns: [
          id,
          { name: 'village_id', type: 'integer' },
          { name: 'grade', type: 'varchar', length: '1' },
          { name: 'text', type: 'varchar', length: '500' },
        ],
        foreignKeys: [{ columnNames: ['village_id'], referencedTableName: 'regions', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }],
        indices: [{ name: 'IDX_report_remarks_village_grade_text', columnNames: ['village_id', 'grade', 'text'], isUnique: true }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['report_remarks', 'household_edits', 'status_changes', 'households', 'region_aliases', 'regions']) {
      await queryRunner.dropTable(table);
    }
  }
}
