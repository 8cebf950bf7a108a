import type { RegionTree } from './region-tree.js';

/**
 * The villages a user may see and act on. A scope node covers everything below it; an admin
 * covers everything. Outside it, households and villages do not exist for the user.
 */
export class AccessScope {
  private constructor(
    readonly all: boolean,
    private readonly villages: ReadonlySet<number>,
  ) {}

  static everything(): AccessScope {
    return new AccessScope(true, new Set());
  }

  static of(tree: RegionTree, scopeRegionIds: readonly number[]): AccessScope {
    const villages = new Set<number>();
    for (const id of scopeRegionIds) {
      for (const region of tree.subtree(id)) if (region.level === 'village') villages.add(region.id);
    }
    return new AccessScope(false, villages);
  }

  covers(villageId: number): boolean {
    return this.all || this.villages.has(villageId);
  }

  /** The village ids, or null when the scope is everything (no filter needed). */
  villageIds(): number[] | null {
    return this.all ? null : [...this.villages];
  }

  /** The tree as this user sees it: their villages and the regions above them. */
  apply(tree: RegionTree): RegionTree {
    return this.all ? tree : tree.restrictTo(this.villages);
  }
}
