import type { RegionAlias } from './entities/region-alias.entity.js';
import type { Region } from './entities/region.entity.js';
import type { RegionLevel } from './region-level.js';

/** The region tree held in memory: a few thousand nodes even for a province. */
export class RegionTree {
  private readonly byId = new Map<number, Region>();
  private readonly aliasesById = new Map<number, string[]>();
  private readonly childrenById = new Map<number | null, Region[]>();

  constructor(regions: readonly Region[], aliases: readonly RegionAlias[] = []) {
    for (const region of regions) {
      this.byId.set(region.id, region);
      const siblings = this.childrenById.get(region.parentId) ?? [];
      siblings.push(region);
      this.childrenById.set(region.parentId, siblings);
    }
    for (const alias of aliases) {
      const list = this.aliasesById.get(alias.regionId) ?? [];
      list.push(alias.name);
      this.aliasesById.set(alias.regionId, list);
    }
  }

  get(id: number): Region | undefined {
    return this.byId.get(id);
  }

  /**
   * Regions of one level in tree order: grouped under their parents, and among siblings by
   * division code where known, then in the order they were entered.
   */
  atLevel(level: RegionLevel): Region[] {
    const bySiblingOrder = (a: Region, b: Region) => (a.code ?? '\uffff').localeCompare(b.code ?? '\uffff') || a.id - b.id;
    const found: Region[] = [];
    const visit = (parentId: number | null) => {
      for (const region of [...(this.childrenById.get(parentId) ?? [])].sort(bySiblingOrder)) {
        if (region.level === level) found.push(region);
        else visit(region.id);
      }
    };
    visit(null);
    return found;
  }

  aliasesOf(id: number): string[] {
    return this.aliasesById.get(id) ?? [];
  }

  /** The region and every region below it. */
  subtree(id: number): Region[] {
    const root = this.byId.get(id);
    if (!root) return [];
    const found = [root];
    for (let i = 0; i < found.length; i++) found.push(...(this.childrenById.get(found[i].id) ?? []));
    return found;
  }

  /** A tree holding only the given villages and the regions above them. */
  restrictTo(villageIds: ReadonlySet<number>): RegionTree {
    const keep = new Map<number, Region>();
    for (const id of villageIds) {
      let node = this.byId.get(id);
      while (node && !keep.has(node.id)) {
        keep.set(node.id, node);
        node = node.parentId === null ? undefined : this.byId.get(node.parentId);
      }
    }
    const aliases = [...keep.keys()].flatMap((regionId) => this.aliasesOf(regionId).map((name) => ({ id: 0, regionId, name })));
    return new RegionTree([...keep.values()], aliases);
  }

  /** The region itself when it is at `level`, else its ancestor at `level`. */
  ancestorAt(id: number, level: RegionLevel): Region | undefined {
    let node = this.byId.get(id);
    while (node && node.level !== level) {
      node = node.parentId === null ? undefined : this.byId.get(node.parentId);
    }
    return node;
  }
}
