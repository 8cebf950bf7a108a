import { describe, expect, it } from '@jest/globals';
import { summedSide, talliesFromSums, type SummedCount, type SummedSide } from './past-tallies.js';

describe('summedSide', () => {
  it.each<[number, number, SummedSide]>([
    // A recent date: a day or two of deltas after it.
    [766_000, 24_000, 'after'],
    // An early date: few rows up to it.
    [24_000, 766_000, 'up_to'],
    // Nothing after it (the last day, or later).
    [50_000, 0, 'after'],
    // Both sides past the counting limit, or nothing recorded yet: the days up to it.
    [50_000, 50_000, 'up_to'],
    [0, 0, 'up_to'],
    [1, 1, 'up_to'],
  ])('with %i rows up to the date and %i after it: %s', (upTo, after, side) => {
    expect(summedSide(upTo, after)).toBe(side);
  });
});

describe('talliesFromSums', () => {
  // Village 3, grade B, today: 5 pending, 3 in progress, 2 completed (10 households).
  const today = (summed: [number, number, number]): SummedCount[] =>
    (['pending', 'in_progress', 'completed'] as const).map((status, i) => ({
      villageId: 3,
      grade: 'B',
      status,
      now: [5, 3, 2][i],
      summed: summed[i],
    }));

  it('takes the sums up to the day as the counts then, and the rest as not yet recorded', () => {
    expect(talliesFromSums(today([6, 1, 0]), 'up_to')).toEqual([
      { villageId: 3, grade: 'B', status: 'pending', households: 6 },
      { villageId: 3, grade: 'B', status: 'in_progress', households: 1 },
      { villageId: 3, grade: 'B', status: null, households: 3 },
    ]);
  });

  it('takes today less the sums after the day, which gives the same counts', () => {
    // After the day: one more pending (-1 +2 entered), two moved on to in progress, two completed.
    expect(talliesFromSums(today([-1, 2, 2]), 'after')).toEqual(talliesFromSums(today([6, 1, 0]), 'up_to'));
  });

  it('leaves out what counts nothing', () => {
    expect(talliesFromSums(today([5, 3, 2]), 'up_to')).toEqual([
      { villageId: 3, grade: 'B', status: 'pending', households: 5 },
      { villageId: 3, grade: 'B', status: 'in_progress', households: 3 },
      { villageId: 3, grade: 'B', status: 'completed', households: 2 },
    ]);
    expect(talliesFromSums([], 'after')).toEqual([]);
  });
});
