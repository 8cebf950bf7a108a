import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { invalidField } from '../common/errors.js';
import { WriteTransactions } from '../database/write-transactions.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { AccessScope } from '../regions/access-scope.js';
import type { HouseholdResponse } from '../households/dto/household.response.js';
import { RegionsService } from '../regions/regions.service.js';
import { Household } from '../households/entities/household.entity.js';
import { StaleVersionException } from '../households/household.exceptions.js';
import { HouseholdsService } from '../households/households.service.js';
import type { TransitionDto } from './dto/transition.dto.js';
import { toStatusChangeResponse, type StatusChangeResponse } from './dto/status-change.response.js';
import { StatusChange } from './entities/status-change.entity.js';
import { countStatusChange } from '../reports/counters/status-counters.js';
import { SqliteTransitionWriter } from './sqlite-transition-writer.js';
import {
  assertMoveAllowed,
  assertNotOwnCompletion,
  assertOccurredOn,
  movedHousehold,
  needsCompletionRecorder,
  type Move,
  type MoveContext,
  type MoveResult,
} from './transition-rules.js';
import { checkOccurredOn } from './repair-workflow.js';

/** Moves households through the repair workflow and keeps their history. */
@Injectable()
export class RepairsService {
  private readonly logger = new Logger(RepairsService.name);

  constructor(
    @InjectRepository(StatusChange) private readonly changes: Repository<StatusChange>,
    private readonly households: HouseholdsService,
    private readonly regions: RegionsService,
    private readonly writes: WriteTransactions,
    private readonly sqliteWriter: SqliteTransitionWriter,
    private readonly clock: Clock,
  ) {}

  async transition(id: number, dto: TransitionDto, user: AuthUser): Promise<HouseholdResponse> {
    const today = this.clock.today();
    const future = checkOccurredOn(dto.occurredOn, today, null);
    if (future) throw invalidField('occurredOn', future);
    const move: Move = { to: dto.to, occurredOn: dto.occurredOn, version: dto.version, note: dto.note?.trim() || null };
    const { scope } = await this.regions.accessFor(user);
    const context = { today, now: this.clock.now() };
    const { before, after } = this.sqliteWriter.available
      ? await this.sqliteWriter.transition(id, move, user, scope, context)
      : await this.transitionWithTypeorm(id, move, user, scope, context);
    this.logger.log(
      { householdId: id, from: before.status, to: move.to, occurredOn: move.occurredOn, version: after.version, userId: user.id },
      'status changed',
    );
    return this.households.respond(after, user);
  }

  /** The portable write path (PostgreSQL): the same checks, rows and counters as SqliteTransitionWriter. */
  private transitionWithTypeorm(id: number, move: Move, user: AuthUser, scope: AccessScope, context: MoveContext): Promise<MoveResult> {
    return this.writes.run(async (manager) => {
      const before = await this.households.findVisible(manager, id, scope);
      assertMoveAllowed(before, move, user);
      if (needsCompletionRecorder(before, move, user)) {
        const completion = await manager.findOne(StatusChange, {
          where: { householdId: id, toStatus: 'completed' },
          order: { id: 'DESC' },
        });
        assertNotOwnCompletion(completion?.actorUserId ?? null, user);
      }
      // last_change_on is the latest occurred_on of the household's history (the counter check
      // verifies it); the UPDATE's version condition below makes sure nobody moved it since.
      assertOccurredOn(move, context.today, before.lastChangeOn);
      const result = await manager
        .createQueryBuilder()
        .update(Household)
        .set({ status: move.to, lastChangeOn: move.occurredOn, version: () => 'version + 1', updatedAt: context.now })
        .where('id = :id AND version = :version', { id, version: move.version })
        .execute();
      if (result.affected !== 1) throw new StaleVersionException(id, move.version, move.version + 1);
      await manager.insert(StatusChange, {
        householdId: id,
        fromStatus: before.status,
        toStatus: move.to,
        occurredOn: move.occurredOn,
        recordedAt: context.now,
        actor: user.displayName,
        actorUserId: user.id,
        note: move.note,
      });
      await countStatusChange(manager, {
        villageId: before.villageId,
        grade: before.grade,
        from: before.status,
        to: move.to,
        day: move.occurredOn,
      });
      return { before, after: movedHousehold(before, move, context.now) };
    });
  }

  async history(id: number, user: AuthUser): Promise<StatusChangeResponse[]> {
    const { scope } = await this.regions.accessFor(user);
    await this.households.findVisible(this.changes.manager, id, scope);
    const rows = await this.changes.find({ where: { householdId: id }, order: { id: 'ASC' } });
    return rows.map(toStatusChangeResponse);
  }
}
