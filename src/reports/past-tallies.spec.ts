import { describe, expect, it } from '@jest/globals';
import { summedSide, talliesFromSums, type SummedCount, type SummedSide } from './past-tallies.js';

describe('summedSide', () => {
  it.each<[string, string | null, string | null, SummedSide]>([
    // History from 11-12 to 12-23.
    ['2021-12-23', '2021-11-12', '2021-12-23', 'after'],
    ['2021-12-20', '2021-11-12', '2021-12-23', 'after'],
    ['2021-11-13', '2021-11-12', '2021-12-23', 'up_to'],
    ['2021-11-01', '2021-11-12', '2021-12-23', 'up_to'],
    // 11-12 to 11-14: one day on each side; either is right, the days up to it are read.
    ['2021-11-13', '2021-11-12', '2021-11-14', 'up_to'],
    ['2021-11-14', '2021-11-12', '2021-11-15', 'after'],
    // Across a month and a year.
    ['2022-01-02', '2021-11-30', '2022-01-03', 'after'],
    ['2021-12-01', '2021-11-30', '2022-01-03', 'up_to'],
    // Nothing recorded yet.
    ['2021-12-23', null, null, 'up_to'],
  ])('on %s with deltas from %s to %s: %s', (asOf, first, last, side) => {
    expect(summedSide(asOf, first, last)).toBe(side);
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
