import { describe, expect, it } from '@jest/globals';
import { RenderAdmission, type RenderRefusal, type RenderSlot } from './render-admission.js';

const ALICE = 1;
const BOB = 2;
const CAROL = 3;

/** Admits `users` in order against capacity 3, 2 per user; what each one got. */
function admitInOrder(users: number[]): (RenderRefusal | 'admitted')[] {
  const admission = new RenderAdmission({ capacity: 3, perUser: 2 });
  return users.map((user) => {
    const slot = admission.admit(user);
    return typeof slot === 'string' ? slot : 'admitted';
  });
}

describe('RenderAdmission', () => {
  it.each<[string, number[], (RenderRefusal | 'admitted')[]]>([
    ['one render', [ALICE], ['admitted']],
    ['a user up to their limit', [ALICE, ALICE], ['admitted', 'admitted']],
    ['a user past their limit', [ALICE, ALICE, ALICE], ['admitted', 'admitted', 'user-limit']],
    ['another user while the first is at their limit', [ALICE, ALICE, BOB], ['admitted', 'admitted', 'admitted']],
    ['anyone once the queue is full', [ALICE, ALICE, BOB, CAROL], ['admitted', 'admitted', 'admitted', 'queue-full']],
    [
      'a user at their limit when the queue is also full hears of their limit',
      [ALICE, ALICE, BOB, ALICE],
      ['admitted', 'admitted', 'admitted', 'user-limit'],
    ],
  ])('%s', (_case, users, outcomes) => {
    expect(admitInOrder(users)).toEqual(outcomes);
  });

  it('gives a place back when a render settles, once however often it is released', () => {
    const admission = new RenderAdmission({ capacity: 2, perUser: 2 });
    const first = admission.admit(ALICE) as RenderSlot;
    admission.admit(BOB);
    expect(admission.admit(CAROL)).toBe('queue-full');
    first.release();
    first.release();
    expect([admission.inFlight, admission.inFlightFor(ALICE), admission.inFlightFor(BOB)]).toEqual([1, 0, 1]);
    expect(typeof admission.admit(CAROL)).toBe('object');
    expect(admission.admit(ALICE)).toBe('queue-full');
  });

  it('tells without taking a place whether a render would be admitted', () => {
    const admission = new RenderAdmission({ capacity: 3, perUser: 2 });
    expect(admission.refusalFor(ALICE)).toBeNull();
    admission.admit(ALICE);
    admission.admit(ALICE);
    expect([admission.refusalFor(ALICE), admission.refusalFor(BOB), admission.inFlight]).toEqual(['user-limit', null, 2]);
    admission.admit(BOB);
    expect([admission.refusalFor(ALICE), admission.refusalFor(CAROL)]).toEqual(['user-limit', 'queue-full']);
  });

  it('gives a user their places back one by one', () => {
    const admission = new RenderAdmission({ capacity: 10, perUser: 2 });
    const slots = [admission.admit(ALICE), admission.admit(ALICE)] as RenderSlot[];
    expect(admission.admit(ALICE)).toBe('user-limit');
    slots[0].release();
    expect(typeof admission.admit(ALICE)).toBe('object');
    expect(admission.admit(ALICE)).toBe('user-limit');
  });

  it.each([[{ capacity: 0, perUser: 2 }], [{ capacity: 3, perUser: 0 }], [{ capacity: 2.5, perUser: 1 }]])(
    'refuses limits that admit nothing or are not whole: %j',
    (limits) => {
      expect(() => new RenderAdmission(limits)).toThrow(RangeError);
    },
  );
});
