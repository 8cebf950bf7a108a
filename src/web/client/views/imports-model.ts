import type { LedgerColumnKey } from '../../../imports/ledger-columns.js';
import type { ImportProgress, ImportResponse, ImportStatus, ImportSummary, Role } from '../api-types.js';

/**
 * The import page's rules, pure (no DOM): who may import, whether an import is still working
 * and how far it is, what committing it will do, and how its figures are named. The shapes are
 * the import API's (below).
 */

export type { ImportProgress, ImportResponse, ImportSummary } from '../api-types.js';

/** How often a running import is asked about. */
export const POLL_MS = 1000;

/** The roles that enter households may import them (the API answers 403 to the others). */
export function canImport(role: Role): boolean {
  return role === 'admin' || role === 'staff';
}

/** Still working on the server: the page keeps asking. */
export function isRunning(status: ImportStatus): boolean {
  return status === 'validating' || status === 'committing';
}

/** Rows done of rows total, for the progress bar; `percent` (whole, rounded down) is null while the total is unknown. */
export function progressOf(progress: ImportProgress): { done: number; total: number | null; percent: number | null } {
  const total = progress.rowsTotal;
  if (total === null || total < 0) return { done: Math.max(0, progress.rowsDone), total: null, percent: null };
  const done = Math.min(Math.max(0, progress.rowsDone), total);
  return { done, total, percent: total === 0 ? 100 : Math.floor((done * 100) / total) };
}

/**
 * The ledger's column headers by key, in the ledger's order: the server's LEDGER_COLUMNS
 * (src/imports/ledger-columns.ts) without what the pages do not need (its synonyms and
 * descriptions, and the messages it imports, would double the pages' script). The type asks for
 * every key; imports-model.spec.ts checks the headers and the order against the server's table.
 */
export const COLUMN_HEADERS: Readonly<Record<LedgerColumnKey, string>> = {
  township: '乡镇',
  village: '村',
  householder: '户主',
  idCardNumber: '身份证号',
  phone: '联系电话',
  address: '地址',
  rooms: '间数',
  grade: '鉴定等级',
  appraisalAgency: '鉴定机构',
  appraisalDate: '鉴定日期',
  appraisalReportNo: '鉴定报告编号',
  appraisalFindings: '受损情况',
  startedOn: '开工日期',
  completedOn: '完工日期',
  acceptedOn: '验收日期',
  designDrawings: '设计图集',
  constructionSupervision: '监理服务',
  technicalService: '技术服务',
  remarks: '备注',
};

/**
 * The changed columns of the updated households, named by the ledger's column headers (鉴定等级,
 * 备注) in the ledger's column order, each with how many households change it. A key the page
 * does not know is named as it is, after the others.
 */
export function changedColumns(changedFields: Record<string, number>): { header: string; count: number }[] {
  const headers: Record<string, string> = COLUMN_HEADERS;
  const known = Object.keys(headers)
    .filter((key) => changedFields[key] > 0)
    .map((key) => ({ header: headers[key], count: changedFields[key] }));
  const unknown = Object.entries(changedFields)
    .filter(([key, count]) => !(key in headers) && count > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([header, count]) => ({ header, count }));
  return [...known, ...unknown];
}

/** Whether committing may be asked for: validated, and the user may import. */
export function canCommit(role: Role, current: Pick<ImportResponse, 'status'>): boolean {
  return canImport(role) && current.status === 'validated';
}

/** The skip-invalid option is offered only when there is something to skip. */
export function offersSkipInvalid(summary: ImportSummary | null): boolean {
  return (summary?.invalid ?? 0) > 0;
}

/** What committing will do, for the confirmation: households created and updated, invalid rows skipped, placeholders removed. */
export function commitPlan(
  summary: ImportSummary,
  skipInvalid: boolean,
): { create: number; update: number; skipped: number; removedPlaceholders: number } {
  return {
    create: summary.create,
    update: summary.update,
    skipped: skipInvalid ? summary.invalid : 0,
    removedPlaceholders: summary.removedPlaceholders,
  };
}

/** When the list of invalid rows is cut short: how many are listed of how many there are. */
export function errorsCut(current: Pick<ImportResponse, 'errors' | 'errorsTotal'>): { shown: number; total: number } | null {
  return current.errorsTotal > current.errors.length ? { shown: current.errors.length, total: current.errorsTotal } : null;
}

/** A cell's value as the invalid-rows table shows it; null for an empty cell. */
export function cellShown(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value;
}
