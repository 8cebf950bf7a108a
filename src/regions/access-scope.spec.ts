import { describe, expect, it } from '@jest/globals';
import type { Region } from './entities/region.entity.js';
import { AccessScope } from './access-scope.js';
import { RegionTree } from './region-tree.js';

const region = (id: number, level: Region['level'], parentId: number | null, name: string) =>
  ({ id, level, parentId, name, code: null, createdAt: new Date(0) }) as Region;

// County 1 → townships 2 and 3; township 2 → villages 4, 5; township 3 → village 6. County 7 → township 8 → village 9.
const tree = new RegionTree(
  [
    region(1, 'county', null, '清徐县'),
    region(2, 'township', 1, '孟封镇'),
    region(3, 'township', 1, '徐沟镇'),
    region(4, 'village', 2, '孟封村'),
    region(5, 'village', 2, '阎家营村'),
    region(6, 'village', 3, '北营村'),
    region(7, 'county', null, '阳曲县'),
    region(8, 'township', 7, '黄寨镇'),
    region(9, 'village', 8, '黄寨村'),
  ],
  [{ id: 1, regionId: 5, name: '闫家营村' }],
);

describe('AccessScope', () => {
  it.each([
    ['a county', [1], [4, 5, 6]],
    ['a township', [2], [4, 5]],
    ['a village', [6], [6]],
    ['a village and another county', [4, 7], [4, 9]],
    ['nothing', [], []],
    ['an unknown region', [99], []],
  ])('%s covers exactly its villages', (_name, scope, expected) => {
    const access = AccessScope.of(tree, scope);
    expect([4, 5, 6, 9].filter((v) => access.covers(v))).toEqual(expected);
    expect(access.villageIds()?.sort()).toEqual(expected);
  });

  it('covers everything for an admin', () => {
    const access = AccessScope.everything();
    expect(access.covers(9)).toBe(true);
    expect(access.villageIds()).toBeNull();
    expect(access.apply(tree)).toBe(tree);
  });

  it('shows a user only their villages and the regions above them', () => {
    const seen = AccessScope.of(tree, [5]).apply(tree);
    expect(seen.atLevel('county').map((r) => r.name)).toEqual(['清徐县']);
    expect(seen.atLevel('township').map((r) => r.name)).toEqual(['孟封镇']);
    expect(seen.atLevel('village').map((r) => r.name)).toEqual(['阎家营村']);
    expect(seen.aliasesOf(5)).toEqual(['闫家营村']);
  });
});
