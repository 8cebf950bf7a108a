import { describe, expect, it } from '@jest/globals';
import type { DamageGrade, RepairStatus, Role } from '../api-types.js';
import { batchTargets, chunk, countRows, mayMoveAny, pageCount, planBatch, type RowOutcome, type Selected } from './batch-move-model.js';

let nextId = 1;
function household(grade: DamageGrade, status: RepairStatus): Selected {
  const id = nextId++;
  return { id, householder: `户${id}`, grade, status, version: 3 };
}

describe('mayMoveAny: who sees the checkboxes', () => {
  it.each<[Role, boolean]>([
    ['admin', true],
    ['staff', true],
    ['inspector', true],
    ['supervisor', false],
  ])('%s → %s', (role, expected) => {
    expect(mayMoveAny(role)).toBe(expected);
  });
});

describe('batchTargets: the statuses offered for a selection', () => {
  it.each<[Role, [DamageGrade, RepairStatus][], RepairStatus[]]>([
    ['staff', [['B', 'pending']], ['in_progress', 'completed']],
    ['staff', [['B', 'in_progress']], ['completed']],
    // The union, in workflow order, whatever the order of the selection.
    [
      'staff',
      [
        ['C', 'in_progress'],
        ['B', 'pending'],
      ],
      ['in_progress', 'completed'],
    ],
    ['staff', [['B', 'completed']], []],
    ['staff', [['A', 'pending']], []],
    ['inspector', [['B', 'completed']], ['in_progress', 'accepted']],
    ['inspector', [['B', 'pending']], []],
    [
      'admin',
      [
        ['B', 'pending'],
        ['D', 'completed'],
      ],
      ['in_progress', 'completed', 'accepted'],
    ],
    ['supervisor', [['B', 'pending']], []],
    ['staff', [], []],
  ])('%s with %j → %j', (role, selected, expected) => {
    expect(
      batchTargets(
        role,
        selected.map(([g, s]) => household(g, s)),
      ),
    ).toEqual(expected);
  });
});

describe('planBatch: which selected households make the move', () => {
  it('sends the move for those that can make it and skips the rest with why', () => {
    const pending = household('B', 'pending');
    const started = household('C', 'in_progress');
    const gradeA = household('A', 'pending');
    const completed = household('B', 'completed');
    const plan = planBatch('staff', [pending, started, gradeA, completed], 'in_progress');
    expect(plan.eligible).toEqual([pending]);
    expect(plan.skipped).toEqual([
      { household: started, reason: 'workflow' },
      { household: gradeA, reason: 'workflow' },
      // The workflow allows a failed acceptance back to 施工中, but staff may not record it.
      { household: completed, reason: 'role' },
    ]);
    expect(plan.needsNote).toBe(false);
  });

  it.each<[Role, RepairStatus, RepairStatus, boolean]>([
    ['staff', 'pending', 'completed', true],
    ['staff', 'in_progress', 'completed', false],
    ['inspector', 'completed', 'in_progress', true],
    ['inspector', 'completed', 'accepted', false],
  ])('%s %s → %s needs a note: %s', (role, from, to, expected) => {
    expect(planBatch(role, [household('C', from)], to).needsNote).toBe(expected);
  });

  it('asks for a note when any one eligible household needs it', () => {
    const plan = planBatch('staff', [household('B', 'in_progress'), household('B', 'pending')], 'completed');
    expect(plan.eligible).toHaveLength(2);
    expect(plan.needsNote).toBe(true);
  });

  it('a skipped household that would need a note does not ask for one', () => {
    const plan = planBatch('staff', [household('B', 'in_progress'), household('A', 'pending')], 'completed');
    expect(plan.eligible).toHaveLength(1);
    expect(plan.needsNote).toBe(false);
  });

  it('an inspector may not record the work', () => {
    const plan = planBatch('inspector', [household('B', 'pending')], 'in_progress');
    expect(plan.eligible).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual(['role']);
  });
});

describe('chunk and pageCount: sending and fetching in pieces', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => i);

  it.each<[number, number, number[]]>([
    [0, 500, []],
    [1, 500, [1]],
    [500, 500, [500]],
    [501, 500, [500, 1]],
    [1201, 500, [500, 500, 201]],
  ])('%d items by %d → pieces of %j', (n, size, lengths) => {
    const pieces = chunk(items(n), size);
    expect(pieces.map((p) => p.length)).toEqual(lengths);
    // In order, nothing lost or repeated.
    expect(pieces.flat()).toEqual(items(n));
  });

  it('refuses a piece size that would never end', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });

  it.each([
    [0, 0],
    [1, 1],
    [500, 1],
    [501, 2],
    [2000, 4],
  ])('%d households → %d pages of 500', (total, pages) => {
    expect(pageCount(total)).toBe(pages);
  });
});

describe('countRows', () => {
  it('counts each outcome that occurred, in the listed order', () => {
    const rows = (['conflict', 'applied', 'skipped', 'applied', 'refused', 'queued'] as RowOutcome[]).map((outcome) => ({ outcome }));
    expect(countRows(rows)).toEqual([
      ['applied', 2],
      ['queued', 1],
      ['conflict', 1],
      ['refused', 1],
      ['skipped', 1],
    ]);
  });

  it('nothing for no rows', () => {
    expect(countRows([])).toEqual([]);
  });
});
