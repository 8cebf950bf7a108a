import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type EntityManager, type Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { WriteTransactions } from '../database/write-transactions.js';
import { RegionsService } from '../regions/regions.service.js';
import { StatusChange } from '../repairs/entities/status-change.entity.js';
import { checkOccurredOn } from '../repairs/repair-workflow.js';
import type { CreateHouseholdDto } from './dto/create-household.dto.js';
import type { HouseholdQueryDto } from './dto/household-query.dto.js';
import {
  toHouseholdEditResponse,
  toHouseholdResponse,
  type HouseholdEditResponse,
  type HouseholdPageResponse,
  type HouseholdResponse,
} from './dto/household.response.js';
import type { UpdateHouseholdDto } from './dto/update-household.dto.js';
import { HouseholdEdit } from './entities/household-edit.entity.js';
import { Household } from './entities/household.entity.js';
import { HouseholdNotFoundException, StaleVersionException } from './household.exceptions.js';
import { clearedRequiredFields, diffHousehold, type HouseholdPatch } from './household-changes.js';

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class HouseholdsService {
  private readonly logger = new Logger(HouseholdsService.name);

  constructor(
    @InjectRepository(Household) private readonly households: Repository<Household>,
    @InjectRepository(HouseholdEdit) private readonly edits: Repository<HouseholdEdit>,
    private readonly regions: RegionsService,
    private readonly writes: WriteTransactions,
    private readonly clock: Clock,
  ) {}

  async list(query: HouseholdQueryDto): Promise<HouseholdPageResponse> {
    const qb = this.households.createQueryBuilder('h');
    if (query.villageId !== undefined) qb.andWhere('h.village_id = :villageId', { villageId: query.villageId });
    if (query.grade !== undefined) qb.andWhere('h.grade = :grade', { grade: query.grade });
    if (query.status !== undefined) qb.andWhere('h.status = :status', { status: query.status });
    if (query.placeholder !== undefined) qb.andWhere('h.is_placeholder = :placeholder', { placeholder: query.placeholder });
    const q = query.q?.trim();
    if (q) {
      qb.andWhere(
        new Brackets((w) =>
          w
            .where(`h.householder LIKE :q ESCAPE '\\'`, { q: likePattern(q) })
            .orWhere(`h.address LIKE :q ESCAPE '\\'`, { q: likePattern(q) }),
        ),
      );
    }
    const [rows, total] = await qb
      .orderBy('h.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items: rows.map(toHouseholdResponse), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: number): Promise<HouseholdResponse> {
    return toHouseholdResponse(await this.findOrFail(this.households.manager, id));
  }

  async findOrFail(manager: EntityManager, id: number): Promise<Household> {
    const household = await manager.findOneBy(Household, { id });
    if (!household) throw new HouseholdNotFoundException(id);
    return household;
  }

  /** Creates a household with its first history entry (its baseline status). */
  async create(dto: CreateHouseholdDto, actor: string): Promise<HouseholdResponse> {
    const today = this.clock.today();
    const statusOn = dto.statusOn ?? today;
    const dateProblem = checkOccurredOn(statusOn, today, null, 'statusOn');
    if (dateProblem) throw new BadRequestException(dateProblem);
    const { status = 'pending', statusOn: _statusOn, note, ...fields } = dto;
    const created = await this.writes.run(async (manager) => {
      await this.regions.assertVillage(dto.villageId, 'villageId');
      const now = this.clock.now();
      const household = await manager.save(
        manager.create(Household, {
          ...fields,
          householder: fields.householder.trim(),
          status,
          isPlaceholder: false,
          version: 1,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await manager.insert(StatusChange, {
        householdId: household.id,
        fromStatus: null,
        toStatus: status,
        occurredOn: statusOn,
        recordedAt: now,
        actor,
        note: note?.trim() || null,
      });
      return household;
    });
    this.logger.log({ householdId: created.id, villageId: created.villageId, grade: created.grade, status, actor }, 'household created');
    return toHouseholdResponse(created);
  }

  /** Edits fields other than the status, logging each changed field; `version` guards the write. */
  async update(id: number, dto: UpdateHouseholdDto, actor: string): Promise<HouseholdResponse> {
    const { version, ...patch } = dto;
    const cleared = clearedRequiredFields(patch as HouseholdPatch);
    if (cleared.length > 0) throw new BadRequestException(`${cleared.join(', ')} must not be null`);
    if (typeof patch.householder === 'string') patch.householder = patch.householder.trim();

    const { household, changed } = await this.writes.run(async (manager) => {
      const current = await this.findOrFail(manager, id);
      if (current.version !== version) throw new StaleVersionException(id, version, current.version);
      const changes = diffHousehold(current, patch as HouseholdPatch);
      if (changes.length === 0) return { household: current, changed: [] as string[] };
      if (patch.villageId !== undefined && patch.villageId !== current.villageId) {
        await this.regions.assertVillage(patch.villageId, 'villageId');
      }
      const now = this.clock.now();
      const values = Object.fromEntries(changes.map((c) => [c.field, c.newValue]));
      const result = await manager
        .createQueryBuilder()
        .update(Household)
        .set({ ...values, version: () => 'version + 1', updatedAt: now })
        .where('id = :id AND version = :version', { id, version })
        .execute();
      if (result.affected !== 1) throw new StaleVersionException(id, version, version + 1);
      await manager.insert(
        HouseholdEdit,
        changes.map((c) => ({
          householdId: id,
          field: c.field,
          oldValue: JSON.stringify(c.oldValue),
          newValue: JSON.stringify(c.newValue),
          actor,
          editedAt: now,
        })),
      );
      return { household: await this.findOrFail(manager, id), changed: changes.map((c) => c.field) };
    });
    if (changed.length > 0) this.logger.log({ householdId: id, fields: changed, version: household.version, actor }, 'household edited');
    return toHouseholdResponse(household);
  }

  async listEdits(id: number): Promise<HouseholdEditResponse[]> {
    await this.findOrFail(this.households.manager, id);
    const edits = await this.edits.find({ where: { householdId: id }, order: { id: 'ASC' } });
    return edits.map(toHouseholdEditResponse);
  }
}
