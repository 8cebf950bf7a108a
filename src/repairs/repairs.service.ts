import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { toCalendarDate } from '../database/sql-values.js';
import { WriteTransactions } from '../database/write-transactions.js';
import { actorOf, type AuthUser } from '../auth/auth-user.js';
import { isInspectionVerdict, mayRecordMove } from '../auth/permissions.js';
import type { HouseholdResponse } from '../households/dto/household.response.js';
import { RegionsService } from '../regions/regions.service.js';
import { REPAIR_STATUS_LABELS } from './repair-status.js';
import { Household } from '../households/entities/household.entity.js';
import { StaleVersionException } from '../households/household.exceptions.js';
import { HouseholdsService } from '../households/households.service.js';
import type { TransitionDto } from './dto/transition.dto.js';
import { toStatusChangeResponse, type StatusChangeResponse } from './dto/status-change.response.js';
import { StatusChange } from './entities/status-change.entity.js';
import { countStatusChange } from '../reports/counters/status-counters.js';
import { MoveNotPermittedException, TransitionNotAllowedException } from './repair.exceptions.js';
import { checkOccurredOn, checkTransition } from './repair-workflow.js';

/** Moves households through the repair workflow and keeps their history. */
@Injectable()
export class RepairsService {
  private readonly logger = new Logger(RepairsService.name);

  constructor(
    @InjectRepository(StatusChange) private readonly changes: Repository<StatusChange>,
    private readonly households: HouseholdsService,
    private readonly regions: RegionsService,
    private readonly writes: WriteTransactions,
    private readonly clock: Clock,
  ) {}

  async transition(id: number, dto: TransitionDto, user: AuthUser): Promise<HouseholdResponse> {
    const today = this.clock.today();
    const future = checkOccurredOn(dto.occurredOn, today, null);
    if (future) throw new BadRequestException(future);
    const note = dto.note?.trim() || null;
    const { scope } = await this.regions.accessFor(user);
    const actor = actorOf(user);

    const { household, from } = await this.writes.run(async (manager) => {
      const current = await this.households.findVisible(manager, id, scope);
      if (current.version !== dto.version) throw new StaleVersionException(id, dto.version, current.version);
      const verdict = checkTransition({ grade: current.grade, from: current.status, to: dto.to, note });
      if (!verdict.allowed) throw new TransitionNotAllowedException(verdict.reason);
      if (!mayRecordMove(user.role, current.status, dto.to)) {
        throw new MoveNotPermittedException(
          `A ${user.role} may not record ${current.status} → ${dto.to} (${REPAIR_STATUS_LABELS[current.status]} → ${REPAIR_STATUS_LABELS[dto.to]})`,
        );
      }
      if (user.role === 'inspector' && isInspectionVerdict(current.status, dto.to)) {
        const completion = await manager.findOne(StatusChange, {
          where: { householdId: id, toStatus: 'completed' },
          order: { id: 'DESC' },
        });
        if (completion?.actorUserId === user.id) {
          throw new MoveNotPermittedException('You recorded this household\'s completion: another inspector must inspect it');
        }
      }

      const last = await manager
        .createQueryBuilder(StatusChange, 'c')
        .select('MAX(c.occurred_on)', 'last')
        .where('c.household_id = :id', { id })
        .getRawOne<{ last: unknown }>();
      const lastOn = last?.last == null ? null : toCalendarDate(last.last);
      const dateProblem = checkOccurredOn(dto.occurredOn, today, lastOn);
      if (dateProblem) throw new BadRequestException(dateProblem);

      const now = this.clock.now();
      const result = await manager
        .createQueryBuilder()
        .update(Household)
        .set({ status: dto.to, lastChangeOn: dto.occurredOn, version: () => 'version + 1', updatedAt: now })
        .where('id = :id AND version = :version', { id, version: dto.version })
        .execute();
      if (result.affected !== 1) throw new StaleVersionException(id, dto.version, dto.version + 1);
      await manager.insert(StatusChange, {
        householdId: id,
        fromStatus: current.status,
        toStatus: dto.to,
        occurredOn: dto.occurredOn,
        recordedAt: now,
        actor: actor.name,
        actorUserId: actor.userId,
        note,
      });
      await countStatusChange(manager, { villageId: current.villageId, grade: current.grade, from: current.status, to: dto.to, day: dto.occurredOn });
      return { household: await this.households.findVisible(manager, id, scope), from: current.status };
    });
    this.logger.log(
      { householdId: id, from, to: dto.to, occurredOn: dto.occurredOn, version: household.version, userId: user.id },
      'status changed',
    );
    return this.households.respond(household, user);
  }

  async history(id: number, user: AuthUser): Promise<StatusChangeResponse[]> {
    const { scope } = await this.regions.accessFor(user);
    await this.households.findVisible(this.changes.manager, id, scope);
    const rows = await this.changes.find({ where: { householdId: id }, order: { id: 'ASC' } });
    return rows.map(toStatusChangeResponse);
  }
}
