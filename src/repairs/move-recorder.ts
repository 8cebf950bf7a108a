import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AuthUser } from '../auth/auth-user.js';
import { Clock } from '../common/clock.js';
import { describeException } from '../common/error-response.js';
import type { Environment } from '../config/env.validation.js';
import { moveHousehold } from '../household-writes/commands.js';
import { HouseholdWriter } from '../household-writes/household-writer.js';
import type { Settled } from '../household-writes/write-steps.js';
import type { AccessScope } from '../regions/access-scope.js';
import type { MoveFieldsDto } from './dto/transition.dto.js';
import type { Move, MoveContext, MoveResult } from './transition-rules.js';

/** A move's request as the write model takes it: the note trimmed, an empty one as none. */
export function moveOf(dto: MoveFieldsDto & { clientId?: string }): Move {
  return {
    to: dto.to,
    occurredOn: dto.occurredOn,
    version: dto.version,
    note: dto.note?.trim() || null,
    clientId: dto.clientId ?? null,
    inspection: dto.inspection ?? null,
  };
}

/** A refusal the caller answers (any 4xx), as opposed to a fault. */
export const isRefusal = (error: unknown): boolean => describeException(error, { method: 'POST', path: '' }).statusCode < 500;

/**
 * A refusal that may only mean the same move (same clientId) was being recorded at the same
 * moment by another request, on PostgreSQL: it moved the household first (409 stale_version) or
 * recorded the clientId first (409 data_conflict). Deciding again sees what it wrote.
 */
function mayBeItsOwnTwin(move: Move, error: unknown): boolean {
  if (!move.clientId) return false;
  const { code } = describeException(error, { method: 'POST', path: '' }).problem;
  return code === 'stale_version' || code === 'data_conflict';
}

export interface MoveRequest {
  householdId: number;
  move: Move;
}

/**
 * Records status moves through the write model, one or a batch, with the county's setting for
 * acceptance photos and the retry rule for clientIds: the single path for every move a user makes.
 */
@Injectable()
export class MoveRecorder {
  constructor(
    private readonly writer: HouseholdWriter,
    private readonly clock: Clock,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  context(): MoveContext {
    return {
      today: this.clock.today(),
      now: this.clock.now(),
      acceptancePhotoRequired: this.config.get('ACCEPTANCE_PHOTO_REQUIRED', { infer: true }) === 'true',
    };
  }

  async record(request: MoveRequest, user: AuthUser, scope: AccessScope): Promise<MoveResult> {
    const command = () => moveHousehold(request.householdId, request.move, user, scope, this.context());
    try {
      return await this.writer.run(command());
    } catch (error) {
      if (!mayBeItsOwnTwin(request.move, error)) throw error;
      return this.writer.run(command());
    }
  }

  /** Each move judged on its own, in order; refusals are answered per move, a fault throws. */
  async recordEach(requests: readonly MoveRequest[], user: AuthUser, scope: AccessScope): Promise<Settled<MoveResult>[]> {
    const context = this.context();
    const settled = await this.writer.runEach(
      requests.map((r) => moveHousehold(r.householdId, r.move, user, scope, context)),
      isRefusal,
    );
    // Only on PostgreSQL, where each move is its own transaction, can a twin request have won a race.
    for (const [i, result] of settled.entries()) {
      if (result.ok || !mayBeItsOwnTwin(requests[i].move, result.error)) continue;
      try {
        settled[i] = {
          ok: true,
          value: await this.writer.run(moveHousehold(requests[i].householdId, requests[i].move, user, scope, context)),
        };
      } catch (error) {
        if (!isRefusal(error)) throw error;
        settled[i] = { ok: false, error };
      }
    }
    return settled;
  }
}
