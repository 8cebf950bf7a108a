import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const IMPORT_STATUSES = ['validating', 'validated', 'committing', 'committed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * One uploaded ledger file and what became of it (migration 1795900000000). The JSON columns are
 * read and written by ledger-import-records.ts; the file's bytes are not mapped here (bytea on
 * PostgreSQL, blob on SQLite) and go through LedgerImportFiles.
 */
@Entity('ledger_imports')
export class LedgerImport {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  status: ImportStatus;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'varchar', length: 8 })
  format: 'xlsx' | 'csv';

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ name: 'replace_placeholders', type: 'boolean', default: false })
  replacePlaceholders: boolean;

  @Column({ name: 'skip_invalid', type: 'boolean', default: false })
  skipInvalid: boolean;

  @Column({ name: 'created_by_user_id', type: 'integer' })
  createdByUserId: number;

  @Column({ name: 'created_by', type: 'varchar', length: 50 })
  createdBy: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'heartbeat_at', type: Date })
  heartbeatAt: Date;

  @Column({ name: 'validated_at', type: Date, nullable: true })
  validatedAt: Date | null;

  @Column({ name: 'committed_at', type: Date, nullable: true })
  committedAt: Date | null;

  @Column({ name: 'rows_done', type: 'integer', default: 0 })
  rowsDone: number;

  @Column({ name: 'rows_total', type: 'integer', nullable: true })
  rowsTotal: number | null;

  @Column({ name: 'header_row', type: 'integer', nullable: true })
  headerRow: number | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'text', nullable: true })
  warnings: string | null;

  @Column({ type: 'text', nullable: true })
  errors: string | null;

  @Column({ name: 'errors_total', type: 'integer', default: 0 })
  errorsTotal: number;

  @Column({ type: 'text', nullable: true })
  failure: string | null;

  /** JSON [[householdId, version], …]: the households the validated plan updates, as it saw them. */
  @Column({ type: 'text', nullable: true })
  touched: string | null;

  @Column({ name: 'plan_digest', type: 'varchar', length: 64, nullable: true })
  planDigest: string | null;
}
