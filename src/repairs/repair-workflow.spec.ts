import { describe, expect, it } from '@jest/globals';
import { REPAIR_STATUSES, type RepairStatus } from './repair-status.js';
import { renderFieldIssue, renderMessage } from '../common/messages/catalogue.js';
import { checkOccurredOn, checkTransition, nextStatuses } from './repair-workflow.js';

type Expected = 'allowed' | 'needs note' | 'refused';

// Every (from, to) pair. Rows are `from`, columns are `to` in REPAIR_STATUSES order:
// pending, in_progress, completed, accepted.
const TABLE: Record<RepairStatus, Expected[]> = {
  pending: ['refused', 'allowed', 'needs note', 'refused'],
  in_progress: ['refused', 'refused', 'allowed', 'refused'],
  completed: ['refused', 'needs note', 'refused', 'allowed'],
  accepted: ['refused', 'refused', 'refused', 'refused'],
};

const pairs = REPAIR_STATUSES.flatMap((from) => REPAIR_STATUSES.map((to, i) => ({ from, to, expected: TABLE[from][i] })));

describe('repair workflow', () => {
  it('covers all 16 pairs', () => {
    expect(pairs).toHaveLength(16);
  });

  describe.each(pairs)('$from → $to', ({ from, to, expected }) => {
    it(`is ${expected} with a note`, () => {
      const verdict = checkTransition({ grade: 'B', from, to, note: '现场核实' });
      expect(verdict.allowed).toBe(expected !== 'refused');
    });

    it(`is ${expected === 'allowed' ? 'allowed' : 'refused'} without a note`, () => {
      for (const note of [undefined, null, '', '   ']) {
        const verdict = checkTransition({ grade: 'C', from, to, note });
        expect(verdict.allowed).toBe(expected === 'allowed');
      }
    });

    if (expected !== 'allowed') {
      it('names both statuses when refused, in both languages', () => {
        const verdict = checkTransition({ grade: 'B', from, to });
        expect(verdict.allowed).toBe(false);
        if (!verdict.allowed) {
          expect(verdict.reason.code).toBe(expected === 'needs note' ? 'note_required' : 'move_not_allowed');
          expect(verdict.reason.params).toMatchObject({ from, to });
          const english = renderMessage('en', verdict.reason.code, verdict.reason.params);
          expect(english).toContain(`from ${from} (`);
          expect(english).toContain(`to ${to} (`);
          const chinese = renderMessage('zh', verdict.reason.code, verdict.reason.params);
          expect(chinese).toMatch(/^(不能从|从)/);
          expect(chinese).not.toMatch(/[a-z_]{4,}/); // the statuses by their Chinese names
        }
      });
    }
  });

  it('refuses every move for grade A, which has nothing to repair', () => {
    const verdict = checkTransition({ grade: 'A', from: 'pending', to: 'in_progress' });
    expect(verdict).toEqual({
      allowed: false,
      reason: { code: 'move_not_allowed', params: { from: 'pending', to: 'in_progress', grade: 'A', allowed: [] } },
    });
    if (!verdict.allowed) expect(renderMessage('en', verdict.reason.code, verdict.reason.params)).toContain('grade A');
  });

  it('tracks grade D rebuilding through the same steps', () => {
    expect(checkTransition({ grade: 'D', from: 'pending', to: 'in_progress' }).allowed).toBe(true);
  });

  it.each([
    ['pending', ['in_progress', 'completed']],
    ['in_progress', ['completed']],
    ['completed', ['in_progress', 'accepted']],
    ['accepted', []],
  ] as const)('from %s the next statuses are %p', (from, expected) => {
    expect(nextStatuses('C', from)).toEqual(expected);
  });

  it('offers grade A no next status', () => {
    expect(nextStatuses('A', 'pending')).toEqual([]);
  });
});

describe('occurredOn', () => {
  it.each([
    ['2021-12-23', '2021-12-23', null, null],
    ['2021-12-20', '2021-12-23', '2021-12-20', null],
    ['2021-12-24', '2021-12-23', null, /in the future/],
    ['2021-12-24', '2021-12-23', '2021-12-20', /in the future/],
    ['2021-12-19', '2021-12-23', '2021-12-20', /earlier than .* 2021-12-20/],
    ['2021-12-01', '2021-12-23', null, null],
  ])('%s with today %s and last change %s', (occurredOn, today, last, expected) => {
    const found = checkOccurredOn(occurredOn, today, last);
    if (expected === null) expect(found).toBeNull();
    else expect(renderFieldIssue('en', 'occurredOn', found!)).toMatch(expected);
  });

  it('is named by the field it is reported for, in either language', () => {
    const found = checkOccurredOn('2021-12-24', '2021-12-23', null)!;
    expect(found).toEqual({ code: 'date_in_future', params: { date: '2021-12-24', today: '2021-12-23' } });
    expect(renderFieldIssue('en', 'asOf', found)).toBe('asOf 2021-12-24 is in the future (today is 2021-12-23 in the county)');
    expect(renderFieldIssue('zh', 'occurredOn', found)).toBe('发生日期 2021-12-24 晚于今天（县里今天是 2021-12-23）');
  });
});
