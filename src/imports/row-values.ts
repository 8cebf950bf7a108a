import { issue } from '../common/messages/problem.js';
import { maskIdCardNumber, maskPhone } from '../personal-data/masking.js';
import { cellText, parseLedgerCell, type DateOptions, type IdCardOptions, type LedgerValue } from './cell-values.js';
import type { CellIssue } from './import-messages.js';
import { LEDGER_COLUMNS, type HeaderMatch, type LedgerColumnKey } from './ledger-columns.js';
import type { LedgerRow } from './reading/ledger-rows.js';

/**
 * One data row of a ledger read column by column: each cell parsed by its column's kind
 * (cell-values.ts), the required columns checked, and each problem kept with the column it is
 * in. Pure.
 */

export type RowValues = Partial<Record<LedgerColumnKey, LedgerValue>>;

export interface CellProblem {
  readonly key: LedgerColumnKey;
  readonly issue: CellIssue;
}

export interface ReadRow {
  readonly row: number;
  readonly values: RowValues;
  readonly problems: readonly CellProblem[];
}

export function readRowValues(row: LedgerRow, header: HeaderMatch, options: DateOptions & IdCardOptions): ReadRow {
  const values: RowValues = {};
  const problems: CellProblem[] = [];
  for (const column of LEDGER_COLUMNS) {
    const index = header.columns[column.key];
    if (index === undefined) continue;
    const parsed = parseLedgerCell(column, row.cells[index], options);
    if (!parsed.ok) {
      const { ok: _ok, ...cellIssue } = parsed;
      problems.push({ key: column.key, issue: cellIssue });
    } else if (parsed.value === null && column.required) {
      problems.push({ key: column.key, issue: issue('required') });
    } else {
      values[column.key] = parsed.value;
    }
  }
  return { row: row.row, values, problems };
}

/** What a report quotes of a cell: its text on one line, ID-card and phone numbers masked. */
export function quotedCell(key: LedgerColumnKey | null, cell: unknown): string | null {
  if (key === null) return null;
  const text = cellText(cell)?.replace(/\s+/g, ' ').trim() ?? null;
  if (text === null || text === '') return null;
  if (key === 'idCardNumber') return maskIdCardNumber(text);
  if (key === 'phone') return maskPhone(text);
  return [...text].length > 100 ? `${[...text].slice(0, 100).join('')}…` : text;
}
