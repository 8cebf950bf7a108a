import { describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '../users/roles.js';
import { MoveNotPermittedException } from './repair.exceptions.js';
import { REPAIR_STATUSES } from './repair-status.js';
import { assertNotOwnCompletion, needsCompletionRecorder, type Move } from './transition-rules.js';

/**
 * The four-eyes rule: an inspector may not judge (accept, or fail) a completion they recorded.
 * Both write paths ask needsCompletionRecorder whether to look up who recorded the household's
 * latest completion, then assertNotOwnCompletion with that user.
 */
describe('the four-eyes rule', () => {
  const household = (status: (typeof REPAIR_STATUSES)[number]) => ({ id: 1, grade: 'B' as const, status, version: 3 });
  const move = (to: Move['to']): Move => ({ to, occurredOn: '2022-01-10', version: 3, note: '现场核实' });

  // Every (role, from, to): only an inspector's verdict on a completed household needs the check.
  const NEEDS_CHECK = new Set(['inspector completed>accepted', 'inspector completed>in_progress']);
  const triples = ROLES.flatMap((role) => REPAIR_STATUSES.flatMap((from) => REPAIR_STATUSES.map((to) => ({ role, from, to }))));

  it('covers every role and every pair of statuses', () => {
    expect(triples).toHaveLength(ROLES.length * 16);
  });

  it.each(triples)('a $role moving $from → $to: the check applies only to an inspector’s verdict', ({ role, from, to }) => {
    expect(needsCompletionRecorder(household(from), move(to), { role })).toBe(NEEDS_CHECK.has(`${role} ${from}>${to}`));
  });

  it.each([
    ['the inspector themself', 7, 7, 'refused'],
    ['someone else', 8, 7, 'allowed'],
    ['nobody known (a seeded or imported completion)', null, 7, 'allowed'],
  ] as const)('a completion recorded by %s (user %p, inspector %p) is %s', (_who, recordedBy, inspectorId, expected) => {
    const check = () => assertNotOwnCompletion(recordedBy, { id: inspectorId });
    if (expected === 'allowed') {
      expect(check).not.toThrow();
      return;
    }
    expect(check).toThrow(MoveNotPermittedException); // a 403
    try {
      check();
    } catch (error) {
      expect((error as MoveNotPermittedException).getResponse()).toEqual({ code: 'own_completion', params: {} });
    }
  });

  it.each<[Role, boolean]>([
    ['inspector', true],
    ['admin', false],
  ])('the %s who recorded the completion: refused its acceptance? %p', (role, refused) => {
    // What both write paths do, composed: admins, who may record everything, are not bound by it.
    const judge = () => {
      if (needsCompletionRecorder(household('completed'), move('accepted'), { role })) assertNotOwnCompletion(7, { id: 7 });
    };
    if (refused) expect(judge).toThrow(MoveNotPermittedException);
    else expect(judge).not.toThrow();
  });
});
