import type { RegionAlias } from './entities/region-alias.entity.js';
import type { Region } from './entities/region.entity.js';
import type { RegionLevel } from './region-level.js';

/** The region tree held in memory: a few thousand nodes even for a province. */
export class RegionTree {
  private readonly byId = new Map<number, Region>();
  private readonly aliasesById = new Map<number, string[]>();

  constructor(regions: readonly Region[], aliases: readonly RegionAlias[] = []) {
    for (const region of regions) this.byId.set(region.id, region);
    for (const alias of aliases) {
      const list = this.aliasesById.get(alias.regionId) ?? [];
      list.push(alias.name);
      this.aliasesById.set(alias.regionId, list);
    }
  }

  get(id: number): Region | undefined {
    return this.byId.get(id);
  }

  /** Regions of one level, in the order of their code (where known), then name, then id. */
  atLevel(level: RegionLevel): Region[] {
    return [...this.byId.values()]
      .filter((r) => r.level === level)
      .sort((a, b) => (a.code ?? '\uffff').localeCompare(b.code ?? '\uffff') || a.name.localeCompare(b.name, 'zh') || a.id - b.id);
  }

  aliasesOf(id: number): string[] {
    return this.aliasesById.get(id) ?? [];
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
