import { describe, expect, it } from '@jest/globals';
import { LEDGER_COLUMNS } from '../../../imports/ledger-columns.js';
import { IMPORT_STATUSES } from '../../../imports/entities/ledger-import.entity.js';
import type { ImportStatus, Role } from '../api-types.js';
import {
  canCommit,
  canImport,
  cellShown,
  changedColumns,
  COLUMN_HEADERS,
  commitPlan,
  errorsCut,
  isRunning,
  offersSkipInvalid,
  progressOf,
  type ImportProgress,
  type ImportSummary,
} from './imports-model.js';

const SUMMARY: ImportSummary = {
  rows: 12,
  create: 5,
  update: 3,
  unchanged: 2,
  invalid: 2,
  removedPlaceholders: 4,
  changedFields: { grade: 2, remarks: 1 },
};

describe('who may import', () => {
  it.each<[Role, boolean]>([
    ['admin', true],
    ['staff', true],
    ['supervisor', false],
    ['inspector', false],
  ])('%s: %s', (role, may) => {
    expect(canImport(role)).toBe(may);
  });
});

describe('isRunning: the page keeps asking while the server works', () => {
  it.each<[ImportStatus, boolean]>([
    ['validating', true],
    ['validated', false],
    ['committing', true],
    ['committed', false],
    ['failed', false],
  ])('%s: %s', (status, running) => {
    expect(isRunning(status)).toBe(running);
  });

  it('covers every status the server has', () => {
    expect(IMPORT_STATUSES.filter(isRunning)).toEqual(['validating', 'committing']);
  });
});

describe('progressOf', () => {
  it.each<[ImportProgress, ReturnType<typeof progressOf>]>([
    [
      { rowsDone: 0, rowsTotal: null },
      { done: 0, total: null, percent: null },
    ],
    [
      { rowsDone: 0, rowsTotal: 400 },
      { done: 0, total: 400, percent: 0 },
    ],
    [
      { rowsDone: 133, rowsTotal: 400 },
      { done: 133, total: 400, percent: 33 },
    ],
    // Rounded down: 100% only when every row is done.
    [
      { rowsDone: 399, rowsTotal: 400 },
      { done: 399, total: 400, percent: 99 },
    ],
    [
      { rowsDone: 400, rowsTotal: 400 },
      { done: 400, total: 400, percent: 100 },
    ],
    // Never past the end, never below zero.
    [
      { rowsDone: 450, rowsTotal: 400 },
      { done: 400, total: 400, percent: 100 },
    ],
    [
      { rowsDone: -1, rowsTotal: 10 },
      { done: 0, total: 10, percent: 0 },
    ],
    // A file of no rows is done at once.
    [
      { rowsDone: 0, rowsTotal: 0 },
      { done: 0, total: 0, percent: 100 },
    ],
  ])('%j → %j', (progress, expected) => {
    expect(progressOf(progress)).toEqual(expected);
  });
});

describe('changedColumns: the changed fields named by their ledger headers', () => {
  it('the page’s headers are the server’s, in the same order', () => {
    expect(Object.entries(COLUMN_HEADERS)).toEqual(LEDGER_COLUMNS.map((c) => [c.key, c.header]));
  });

  it('in the ledger’s column order, whatever order the server sent', () => {
    expect(changedColumns({ remarks: 1, grade: 2, householder: 4, phone: 1 })).toEqual([
      { header: '户主', count: 4 },
      { header: '联系电话', count: 1 },
      { header: '鉴定等级', count: 2 },
      { header: '备注', count: 1 },
    ]);
  });

  it('leaves out columns no household changes, and names unknown keys as they are, last', () => {
    expect(changedColumns({ grade: 0, completedOn: 3, zeta: 1, alpha: 2, beta: 0 })).toEqual([
      { header: '完工日期', count: 3 },
      { header: 'alpha', count: 2 },
      { header: 'zeta', count: 1 },
    ]);
  });

  it('none for none', () => {
    expect(changedColumns({})).toEqual([]);
  });
});

describe('committing', () => {
  it.each<[Role, ImportStatus, boolean]>([
    ['staff', 'validated', true],
    ['admin', 'validated', true],
    ['staff', 'validating', false],
    ['staff', 'committing', false],
    ['staff', 'committed', false],
    ['staff', 'failed', false],
    ['supervisor', 'validated', false],
  ])('%s may commit an import that is %s: %s', (role, status, may) => {
    expect(canCommit(role, { status })).toBe(may);
  });

  it.each<[ImportSummary | null, boolean]>([
    [SUMMARY, true],
    [{ ...SUMMARY, invalid: 0 }, false],
    [null, false],
  ])('offers to skip invalid rows only when there are some (%j)', (summary, offered) => {
    expect(offersSkipInvalid(summary)).toBe(offered);
  });

  it('the confirmation counts what will be written; skipped rows only when skipping', () => {
    expect(commitPlan(SUMMARY, true)).toEqual({ create: 5, update: 3, skipped: 2, removedPlaceholders: 4 });
    expect(commitPlan(SUMMARY, false)).toEqual({ create: 5, update: 3, skipped: 0, removedPlaceholders: 4 });
  });
});

describe('errorsCut: the invalid rows are listed up to 1,000', () => {
  const errors = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ row: i + 3, column: '鉴定等级', value: 'E', message: 'x', code: 'c' }));

  it.each<[number, number, { shown: number; total: number } | null]>([
    [0, 0, null],
    [3, 3, null],
    [1000, 1000, null],
    [1000, 1001, { shown: 1000, total: 1001 }],
    [1000, 25_000, { shown: 1000, total: 25_000 }],
  ])('%i listed of %i → %j', (listed, total, expected) => {
    expect(errorsCut({ errors: errors(listed), errorsTotal: total })).toEqual(expected);
  });
});

describe('cellShown', () => {
  it.each<[string | null, string | null]>([
    ['E', 'E'],
    ['45000', '45000'],
    ['  ', null],
    ['', null],
    [null, null],
  ])('%j → %j', (value, expected) => {
    expect(cellShown(value)).toBe(expected);
  });
});
