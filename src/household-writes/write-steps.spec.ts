import { describe, expect, it } from '@jest/globals';
import type { RepairStatus } from '../repairs/repair-status.js';
import { regroupCounterSteps, statusCounterSteps } from './write-steps.js';

const key = { villageId: 3, grade: 'B' as const };
const brief = (steps: ReturnType<typeof statusCounterSteps>) =>
  steps.map((s) => {
    switch (s.kind) {
      case 'count':
        return `count ${s.key.villageId}/${s.key.grade} ${s.status} ${s.delta}`;
      case 'count_delta':
        return `delta ${s.status} ${s.day} ${s.delta}`;
      case 'count_entry':
        return `entry ${s.status} ${s.day} ${s.entries}`;
      case 'recount_history':
        return `recount ${s.table} ${s.key.villageId}/${s.key.grade} ×${s.sign}`;
      default:
        return s.kind;
    }
  });

describe('statusCounterSteps', () => {
  it.each<[RepairStatus | null, RepairStatus, string[]]>([
    // A baseline counts the household and its day, but is not a move into the status.
    [null, 'pending', ['count 3/B pending 1', 'delta pending 2021-12-23 1']],
    [
      'pending',
      'in_progress',
      [
        'count 3/B in_progress 1',
        'count 3/B pending -1',
        'delta in_progress 2021-12-23 1',
        'delta pending 2021-12-23 -1',
        'entry in_progress 2021-12-23 1',
      ],
    ],
    // Statuses in alphabetical order whichever way the household moves, so writers lock rows in one order.
    [
      'completed',
      'accepted',
      [
        'count 3/B accepted 1',
        'count 3/B completed -1',
        'delta accepted 2021-12-23 1',
        'delta completed 2021-12-23 -1',
        'entry accepted 2021-12-23 1',
      ],
    ],
    [
      'completed',
      'in_progress',
      [
        'count 3/B completed -1',
        'count 3/B in_progress 1',
        'delta completed 2021-12-23 -1',
        'delta in_progress 2021-12-23 1',
        'entry in_progress 2021-12-23 1',
      ],
    ],
  ])('%s → %s', (from, to, expected) => {
    expect(brief(statusCounterSteps(key, from, to, '2021-12-23'))).toEqual(expected);
  });
});

describe('regroupCounterSteps', () => {
  it.each([
    [
      { villageId: 4, grade: 'C' as const },
      [
        'count 3/B completed -1',
        'count 4/C completed 1',
        'recount deltas 3/B ×-1',
        'recount deltas 4/C ×1',
        'recount entries 3/B ×-1',
        'recount entries 4/C ×1',
      ],
    ],
    // Moving to a lower village id: that village's rows come first.
    [
      { villageId: 2, grade: 'B' as const },
      [
        'count 2/B completed 1',
        'count 3/B completed -1',
        'recount deltas 2/B ×1',
        'recount deltas 3/B ×-1',
        'recount entries 2/B ×1',
        'recount entries 3/B ×-1',
      ],
    ],
    // Same village, another grade: by grade.
    [
      { villageId: 3, grade: 'A' as const },
      [
        'count 3/A completed 1',
        'count 3/B completed -1',
        'recount deltas 3/A ×1',
        'recount deltas 3/B ×-1',
        'recount entries 3/A ×1',
        'recount entries 3/B ×-1',
      ],
    ],
  ])('from 3/B to %j', (to, expected) => {
    expect(brief(regroupCounterSteps(7, 'completed', key, to))).toEqual(expected);
  });
});
