import { describe, expect, it } from '@jest/globals';
import { acceptanceSummary, type HistoryEntry } from './acceptance-summary.js';
import type { RepairStatus } from './repair-status.js';

const entry = (from: RepairStatus | null, to: RepairStatus, occurredOn: string, note: string | null = null): HistoryEntry => ({
  from,
  to,
  occurredOn,
  actor: from === 'completed' ? '李验收' : '王建国',
  note,
  inspection: null,
});

describe('acceptanceSummary', () => {
  it.each([
    ['nothing done yet', [entry(null, 'pending', '2021-11-01')], { startedOn: null, completedOn: null, verdict: null, failures: 0 }],
    [
      'completed, waiting for inspection',
      [
        entry(null, 'pending', '2021-11-01'),
        entry('pending', 'in_progress', '2021-11-10'),
        entry('in_progress', 'completed', '2021-12-01'),
      ],
      { startedOn: '2021-11-10', completedOn: '2021-12-01', verdict: null, failures: 0 },
    ],
    [
      'accepted',
      [
        entry(null, 'pending', '2021-11-01'),
        entry('pending', 'in_progress', '2021-11-10'),
        entry('in_progress', 'completed', '2021-12-01'),
        entry('completed', 'accepted', '2021-12-05'),
      ],
      { startedOn: '2021-11-10', completedOn: '2021-12-01', verdict: { passed: true, on: '2021-12-05' }, failures: 0 },
    ],
    [
      'failed, reworked, waiting again',
      [
        entry(null, 'pending', '2021-11-01'),
        entry('pending', 'in_progress', '2021-11-10'),
        entry('in_progress', 'completed', '2021-12-01'),
        entry('completed', 'in_progress', '2021-12-05', '屋面渗漏'),
        entry('in_progress', 'completed', '2021-12-12'),
      ],
      // The rework's start is not the start of the work.
      { startedOn: '2021-11-10', completedOn: '2021-12-12', verdict: null, failures: 1 },
    ],
    [
      'failed, reworked, accepted',
      [
        entry(null, 'in_progress', '2021-11-10'),
        entry('in_progress', 'completed', '2021-12-01'),
        entry('completed', 'in_progress', '2021-12-05', '屋面渗漏'),
        entry('in_progress', 'completed', '2021-12-12'),
        entry('completed', 'accepted', '2021-12-15'),
      ],
      { startedOn: '2021-11-10', completedOn: '2021-12-12', verdict: { passed: true, on: '2021-12-15' }, failures: 1 },
    ],
    [
      'just failed',
      [entry(null, 'completed', '2021-12-01'), entry('completed', 'in_progress', '2021-12-05', '墙体裂缝')],
      { startedOn: null, completedOn: '2021-12-01', verdict: { passed: false, on: '2021-12-05', note: '墙体裂缝' }, failures: 0 },
    ],
    [
      'entered as accepted',
      [entry(null, 'accepted', '2021-12-20')],
      { startedOn: null, completedOn: null, verdict: { passed: true, on: '2021-12-20', inspector: null }, failures: 0 },
    ],
  ])('%s', (_name, history, expected) => {
    const summary = acceptanceSummary(history);
    expect(summary).toMatchObject({ startedOn: expected.startedOn, completedOn: expected.completedOn });
    if (expected.verdict === null) expect(summary.verdict).toBeNull();
    else expect(summary.verdict).toMatchObject(expected.verdict);
    expect(summary.earlierFailures.length).toBe(expected.failures);
  });
});
