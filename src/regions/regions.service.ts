import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { invalidField } from '../common/errors.js';
import { issue, problem } from '../common/messages/problem.js';
import { PreparedQuery } from '../database/prepared-query.js';
import { raiseGenerations, REGIONS_GENERATION, REGIONS_SHARD } from '../database/report-generations.js';
import { WriteTransactions } from '../database/write-transactions.js';
import { AccessScope } from './access-scope.js';
import { checkDivisionCode } from './division-code.js';
import type { CreateRegionDto } from './dto/create-region.dto.js';
import { toRegionRef, toRegionResponse, type RegionResponse, type VillageResponse } from './dto/region.response.js';
import { RegionAlias } from './entities/region-alias.entity.js';
import { Region } from './entities/region.entity.js';
import { parentLevel } from './region-level.js';
import { RegionTree } from './region-tree.js';

/** Unknown, or outside the user's scope: the same answer either way (`not_in_scope`). */
export class VillageNotFoundException extends NotFoundException {
  constructor(id: number) {
    super(problem('not_in_scope', { kind: 'village', id }));
  }
}

@Injectable()
export class RegionsService {
  constructor(
    @InjectRepository(Region) private readonly regions: Repository<Region>,
    @InjectRepository(RegionAlias) private readonly aliases: Repository<RegionAlias>,
    private readonly writes: WriteTransactions,
  ) {
    this.treeMarker = new PreparedQuery(regions.manager.dataSource, () => REGIONS_GENERATION);
  }

  private cached: { marker: string; tree: RegionTree } | null = null;
  private readonly treeMarker: PreparedQuery<{ generation: number | string }>;

  /**
   * The region tree, loaded once and reused until a region or alias is added, here or in another
   * instance sharing the database: every such write raises the regions' report generation in
   * its own transaction, and reading that one row costs an index lookup instead of a full load.
   */
  async loadTree(): Promise<RegionTree> {
    const [row] = await this.treeMarker.all();
    const marker = String(row.generation);
    if (this.cached?.marker !== marker) {
      const [regions, aliases] = await Promise.all([this.regions.find(), this.aliases.find()]);
      this.cached = { marker, tree: new RegionTree(regions, aliases) };
    }
    return this.cached.tree;
  }

  /** The tree and the villages `user` may see (an admin sees everything). */
  async accessFor(user: AuthUser): Promise<{ tree: RegionTree; scope: AccessScope }> {
    const tree = await this.loadTree();
    const scope = user.role === 'admin' ? AccessScope.everything() : AccessScope.of(tree, user.scopeRegionIds);
    return { tree, scope };
  }

  /** The tree as `user` sees it: their villages and the regions above them. */
  async visibleTree(user: AuthUser): Promise<RegionTree> {
    const { tree, scope } = await this.accessFor(user);
    return scope.apply(tree);
  }

  async listRegions(user: AuthUser): Promise<RegionResponse[]> {
    const tree = await this.visibleTree(user);
    return (['county', 'township', 'village'] as const).flatMap((level) =>
      tree.atLevel(level).map((r) => toRegionResponse(r, tree.aliasesOf(r.id))),
    );
  }

  async listVillages(user: AuthUser): Promise<VillageResponse[]> {
    const tree = await this.visibleTree(user);
    return tree.atLevel('village').map((village) => toVillageResponse(tree, village));
  }

  /** A village `user` may see; any other id is a 404, whether or not it exists. */
  async getVillage(id: number, user: AuthUser): Promise<VillageResponse> {
    const tree = await this.visibleTree(user);
    const village = tree.get(id);
    if (!village || village.level !== 'village') throw new VillageNotFoundException(id);
    return toVillageResponse(tree, village);
  }

  /** Throws a 400 naming `field` unless `id` is a village within the user's scope (from accessFor). */
  assertVillage(access: { tree: RegionTree; scope: AccessScope }, id: number, field: string): Region {
    const region = access.tree.get(id);
    if (!region || region.level !== 'village' || !access.scope.covers(id)) {
      throw invalidField(field, issue('village_unknown', { id }));
    }
    return region;
  }

  /** `parentField`: what the caller calls the parent (a new village names its township as `townshipId`). */
  async create(dto: CreateRegionDto, parentField = 'parentId'): Promise<RegionResponse> {
    const wantedParent = parentLevel(dto.level);
    const name = dto.name.trim();
    const aliases = [...new Set((dto.aliases ?? []).map((a) => a.trim()).filter((a) => a && a !== name))];
    return this.writes.run(async (manager) => {
      let parent: Region | null = null;
      if (wantedParent === null) {
        if (dto.parentId !== undefined) throw invalidField(parentField, issue('parent_not_allowed'));
      } else {
        if (dto.parentId === undefined)
          throw invalidField(parentField, issue('parent_required', { level: dto.level, parentLevel: wantedParent }));
        parent = await manager.findOneBy(Region, { id: dto.parentId });
        if (!parent || parent.level !== wantedParent) {
          throw invalidField(parentField, issue('parent_wrong_level', { id: dto.parentId, parentLevel: wantedParent }));
        }
      }
      if (dto.code !== undefined) {
        const codeProblem = checkDivisionCode(dto.level, dto.code, parent?.code ?? null);
        if (codeProblem) throw invalidField('code', codeProblem);
        if (await manager.existsBy(Region, { code: dto.code }))
          throw new ConflictException(problem('region_code_taken', { code: dto.code }));
      }
      const siblings = await manager.findBy(Region, parent ? { parentId: parent.id } : { level: dto.level });
      if (siblings.some((s) => s.name === name)) {
        throw new ConflictException(problem('region_name_taken', { parent: parent?.name ?? null, level: dto.level, name }));
      }
      const region = await manager.save(
        manager.create(Region, { level: dto.level, parentId: parent?.id ?? null, name, code: dto.code ?? null }),
      );
      await manager.save(aliases.map((alias) => manager.create(RegionAlias, { regionId: region.id, name: alias })));
      await raiseGenerations(manager, [REGIONS_SHARD]);
      return toRegionResponse(region, aliases);
    });
  }
}

function toVillageResponse(tree: RegionTree, village: Region): VillageResponse {
  const township = tree.ancestorAt(village.id, 'township');
  const county = tree.ancestorAt(village.id, 'county');
  if (!township || !county) throw new Error(`Village ${village.id} is not under a township and a county`);
  return {
    ...toRegionRef(village),
    aliases: tree.aliasesOf(village.id),
    township: toRegionRef(township),
    county: toRegionRef(county),
  };
}
