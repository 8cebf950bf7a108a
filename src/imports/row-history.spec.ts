import { describe, expect, it } from '@jest/globals';
import { rowHistory, type RowDates, type RowHistory, type StoredHistory } from './row-history.js';

const TODAY = '2021-12-23';
const IMPORT_DAY = '2021-12-23';
const dates = (d: Partial<RowDates>): RowDates => ({ appraisalDate: null, startedOn: null, completedOn: null, acceptedOn: null, ...d });
const brief = (h: RowHistory) =>
  h.ok ? [h.baseline ? `${h.baseline.status}@${h.baseline.on}` : '-', ...h.moves.map((m) => `${m.status}@${m.on}`)].join(' ') : h.problem;

describe('rowHistory for a new household', () => {
  it.each<[string, Partial<RowDates>, string]>([
    ['no dates: pending on the import day', {}, 'pending@2021-12-23'],
    ['an appraisal date only', { appraisalDate: '2021-10-20' }, 'pending@2021-10-20'],
    [
      'every date: pending on the appraisal, then each milestone',
      { appraisalDate: '2021-10-20', startedOn: '2021-11-01', completedOn: '2021-12-01', acceptedOn: '2021-12-20' },
      'pending@2021-10-20 in_progress@2021-11-01 completed@2021-12-01 accepted@2021-12-20',
    ],
    [
      'no appraisal date: the first milestone is the baseline',
      { startedOn: '2021-11-01', completedOn: '2021-12-01' },
      'in_progress@2021-11-01 completed@2021-12-01',
    ],
    ['completed only', { completedOn: '2021-12-01' }, 'completed@2021-12-01'],
    [
      'a skipped start: pending straight to completed',
      { appraisalDate: '2021-10-20', completedOn: '2021-12-01' },
      'pending@2021-10-20 completed@2021-12-01',
    ],
    [
      'milestones on one day',
      { appraisalDate: '2021-12-01', startedOn: '2021-12-01', completedOn: '2021-12-01' },
      'pending@2021-12-01 in_progress@2021-12-01 completed@2021-12-01',
    ],
  ])('%s', (_name, row, expected) => {
    expect(brief(rowHistory(dates(row), null, TODAY, IMPORT_DAY))).toBe(expected);
  });

  it.each<[string, Partial<RowDates>, object]>([
    [
      'a date after today',
      { completedOn: '2021-12-24' },
      { code: 'date_in_future', column: 'completedOn', date: '2021-12-24', today: TODAY },
    ],
    [
      'completion before the start',
      { startedOn: '2021-12-10', completedOn: '2021-12-01' },
      { code: 'dates_out_of_order', column: 'completedOn', date: '2021-12-01', earlierColumn: 'startedOn', earlierDate: '2021-12-10' },
    ],
    [
      'a start before the appraisal',
      { appraisalDate: '2021-11-01', startedOn: '2021-10-01' },
      { code: 'dates_out_of_order', column: 'startedOn', earlierColumn: 'appraisalDate' },
    ],
    [
      'an acceptance without a completion',
      { startedOn: '2021-11-01', acceptedOn: '2021-12-20' },
      { code: 'accepted_without_completion', column: 'acceptedOn' },
    ],
  ])('refuses %s', (_name, row, problem) => {
    const history = rowHistory(dates(row), null, TODAY, IMPORT_DAY);
    expect(history.ok ? null : history.problem).toMatchObject(problem);
  });
});

describe('rowHistory for a stored household', () => {
  const inProgress: StoredHistory = {
    status: 'in_progress',
    lastChangeOn: '2021-11-01',
    reachedOn: { pending: '2021-10-20', in_progress: '2021-11-01' },
  };
  // The seed's households start from the source's figures: a baseline in their status, no earlier milestones.
  const seededCompleted: StoredHistory = { status: 'completed', lastChangeOn: '2021-12-23', reachedOn: { completed: '2021-12-23' } };

  it.each<[string, StoredHistory, Partial<RowDates>, string]>([
    ['the same row again adds nothing', inProgress, { appraisalDate: '2021-10-20', startedOn: '2021-11-01' }, '-'],
    [
      'a completion date adds that move only',
      inProgress,
      { appraisalDate: '2021-10-20', startedOn: '2021-11-01', completedOn: '2021-12-01' },
      '- completed@2021-12-01',
    ],
    [
      'a row that leaves out what is recorded adds what is new',
      inProgress,
      { completedOn: '2021-12-01', acceptedOn: '2021-12-20' },
      '- completed@2021-12-01 accepted@2021-12-20',
    ],
    [
      'a start date the seed never recorded is taken as it is',
      seededCompleted,
      { startedOn: '2021-11-01', completedOn: '2021-12-23' },
      '-',
    ],
  ])('%s', (_name, stored, row, expected) => {
    expect(brief(rowHistory(dates(row), stored, TODAY, IMPORT_DAY))).toBe(expected);
  });

  it.each<[string, StoredHistory, Partial<RowDates>, object]>([
    [
      'a recorded milestone on another day',
      inProgress,
      { startedOn: '2021-11-05' },
      { code: 'milestone_differs', column: 'startedOn', date: '2021-11-05', recorded: '2021-11-01' },
    ],
    [
      'a new milestone before the last recorded change',
      seededCompleted,
      { completedOn: '2021-12-23', acceptedOn: '2021-12-22' },
      { code: 'dates_out_of_order' },
    ],
    [
      'a new milestone before the last change',
      { ...inProgress, lastChangeOn: '2021-12-10' },
      { completedOn: '2021-12-05' },
      { code: 'before_last_change', column: 'completedOn', lastChangeOn: '2021-12-10' },
    ],
  ])('refuses %s', (_name, stored, row, problem) => {
    const history = rowHistory(dates(row), stored, TODAY, IMPORT_DAY);
    expect(history.ok ? null : history.problem).toMatchObject(problem);
  });
});
