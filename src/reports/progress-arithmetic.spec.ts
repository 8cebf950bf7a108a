import { describe, expect, it } from '@jest/globals';
import type { Region } from '../regions/entities/region.entity.js';
import { RegionTree } from '../regions/region-tree.js';
import {
  addToCounts,
  buildProgressRows,
  countsOf,
  emptyCounts,
  formatPercent,
  ratio,
  sumCounts,
  type StatusTally,
} from './progress-arithmetic.js';

const region = (id: number, level: Region['level'], parentId: number | null, name: string, code: string | null = null) => ({
  id,
  level,
  parentId,
  name,
  code,
  createdAt: new Date(0),
});

// Two townships in one county; township 2 has two villages, township 3 one, township 6 none.
const tree = new RegionTree([
  region(1, 'county', null, '清徐县', '140121'),
  region(2, 'township', 1, '孟封镇', '140121103'),
  region(3, 'township', 1, '徐沟镇', '140121102'),
  region(6, 'township', 1, '东于镇'),
  region(4, 'village', 2, '孟封村'),
  region(5, 'village', 2, '小武村'),
  region(7, 'village', 3, '北营村'),
]);

const tallies: StatusTally[] = [
  { villageId: 4, grade: 'B', status: 'accepted', households: 3 },
  { villageId: 4, grade: 'B', status: 'completed', households: 2 },
  { villageId: 4, grade: 'B', status: 'pending', households: 1 },
  { villageId: 4, grade: 'C', status: 'in_progress', households: 4 },
  { villageId: 5, grade: 'B', status: 'completed', households: 5 },
  { villageId: 5, grade: 'B', status: null, households: 2 },
  { villageId: 7, grade: 'C', status: 'accepted', households: 1 },
];

describe('addToCounts', () => {
  it.each([
    ['pending', { appraised: 1, pending: 1 }],
    ['in_progress', { appraised: 1, inProgress: 1 }],
    ['completed', { appraised: 1, completed: 1 }],
    ['accepted', { appraised: 1, completed: 1, accepted: 1 }],
    [null, { notYetRecorded: 1 }],
  ] as const)('counts one household at %p', (status, expected) => {
    const counts = emptyCounts();
    addToCounts(counts, status, 1);
    expect(counts).toEqual({ ...emptyCounts(), ...expected });
  });
});

describe('sumCounts and countsOf', () => {
  const a = { appraised: 5, pending: 1, inProgress: 1, completed: 3, accepted: 2, notYetRecorded: 4 };
  const b = { appraised: 2, pending: 2, inProgress: 0, completed: 0, accepted: 0, notYetRecorded: 1 };

  it('adds counts field by field', () => {
    expect(sumCounts([a, b])).toEqual({ appraised: 7, pending: 3, inProgress: 1, completed: 3, accepted: 2, notYetRecorded: 5 });
    expect(sumCounts([])).toEqual(emptyCounts());
  });

  it('takes only the counts from a fuller row', () => {
    expect(countsOf({ ...a, completionRate: 0.6, remarks: ['x'] } as typeof a)).toEqual(a);
  });
});

describe('ratio and formatPercent', () => {
  it.each([
    [358, 397, 358 / 397],
    [0, 5, 0],
    [0, 0, null],
  ])('ratio(%d, %d) is %p', (part, whole, expected) => {
    expect(ratio(part, whole)).toBe(expected);
  });

  it.each([
    [618 / 619, '99.8%'],
    [1, '100.0%'],
    [0, '0.0%'],
    [158 / 174, '90.8%'], // 90.804...
    [0.29, '29.0%'], // 0.29 * 100 is 28.999999999999996 in floating point
    [2 / 3, '66.6%'], // rounds down, not to nearest
    [null, '—'],
  ])('formatPercent(%p) is %s', (rate, expected) => {
    expect(formatPercent(rate)).toBe(expected);
  });

  it('never shows 100% until every household is done', () => {
    for (let n = 1; n <= 3000; n++) expect(formatPercent((n - 1) / n)).not.toBe('100.0%');
  });
});

describe('buildProgressRows', () => {
  it('by village: one row per village and grade, every village listed, grouped by township', () => {
    const { rows, total, notYetRecorded } = buildProgressRows(tree, 'village', tallies, []);
    // 徐沟镇 (code 140121102) comes before 孟封镇 (140121103); its villages come first.
    expect(rows.map((r) => `${r.unit.name}${r.grade}`)).toEqual(['北营村B', '北营村C', '孟封村B', '孟封村C', '小武村B', '小武村C']);
    expect(rows[2]).toMatchObject({ appraised: 6, completed: 5, accepted: 3, pending: 1, completionRate: 5 / 6, acceptanceRate: 0.5 });
    expect(rows[4]).toMatchObject({ appraised: 5, completed: 5, accepted: 0, notYetRecorded: 2, completionRate: 1 });
    expect(rows[5]).toMatchObject({ appraised: 0, completionRate: null, acceptanceRate: null });
    expect(total.map((r) => [r.grade, r.appraised, r.completed, r.accepted])).toEqual([
      ['B', 11, 10, 3],
      ['C', 5, 1, 1],
    ]);
    expect(total[0].unit).toEqual({ id: null, name: '合计', level: 'all' });
    expect(notYetRecorded).toBe(2);
  });

  it('by township: parents are the sums of their villages, and empty townships still appear', () => {
    const { rows } = buildProgressRows(tree, 'township', tallies, []);
    // Ordered by code; the township without a code comes last.
    expect(rows.map((r) => `${r.unit.name}${r.grade}:${r.appraised}/${r.completed}/${r.accepted}`)).toEqual([
      '徐沟镇B:0/0/0',
      '徐沟镇C:1/1/1',
      '孟封镇B:11/10/3',
      '孟封镇C:4/0/0',
      '东于镇B:0/0/0',
      '东于镇C:0/0/0',
    ]);
  });

  it('by county equals the total', () => {
    const { rows, total } = buildProgressRows(tree, 'county', tallies, []);
    expect(rows.map(({ unit: _u, ...counts }) => counts)).toEqual(total.map(({ unit: _u, ...counts }) => counts));
  });

  it('carries remarks to the village row and, once each, to the rows above it', () => {
    const remarks = [
      { villageId: 4, grade: 'C' as const, text: '来源未报告验收数' },
      { villageId: 5, grade: 'C' as const, text: '来源未报告验收数' },
      { villageId: 5, grade: 'B' as const, text: '另有说明' },
    ];
    const byVillage = buildProgressRows(tree, 'village', tallies, remarks);
    expect(byVillage.rows.find((r) => r.unit.id === 4 && r.grade === 'C')?.remarks).toEqual(['来源未报告验收数']);
    expect(byVillage.rows.find((r) => r.unit.id === 4 && r.grade === 'B')?.remarks).toEqual([]);
    const byTownship = buildProgressRows(tree, 'township', tallies, remarks);
    expect(byTownship.rows.find((r) => r.unit.id === 2 && r.grade === 'C')?.remarks).toEqual(['来源未报告验收数']);
    expect(byTownship.total.map((r) => r.remarks)).toEqual([['另有说明'], ['来源未报告验收数']]);
  });
});
