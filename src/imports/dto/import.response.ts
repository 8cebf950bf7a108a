import type { ImportStatus } from '../entities/ledger-import.entity.js';

/*
 * The answers of the import API (README, "Ledger import"), as types only: the pages take them
 * from here too (src/web/client/api-types.ts), so nothing else may be imported into this file.
 */

export interface ImportProgress {
  rowsDone: number;
  /** Null until the file has been read far enough to know. */
  rowsTotal: number | null;
}

/** The counts of an import: what it would do (validated) or did (committed). */
export interface ImportSummary {
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  invalid: number;
  removedPlaceholders: number;
  /** Updated rows per field they change, by the field's key (address, phone …). */
  changedFields: Record<string, number>;
}

/** A warning or failure as the import keeps it: a catalogue code and its parameters. */
export interface StoredProblem {
  code: string;
  params: Record<string, unknown>;
}

export interface ImportResponse {
  id: number;
  status: ImportStatus;
  fileName: string;
  sha256: string;
  createdBy: { id: number; name: string };
  createdAt: string;
  committedAt: string | null;
  replacePlaceholders: boolean;
  progress: ImportProgress;
  summary: ImportSummary | null;
  warnings: { code: string; message: string }[];
  errors: { row: number; column: string | null; value: string | null; message: string; code: string }[];
  errorsTotal: number;
  failure: { code: string; message: string } | null;
}
