import type { Region } from '../regions/entities/region.entity.js';
import type { RegionTree } from '../regions/region-tree.js';
import { type ImportFieldIssue, importIssue } from './import-messages.js';

/**
 * Which village a ledger row's 村 cell names, among the villages the importer may enter
 * households in: by name, by alias (孟封 for 孟封村) or by its 12-digit division code, with
 * the row's 乡镇 (name or alias) to tell apart villages of one name in different townships.
 * A name outside the scope reads as unknown, as a village id does in the API. Pure.
 */
export type VillageMatch = { ok: true; villageId: number } | { ok: false; column: 'village' | 'township'; issue: ImportFieldIssue };

const fold = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');

export class VillageLookup {
  private readonly byName = new Map<string, Region[]>();
  private readonly byCode = new Map<string, Region>();

  constructor(
    private readonly tree: RegionTree,
    covers: (villageId: number) => boolean,
  ) {
    for (const village of tree.atLevel('village')) {
      if (!covers(village.id)) continue;
      if (village.code) this.byCode.set(village.code, village);
      for (const name of new Set([village.name, ...tree.aliasesOf(village.id)].map(fold))) {
        const list = this.byName.get(name) ?? [];
        list.push(village);
        this.byName.set(name, list);
      }
    }
  }

  find(villageText: string, townshipText: string | null): VillageMatch {
    const text = fold(villageText);
    const byCode = /^\d{12}$/.test(text) ? this.byCode.get(text) : undefined;
    if (byCode) return { ok: true, villageId: byCode.id };
    const named = this.byName.get(text) ?? [];
    if (named.length === 0) return { ok: false, column: 'village', issue: importIssue('village_not_found', { text: villageText }) };
    const township = townshipText === null ? null : fold(townshipText);
    const inTownship = township === null ? named : named.filter((v) => this.townshipNames(v).includes(township));
    if (inTownship.length === 1) return { ok: true, villageId: inTownship[0].id };
    if (inTownship.length === 0) {
      return {
        ok: false,
        column: 'township',
        issue: importIssue('village_not_in_township', { village: villageText, township: townshipText ?? '' }),
      };
    }
    const townships = inTownship.map((v) => this.tree.ancestorAt(v.id, 'township')?.name ?? '').filter(Boolean);
    return { ok: false, column: 'village', issue: importIssue('village_ambiguous', { text: villageText, townships }) };
  }

  private townshipNames(village: Region): string[] {
    const township = this.tree.ancestorAt(village.id, 'township');
    return township ? [township.name, ...this.tree.aliasesOf(township.id)].map(fold) : [];
  }
}
