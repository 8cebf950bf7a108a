import { describe, expect, it } from '@jest/globals';
import { RegionIndex, rowsByUnit, stalledUnder, type Region } from './region-units.js';

const county = (id: number, name: string): Region => ({ id, name, level: 'county', parentId: null });
const township = (id: number, name: string, parentId: number): Region => ({ id, name, level: 'township', parentId });
const village = (id: number, name: string, parentId: number): Region => ({ id, name, level: 'village', parentId });

// One county, two townships, and two villages called 东村 in different townships.
const QINGXU = [
  county(1, '清徐县'),
  township(2, '孟封镇', 1),
  township(3, '徐沟镇', 1),
  village(4, '孟封村', 2),
  village(5, '小武村', 2),
  village(6, '东村', 2),
  village(7, '东村', 3),
];

describe('RegionIndex', () => {
  const index = new RegionIndex(QINGXU);

  it.each<[number | null, number[]]>([
    [null, [1]],
    [1, [2, 3]],
    [2, [4, 5, 6]],
    [3, [7]],
    [4, []],
  ])('the children of %s are %j', (id, expected) => {
    expect(index.childrenOf(id).map((r) => r.id)).toEqual(expected);
  });

  it.each<[number | null, number[]]>([
    [null, [4, 5, 6, 7]],
    [1, [4, 5, 6, 7]],
    [2, [4, 5, 6]],
    [7, [7]],
    [99, []],
  ])('the villages under %s are %j', (id, expected) => {
    expect(index.villagesUnder(id).map((r) => r.id)).toEqual(expected);
  });

  it('starts at the one county, and at "all" when the user sees several', () => {
    expect(index.topUnit()).toBe(1);
    expect(new RegionIndex([...QINGXU, county(8, '阳曲县')]).topUnit()).toBeNull();
  });

  describe('for a scoped user, who also sees the regions above the scope (to name them)', () => {
    // What GET /api/regions lists for a scope of one village, and for two villages in different townships.
    const oneVillage = new RegionIndex([county(1, '清徐县'), township(2, '孟封镇', 1), village(5, '小武村', 2)], [{ id: 5 }]);
    const twoVillages = new RegionIndex(
      [county(1, '清徐县'), township(2, '孟封镇', 1), township(3, '徐沟镇', 1), village(5, '小武村', 2), village(7, '东村', 3)],
      [{ id: 5 }, { id: 7 }],
    );

    it('starts at the scope itself, not at the county above it', () => {
      expect(oneVillage.topUnit()).toBe(5);
      expect(twoVillages.topUnit()).toBeNull();
      expect(twoVillages.childrenOf(null).map((r) => r.id)).toEqual([5, 7]);
      expect(twoVillages.villagesUnder(null).map((r) => r.id)).toEqual([5, 7]);
    });

    it.each<[string, boolean, RegionIndex, number]>([
      ['its village', true, oneVillage, 5],
      ['the township above it', false, oneVillage, 2],
      ['the county above it', false, oneVillage, 1],
      ['a region it does not see', false, oneVillage, 4],
      ['either of its villages', true, twoVillages, 7],
      ['the county above both', false, twoVillages, 1],
    ])('covers %s: %s', (_name, covered, index, id) => {
      expect(index.covers(id)).toBe(covered);
    });

    it('an admin (no scope) is covered everywhere the tree reaches', () => {
      expect([1, 2, 7, 99].map((id) => index.covers(id))).toEqual([true, true, true, false]);
    });
  });

  it('gives the path from the top', () => {
    expect(index.path(6).map((r) => r.name)).toEqual(['清徐县', '孟封镇', '东村']);
  });

  it('names villages with their township', () => {
    expect([6, 7].map((id) => index.villageLabel(id))).toEqual(['孟封镇 东村', '徐沟镇 东村']);
  });

  it('treats a region whose parent is not visible as a top region', () => {
    const partial = new RegionIndex([township(2, '孟封镇', 1), village(4, '孟封村', 2)]);
    expect(partial.topUnit()).toBe(2);
  });
});

describe('rowsByUnit', () => {
  it('groups report rows per unit and grade in the units’ order, skipping other units', () => {
    const rows = [
      { unit: { id: 5 }, grade: 'B', n: 1 },
      { unit: { id: 4 }, grade: 'C', n: 2 },
      { unit: { id: 4 }, grade: 'B', n: 3 },
      { unit: { id: null }, grade: 'B', n: 9 },
      { unit: { id: 7 }, grade: 'B', n: 4 },
    ];
    const grouped = rowsByUnit(rows, [QINGXU[3], QINGXU[4], QINGXU[5]]);
    expect(grouped.map((g) => [g.unit.id, [...g.grades.entries()].map(([grade, r]) => `${grade}${r.n}`)])).toEqual([
      [4, ['C2', 'B3']],
      [5, ['B1']],
      [6, []],
    ]);
  });
});

describe('stalledUnder: by village id, so two villages of one name are told apart', () => {
  const stalled = [
    { householdId: 1, villageId: 4, village: '孟封村' },
    { householdId: 2, villageId: 5, village: '东村' },
    { householdId: 3, villageId: 7, village: '东村' },
    { householdId: 4, villageId: 99, village: '别处村' },
  ];
  it.each<[string, number[], number[]]>([
    ['孟封镇', [4, 5, 6], [1, 2]],
    ['徐沟镇', [7], [3]],
    ['孟封村', [4], [1]],
  ])('under %s', (_name, villageIds, expected) => {
    const villages = QINGXU.filter((r) => villageIds.includes(r.id));
    expect(stalledUnder(stalled, villages).map((s) => s.householdId)).toEqual(expected);
  });
});
