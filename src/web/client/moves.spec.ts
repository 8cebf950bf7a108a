import { describe, expect, it } from '@jest/globals';
import type { DamageGrade, RepairStatus, Role } from './api-types.js';
import { movesFor, needsNote } from './moves.js';

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
