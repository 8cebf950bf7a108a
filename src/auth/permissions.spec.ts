import { describe, expect, it } from '@jest/globals';
import { REPAIR_STATUSES } from '../repairs/repair-status.js';
import { ROLES } from '../users/roles.js';
import { isInspectionVerdict, mayRecordBaseline, mayRecordMove, maySeePersonalData } from './permissions.js';

// role → the moves it may record; every other (role, from, to) is refused.
const ALLOWED: Record<string, string[]> = {
  admin: ['pending>in_progress', 'in_progress>completed', 'pending>completed', 'completed>accepted', 'completed>in_progress'],
  staff: ['pending>in_progress', 'in_progress>completed', 'pending>completed'],
  inspector: ['completed>accepted', 'completed>in_progress'],
  supervisor: [],
};

const cases = ROLES.flatMap((role) =>
  REPAIR_STATUSES.flatMap((from) => REPAIR_STATUSES.map((to) => ({ role, from, to, allowed: ALLOWED[role].includes(`${from}>${to}`) }))),
);

describe('mayRecordMove', () => {
  it('covers every role and pair', () => expect(cases).toHaveLength(4 * 16));

  it.each(cases)('$role: $from → $to is allowed: $allowed', ({ role, from, to, allowed }) => {
    expect(mayRecordMove(role, from, to)).toBe(allowed);
  });
});

describe('mayRecordBaseline', () => {
  it.each([
    ['admin', 'accepted', true],
    ['staff', 'accepted', false],
    ['inspector', 'accepted', true],
    ['supervisor', 'accepted', false],
    ...ROLES.flatMap((role) => (['pending', 'in_progress', 'completed'] as const).map((status) => [role, status, true] as const)),
  ] as const)('%s may enter a household first recorded as %s: %p', (role, status, expected) => {
    expect(mayRecordBaseline(role, status)).toBe(expected);
  });
});

describe('isInspectionVerdict', () => {
  it.each([
    ['completed', 'accepted', true],
    ['completed', 'in_progress', true],
    ['in_progress', 'completed', false],
    ['pending', 'completed', false],
  ] as const)('%s → %s: %p', (from, to, expected) => {
    expect(isInspectionVerdict(from, to)).toBe(expected);
  });
});

describe('maySeePersonalData', () => {
  it.each([
    ['admin', true],
    ['staff', true],
    ['supervisor', false],
    ['inspector', false],
  ] as const)('%s: %p', (role, expected) => {
    expect(maySeePersonalData(role)).toBe(expected);
  });
});
