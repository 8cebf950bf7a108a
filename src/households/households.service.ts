import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type EntityManager, type Repository } from 'typeorm';
import { actorOf, type AuthUser } from '../auth/auth-user.js';
import { maySeePersonalData } from '../auth/permissions.js';
import { Clock } from '../common/clock.js';
import { ValidationFailedException } from '../common/errors.js';
import { issue } from '../common/messages/problem.js';
import { createHousehold, editHousehold, type Recording } from '../household-writes/commands.js';
import { HouseholdWriter } from '../household-writes/household-writer.js';
import { normalizeIdCardNumber } from '../personal-data/id-card-number.js';
import { normalizePhone } from '../personal-data/phone.js';
import type { AccessScope } from '../regions/access-scope.js';
import { RegionsService } from '../regions/regions.service.js';
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
import { HouseholdNotFoundException } from './household.exceptions.js';
import { clearedRequiredFields, type HouseholdPatch } from './household-changes.js';

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Stores personal data in one form: upper-case X, no spaces or dashes. */
function normalizePersonalData<T extends { idCardNumber?: string | null; phone?: string | null }>(fields: T): T {
  return {
    ...fields,
    ...(typeof fields.idCardNumber === 'string' ? { idCardNumber: normalizeIdCardNumber(fields.idCardNumber) } : {}),
    ...(typeof fields.phone === 'string' ? { phone: normalizePhone(fields.phone) } : {}),
  };
}

@Injectable()
export class HouseholdsService {
  private readonly logger = new Logger(HouseholdsService.name);

  constructor(
    @InjectRepository(Household) private readonly households: Repository<Household>,
    @InjectRepository(HouseholdEdit) private readonly edits: Repository<HouseholdEdit>,
    private readonly regions: RegionsService,
    private readonly writer: HouseholdWriter,
    private readonly clock: Clock,
  ) {}

  async list(query: HouseholdQueryDto, user: AuthUser): Promise<HouseholdPageResponse> {
    const { scope } = await this.regions.accessFor(user);
    const qb = this.households.createQueryBuilder('h');
    const villageIds = scope.villageIds();
    if (villageIds !== null) {
      if (villageIds.length === 0) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      qb.andWhere('h.village_id IN (:...villageIds)', { villageIds });
    }
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
    const options = { revealPersonalData: maySeePersonalData(user.role) };
    return { items: rows.map((h) => toHouseholdResponse(h, options)), total, page: query.page, pageSize: query.pageSize };
  }

  /** `personalData: 'masked'` masks the numbers even for the roles that may see them (files that get printed). */
  async get(id: number, user: AuthUser, personalData: 'as_role_allows' | 'masked' = 'as_role_allows'): Promise<HouseholdResponse> {
    const { scope } = await this.regions.accessFor(user);
    const household = await this.findVisible(this.households.manager, id, scope);
    return personalData === 'masked' ? toHouseholdResponse(household, { revealPersonalData: false }) : this.respond(household, user);
  }

  /** A household in `scope`; any other id is a 404, whether or not it exists. */
  async findVisible(manager: EntityManager, id: number, scope: AccessScope): Promise<Household> {
    const household = await manager.findOneBy(Household, { id });
    if (!household || !scope.covers(household.villageId)) throw new HouseholdNotFoundException(id);
    return household;
  }

  respond(household: Household, user: AuthUser): HouseholdResponse {
    return toHouseholdResponse(household, { revealPersonalData: maySeePersonalData(user.role) });
  }

  /** Creates a household with its first history entry (its baseline status). */
  async create(dto: CreateHouseholdDto, user: AuthUser): Promise<HouseholdResponse> {
    const { status = 'pending', statusOn, note, ...fields } = normalizePersonalData(dto);
    const recording = this.recording(user);
    const access = await this.regions.accessFor(user);
    const assertVillage = (villageId: number) => this.regions.assertVillage(access, villageId, 'villageId');
    const created = await this.writer.run(
      createHousehold({ fields, status, statusOn: statusOn ?? recording.today, note: note?.trim() || null, assertVillage }, recording),
    );
    this.logger.log(
      { householdId: created.id, villageId: created.villageId, grade: created.grade, status, userId: user.id },
      'household created',
    );
    return this.respond(created, user);
  }

  /** Edits fields other than the status, logging each changed field; `version` guards the write. */
  async update(id: number, dto: UpdateHouseholdDto, user: AuthUser): Promise<HouseholdResponse> {
    const { version, ...rest } = dto;
    const patch = normalizePersonalData(rest) as HouseholdPatch;
    const cleared = clearedRequiredFields(patch);
    if (cleared.length > 0) throw new ValidationFailedException(cleared.map((field) => ({ ...issue('not_nullable'), field })));
    if (typeof patch.householder === 'string') patch.householder = patch.householder.trim();
    const access = await this.regions.accessFor(user);
    const assertVillage = (villageId: number) => this.regions.assertVillage(access, villageId, 'villageId');
    const { household, changed } = await this.writer.run(
      editHousehold({ id, version, patch, scope: access.scope, assertVillage }, this.recording(user)),
    );
    if (changed.length > 0)
      this.logger.log({ householdId: id, fields: changed, version: household.version, userId: user.id }, 'household edited');
    return this.respond(household, user);
  }

  private recording(user: AuthUser): Recording {
    return { actor: actorOf(user), role: user.role, today: this.clock.today(), now: this.clock.now() };
  }

  async listEdits(id: number, user: AuthUser): Promise<HouseholdEditResponse[]> {
    const { scope } = await this.regions.accessFor(user);
    await this.findVisible(this.households.manager, id, scope);
    const edits = await this.edits.find({ where: { householdId: id }, order: { id: 'ASC' } });
    return edits.map(toHouseholdEditResponse);
  }
}
