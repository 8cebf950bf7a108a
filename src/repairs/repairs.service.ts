import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { invalidField } from '../common/errors.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { HouseholdResponse } from '../households/dto/household.response.js';
import { RegionsService } from '../regions/regions.service.js';
import { HouseholdsService } from '../households/households.service.js';
import type { TransitionDto } from './dto/transition.dto.js';
import { toStatusChangeResponse, type StatusChangeResponse } from './dto/status-change.response.js';
import { StatusChange } from './entities/status-change.entity.js';
import { HouseholdWriter } from '../household-writes/household-writer.js';
import { moveHousehold } from '../household-writes/commands.js';
import type { Move } from './transition-rules.js';
import { checkOccurredOn } from './repair-workflow.js';

/** Moves households through the repair workflow and keeps their history. */
@Injectable()
export class RepairsService {
  private readonly logger = new Logger(RepairsService.name);

  constructor(
    @InjectRepository(StatusChange) private readonly changes: Repository<StatusChange>,
    private readonly households: HouseholdsService,
    private readonly regions: RegionsService,
    private readonly writer: HouseholdWriter,
    private readonly clock: Clock,
  ) {}

  async transition(id: number, dto: TransitionDto, user: AuthUser): Promise<HouseholdResponse> {
    const today = this.clock.today();
    const future = checkOccurredOn(dto.occurredOn, today, null);
    if (future) throw invalidField('occurredOn', future);
    const move: Move = { to: dto.to, occurredOn: dto.occurredOn, version: dto.version, note: dto.note?.trim() || null };
    const { scope } = await this.regions.accessFor(user);
    const context = { today, now: this.clock.now() };
    const { before, after } = await this.writer.run(moveHousehold(id, move, user, scope, context));
    this.logger.log(
      { householdId: id, from: before.status, to: move.to, occurredOn: move.occurredOn, version: after.version, userId: user.id },
      'status changed',
    );
    return this.households.respond(after, user);
  }

  async history(id: number, user: AuthUser): Promise<StatusChangeResponse[]> {
    const { scope } = await this.regions.accessFor(user);
    await this.households.findVisible(this.changes.manager, id, scope);
    const rows = await this.changes.find({ where: { householdId: id }, order: { id: 'ASC' } });
    return rows.map(toStatusChangeResponse);
  }
}
