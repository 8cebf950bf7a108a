import type { Language } from '../../common/messages/language.js';
import { isFieldCode, isMessageCode, renderMessage } from '../../common/messages/catalogue.js';
import type { LedgerImport } from '../entities/ledger-import.entity.js';
import type { ImportResponse, ImportSummary, StoredProblem } from './import.response.js';

export type { ImportResponse, ImportSummary, StoredProblem } from './import.response.js';
import { isImportMessageCode, renderCellIssue, renderImportMessage } from '../import-messages.js';
import { LEDGER_COLUMNS } from '../ledger-columns.js';
import type { ImportError } from '../ledger-pass.js';

/** At most this many invalid rows are listed in an answer; the errors file has them all. */
export const LISTED_ERRORS = 1000;

/** A kept problem in `language`: the import catalogue's or the central one's. */
export function renderStoredProblem(language: Language, problem: StoredProblem): string {
  if (isImportMessageCode(problem.code)) return renderImportMessage(language, problem.code, problem.params);
  if (isMessageCode(problem.code)) return renderMessage(language, problem.code, problem.params);
  return problem.code;
}

/** An invalid row's message in `language`, naming its column as people call it (or the row, for the row as a whole). */
export function renderImportError(language: Language, error: ImportError): string {
  const column = LEDGER_COLUMNS.find((c) => c.key === error.key);
  const name = column
    ? { key: column.key, header: error.column ?? column.header }
    : { key: 'row', header: language === 'zh' ? '本行' : 'row' };
  if (isImportMessageCode(error.code) || isFieldCode(error.code)) {
    return renderCellIssue(language, name, { code: error.code, params: error.params } as never);
  }
  return renderStoredProblem(language, error);
}

export function toImportResponse(record: LedgerImport, language: Language): ImportResponse {
  const errors = record.errors ? (JSON.parse(record.errors) as ImportError[]) : [];
  const warnings = record.warnings ? (JSON.parse(record.warnings) as StoredProblem[]) : [];
  const failure = record.failure ? (JSON.parse(record.failure) as StoredProblem) : null;
  return {
    id: record.id,
    status: record.status,
    fileName: record.fileName,
    sha256: record.sha256,
    createdBy: { id: record.createdByUserId, name: record.createdBy },
    createdAt: record.createdAt.toISOString(),
    committedAt: record.committedAt?.toISOString() ?? null,
    replacePlaceholders: record.replacePlaceholders,
    progress: { rowsDone: record.rowsDone, rowsTotal: record.rowsTotal },
    summary: record.summary ? (JSON.parse(record.summary) as ImportSummary) : null,
    warnings: warnings.map((w) => ({ code: w.code, message: renderStoredProblem(language, w) })),
    errors: errors.slice(0, LISTED_ERRORS).map((e) => ({
      row: e.row,
      column: e.column,
      value: e.value,
      message: renderImportError(language, e),
      code: e.code,
    })),
    errorsTotal: record.errorsTotal,
    failure: failure && { code: failure.code, message: renderStoredProblem(language, failure) },
  };
}
