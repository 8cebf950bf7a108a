import type { RegionLevel, RegionResponse } from './api-types.js';

/**
 * The region tree as the signed-in user sees it (GET /api/regions: their villages and the
 * regions above them), for the wall chart's drill-down and the ledger's village list. The
 * report rows name their unit; which units belong to the selected parent is read from here.
 */
export type Region = Pick<RegionResponse, 'id' | 'name' | 'level' | 'parentId'>;

export const CHILD_LEVEL: Record<RegionLevel, RegionLevel | null> = { county: 'township', township: 'village', village: null };

export class RegionIndex {
  private readonly byId = new Map<number, Region>();
  private readonly children = new Map<number | null, Region[]>();

  /** The regions the user's scope names, when it names any (an admin's is empty: everything). */
  private readonly scopeRoots = new Set<number>();

  /**
   * `regions` in the API's order (counties, townships, villages, each in tree order). `scope`
   * is the user's scope (GET /api/auth/me): the API also lists the regions above it, to name
   * them, but a unit above the scope would count only the scope's part of it under the larger
   * unit's name, so the top units are the scope's own.
   */
  constructor(
    readonly regions: readonly Region[],
    scope: readonly { id: number }[] = [],
  ) {
    for (const region of regions) this.byId.set(region.id, region);
    for (const region of regions) {
      // A region whose parent is not visible is a root for this user.
      const parent = region.parentId !== null && this.byId.has(region.parentId) ? region.parentId : null;
      const siblings = this.children.get(parent) ?? [];
      siblings.push(region);
      this.children.set(parent, siblings);
    }
    const roots = scope.flatMap((node) => this.byId.get(node.id) ?? []);
    if (roots.length > 0) {
      roots.forEach((root) => this.scopeRoots.add(root.id));
      this.children.set(null, roots);
    }
  }

  /** Whether the user's scope covers the whole of unit `id` (its report is the unit's own, not a part of it). */
  covers(id: number): boolean {
    if (!this.byId.has(id)) return false;
    return this.scopeRoots.size === 0 || this.path(id).some((node) => this.scopeRoots.has(node.id));
  }

  get(id: number): Region | undefined {
    return this.byId.get(id);
  }

  /** The regions directly under `id`; under null, the user's top regions. */
  childrenOf(id: number | null): Region[] {
    return this.children.get(id) ?? [];
  }

  /** Where the wall chart starts: the one top region, or null ("all") when there are several. */
  topUnit(): number | null {
    const roots = this.childrenOf(null);
    return roots.length === 1 ? roots[0].id : null;
  }

  /** From the top down to `id` itself. */
  path(id: number): Region[] {
    const path: Region[] = [];
    for (let node = this.byId.get(id); node; node = node.parentId === null ? undefined : this.byId.get(node.parentId)) path.unshift(node);
    return path;
  }

  /** The villages at or under `id` (null: every village). */
  villagesUnder(id: number | null): Region[] {
    const found: Region[] = [];
    const visit = (node: Region) => {
      if (node.level === 'village') found.push(node);
      else this.childrenOf(node.id).forEach(visit);
    };
    if (id === null) this.childrenOf(null).forEach(visit);
    else {
      const node = this.byId.get(id);
      if (node) visit(node);
    }
    return found;
  }

  villages(): Region[] {
    return this.regions.filter((r) => r.level === 'village');
  }

  /** "孟封镇 孟封村", so two villages of the same name in different townships can be told apart. */
  villageLabel(id: number): string {
    const village = this.byId.get(id);
    if (!village) return String(id);
    const parent = village.parentId === null ? undefined : this.byId.get(village.parentId);
    return parent ? `${parent.name} ${village.name}` : village.name;
  }
}

/** A report's rows for the given units, in the order the units are given, per grade. */
export function rowsByUnit<Row extends { unit: { id: number | null }; grade: string }>(
  rows: readonly Row[],
  units: readonly Region[],
): { unit: Region; grades: Map<string, Row> }[] {
  const byUnit = new Map<number, Map<string, Row>>();
  for (const row of rows) {
    if (row.unit.id === null) continue;
    const grades = byUnit.get(row.unit.id) ?? new Map<string, Row>();
    grades.set(row.grade, row);
    byUnit.set(row.unit.id, grades);
  }
  return units.map((unit) => ({ unit, grades: byUnit.get(unit.id) ?? new Map<string, Row>() }));
}

/** The stalled households of the period report that lie in the selected unit's villages. */
export function stalledUnder<S extends { villageId: number }>(stalled: readonly S[], villages: readonly Region[]): S[] {
  const ids = new Set(villages.map((v) => v.id));
  return stalled.filter((s) => ids.has(s.villageId));
}
