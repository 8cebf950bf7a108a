import { setImmediate as nextTurn } from 'node:timers/promises';
import { HttpException } from '@nestjs/common';
import { isProblem, ValidationFailedException } from '../common/errors.js';
import { DryRunStore } from '../household-writes/dry-run-store.js';
import type { Command } from '../household-writes/write-steps.js';
import type { ImportProblem } from './import-messages.js';
import type { ImportPlanner, RowError, RowPlan } from './import-plan.js';
import {
  headerWarnings,
  ledgerColumn,
  matchHeaderRow,
  HEADER_SEARCH_ROWS,
  type HeaderMatch,
  type HeaderMiss,
  type LedgerColumnKey,
} from './ledger-columns.js';
import { cellText } from './cell-values.js';
import type { LedgerFormat } from './reading/ledger-file.js';
import { readLedgerRows, type LedgerRow } from './reading/ledger-rows.js';
import { EXAMPLE_REMARK } from './import-template.js';
import { quotedCell, readRowValues } from './row-values.js';

/**
 * One pass over a ledger file: the header row found, every data row read and planned
 * (import-plan.ts), each valid row's commands tried in a dry run (DryRunStore) so that a row
 * the write model would refuse is reported as invalid, and the rows handed on in batches. The
 * same pass validates an upload (the batches are only counted) and commits it (each batch's
 * commands are written inside the commit's transaction), so both decide alike.
 */

/** Rows per batch: the event loop runs between batches (at 500, health checks waited 200 ms at p95 during a SQLite commit). */
export const PASS_BATCH = 100;

/** An invalid row's problem as the import keeps it: at the column the file names it by, with the cell as quoted. */
export interface ImportError extends RowError {
  /** The column's header as the file writes it (身份证号码 where the canonical name is 身份证号), or null for the row. */
  column: string | null;
  /** The cell's text, masked for ID-card and phone numbers. */
  value: string | null;
}

export interface PassBatch {
  plans: RowPlan[];
  /** The commands of the batch's valid rows, in row order. */
  commands: Command<unknown>[];
}

export type PassResult =
  { ok: false; problem: ImportProblem<'header_row_not_found'> } | { ok: true; headerRow: number; warnings: ImportProblem[]; rows: number };

export interface PassHandlers {
  /** Each batch, after its rows are planned and dry-run. */
  batch(batch: PassBatch): Promise<void>;
  /** Data rows read so far. */
  progress?(rowsDone: number): void;
  signal?: AbortSignal;
}

export async function runLedgerPass(
  bytes: Uint8Array,
  format: LedgerFormat,
  planner: ImportPlanner,
  options: { today: string },
  handlers: PassHandlers,
): Promise<PassResult> {
  const rows = readLedgerRows(bytes, format);
  const top: LedgerRow[] = [];
  let header: HeaderMatch | null = null;
  let headerRow = 0;
  let headerCells: unknown[] = [];
  let pending: LedgerRow[] = [];
  let done = 0;
  /** The template's example row, left in by mistake: not a household. */
  const exampleRows: number[] = [];
  const dryRun = new DryRunStore((id) => planner.storedHousehold(id));

  const flush = async () => {
    if (pending.length === 0) return;
    const reads = pending
      .map((row) => readRowValues(row, header!, { today: options.today }))
      .filter((read) => {
        if (read.values.remarks !== EXAMPLE_REMARK) return true;
        exampleRows.push(read.row);
        return false;
      });
    const cellsByRow = new Map(pending.map((row) => [row.row, row.cells]));
    pending = [];
    await planner.prefetch(reads);
    const batch: PassBatch = { plans: [], commands: [] };
    for (const read of reads) {
      let plan = planner.plan(read);
      if (plan.kind === 'create' || plan.kind === 'update') {
        try {
          dryRun.runAll(plan.commands());
          batch.commands.push(...plan.commands());
        } catch (error) {
          plan = planner.refused(plan, refusalError(plan.row, error));
        }
      }
      if (plan.kind === 'invalid')
        plan = { ...plan, errors: plan.errors.map((e) => located(e, header!, headerCells, cellsByRow.get(e.row))) };
      batch.plans.push(plan);
    }
    done += reads.length;
    await handlers.batch(batch);
    handlers.progress?.(done);
    await nextTurn();
  };

  /** The header among the rows read so far; the rows after it become data. */
  const findHeader = (): HeaderMiss | null => {
    const found = matchHeaderRow(top.map((r) => r.cells));
    if (!found.ok) return found;
    header = found;
    headerRow = top[found.rowIndex].row;
    headerCells = top[found.rowIndex].cells;
    pending.push(...top.slice(found.rowIndex + 1));
    return null;
  };

  for await (const row of rows) {
    handlers.signal?.throwIfAborted();
    if (header) {
      pending.push(row);
      if (pending.length >= PASS_BATCH) await flush();
      continue;
    }
    top.push(row);
    if (top.length < HEADER_SEARCH_ROWS) continue;
    const miss = findHeader();
    if (miss) return { ok: false, problem: miss };
  }
  if (!header) {
    const miss = findHeader();
    if (miss) return { ok: false, problem: miss };
  }
  await flush();
  const warnings = headerWarnings(header!);
  if (exampleRows.length > 0) warnings.push({ code: 'example_rows_skipped', params: { rows: exampleRows } });
  return { ok: true, headerRow, warnings, rows: done };
}

/** The column a problem is at as the file names it, and the cell's value as it may be quoted. */
function located(error: RowError, header: HeaderMatch, headerCells: unknown[], cells: unknown[] | undefined): ImportError {
  const key: LedgerColumnKey | null = error.key;
  const index = key === null ? undefined : header.columns[key];
  const written = index === undefined ? null : cellText(headerCells[index])?.trim();
  const canonical = key === null ? null : ledgerColumn(key).header;
  return {
    ...error,
    column: written || canonical,
    value: index === undefined ? null : quotedCell(key, cells?.[index]),
  };
}

/** The write model's refusal of a row, as the row's error: its problem and the column it names, if any. */
function refusalError(row: number, error: unknown): RowError {
  if (error instanceof ValidationFailedException) {
    const [first] = error.fields;
    const key = first.field === 'occurredOn' || first.field === 'statusOn' ? null : (first.field as LedgerColumnKey);
    return { row, key, code: first.code, params: { ...first.params } };
  }
  const response = error instanceof HttpException ? error.getResponse() : null;
  if (isProblem(response)) return { row, key: null, code: response.code, params: { ...response.params } };
  throw error;
}
