import { describe, expect, it } from '@jest/globals';
import type { DamageGrade, RepairStatus, Role } from './api-types.js';
import { inspectionOf, movesFor, needsNote, type InspectionForm } from './moves.js';

describe('movesFor: the status buttons a role sees', () => {
  it.each<[Role, RepairStatus, RepairStatus[]]>([
    ['staff', 'pending', ['in_progress', 'completed']],
    ['staff', 'in_progress', ['completed']],
    ['staff', 'completed', []],
    ['staff', 'accepted', []],
    ['inspector', 'pending', []],
    ['inspector', 'in_progress', []],
    ['inspector', 'completed', ['in_progress', 'accepted']],
    ['inspector', 'accepted', []],
    ['admin', 'pending', ['in_progress', 'completed']],
    ['admin', 'in_progress', ['completed']],
    ['admin', 'completed', ['in_progress', 'accepted']],
    ['admin', 'accepted', []],
    ['supervisor', 'pending', []],
    ['supervisor', 'in_progress', []],
    ['supervisor', 'completed', []],
    ['supervisor', 'accepted', []],
  ])('%s at %s (grade B) → %j', (role, status, expected) => {
    expect(movesFor(role, 'B', status)).toEqual(expected);
  });

  it.each<[DamageGrade, boolean]>([
    ['A', false],
    ['B', true],
    ['C', true],
    ['D', true],
  ])('grade %s has moves: %s', (grade, any) => {
    expect(movesFor('admin', grade, 'pending').length > 0).toBe(any);
  });
});

describe('needsNote', () => {
  it.each<[RepairStatus, RepairStatus, boolean]>([
    ['pending', 'in_progress', false],
    ['in_progress', 'completed', false],
    ['completed', 'accepted', false],
    ['completed', 'in_progress', true],
    ['pending', 'completed', true],
    // Not a move at all: no note makes it one.
    ['accepted', 'pending', false],
  ])('%s → %s: %s', (from, to, expected) => {
    expect(needsNote('C', from, to)).toBe(expected);
  });
});

describe('inspectionOf: the acceptance record sent with a verdict', () => {
  const empty: InspectionForm = { newGrade: '', ownerAgrees: '', method: '', remarks: '' };

  it.each<[string, RepairStatus, Partial<InspectionForm>, ReturnType<typeof inspectionOf>]>([
    [
      'an acceptance with grade and view',
      'accepted',
      { newGrade: 'A', ownerAgrees: 'yes' },
      { inspection: { newGrade: 'A', ownerAgrees: true }, missing: [] },
    ],
    [
      'with method and remarks, trimmed',
      'accepted',
      { newGrade: 'B', ownerAgrees: 'no', method: ' 现场查看 ', remarks: ' 墙面有裂缝 ' },
      { inspection: { newGrade: 'B', ownerAgrees: false, method: '现场查看', remarks: '墙面有裂缝' }, missing: [] },
    ],
    ['an acceptance without anything', 'accepted', {}, { inspection: undefined, missing: ['newGrade', 'ownerAgrees'] }],
    ['an acceptance without the view', 'accepted', { newGrade: 'A' }, { inspection: undefined, missing: ['ownerAgrees'] }],
    ['a grade that is not A or B', 'accepted', { newGrade: 'C', ownerAgrees: 'yes' }, { inspection: undefined, missing: ['newGrade'] }],
    // A failed acceptance needs nothing here (its reason is the note) and is never re-graded.
    ['a failed acceptance without anything', 'in_progress', {}, { inspection: undefined, missing: [] }],
    [
      'a failed acceptance with a grade chosen',
      'in_progress',
      { newGrade: 'A', ownerAgrees: 'no', remarks: '屋顶漏水' },
      { inspection: { ownerAgrees: false, remarks: '屋顶漏水' }, missing: [] },
    ],
    ['a failed acceptance with remarks only', 'in_progress', { remarks: '屋顶漏水' }, { inspection: { remarks: '屋顶漏水' }, missing: [] }],
  ])('%s', (_name, to, form, expected) => {
    expect(inspectionOf('completed', to, { ...empty, ...form })).toEqual(expected);
  });

  it.each<[RepairStatus, RepairStatus]>([
    ['pending', 'in_progress'],
    ['in_progress', 'completed'],
    ['pending', 'completed'],
  ])('%s → %s carries no record, whatever the form holds', (from, to) => {
    expect(inspectionOf(from, to, { newGrade: 'A', ownerAgrees: 'yes', method: 'x', remarks: 'y' })).toEqual({
      inspection: undefined,
      missing: [],
    });
  });
});
