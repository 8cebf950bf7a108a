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
import { checkOccurredOn } from './repair-workflow.js';
import { MoveRecorder, moveOf } from './move-recorder.js';

/** Moves households through the repair workflow and keeps their history. */
@Injectable()
export class RepairsService {
  private readonly logger = new Logger(RepairsService.name);

  constructor(
    @InjectRepository(StatusChange) private readonly changes: Repository<StatusChange>,
    private readonly households: HouseholdsService,
    private readonly regions: RegionsService,
    private readonly moves: MoveRecorder,
    private readonly clock: Clock,
  ) {}

  async transition(id: number, dto: TransitionDto, user: AuthUser): Promise<HouseholdResponse> {
    // Before anything is read: a date in the future is wrong whatever the household holds.
    const future = checkOccurredOn(dto.occurredOn, this.clock.today(), null);
    if (future) throw invalidField('occurredOn', future);
    const move = moveOf(dto);
    const { scope } = await this.regions.accessFor(user);
    const result = await this.moves.record({ householdId: id, move }, user, scope);
    if (result.duplicate) {
      this.logger.log({ householdId: id, clientId: move.clientId, userId: user.id }, 'status change retried: answered as first recorded');
    } else {
      const { before, after } = result;
      this.logger.log(
        { householdId: id, from: before.status, to: move.to, occurredOn: move.occurredOn, version: after.version, userId: user.id },
        'status changed',
      );
    }
    return this.households.respond(result.after, user);
  }

  async history(id: number, user: AuthUser): Promise<StatusChangeResponse[]> {
    const { scope } = await this.regions.accessFor(user);
    await this.households.findVisible(this.changes.manager, id, scope);
    const rows = await this.changes.find({ where: { householdId: id }, order: { id: 'ASC' } });
    return rows.map(toStatusChangeResponse);
  }
}
