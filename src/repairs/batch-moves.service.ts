import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { AppValidationPipe } from '../common/app-validation.pipe.js';
import { describeException, errorBody } from '../common/error-response.js';
import type { Language } from '../common/messages/language.js';
import { HouseholdsService } from '../households/households.service.js';
import { RegionsService } from '../regions/regions.service.js';
import { refusedOutcome, type BatchStage } from './batch-outcome.js';
import { BatchItemDto, type BatchTransitionsDto } from './dto/batch-transitions.dto.js';
import type { BatchResponse, BatchResultResponse } from './dto/batch-result.response.js';
import { MoveRecorder, moveOf, type MoveRequest } from './move-recorder.js';

/** An item as it was sent: what its result echoes back when the item is malformed. */
function sentIds(item: unknown): Pick<BatchResultResponse, 'clientId' | 'householdId'> {
  const { clientId, householdId } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
  return {
    clientId: typeof clientId === 'string' ? clientId.slice(0, 100) : null,
    householdId: Number.isSafeInteger(householdId) ? (householdId as number) : null,
  };
}

/**
 * `POST /api/transitions/batch`: up to 500 moves, each validated and judged on its own by the
 * same rules and the same write path as a single move (MoveRecorder), each applied one its own
 * history entry by the caller; the results in the order given.
 */
@Injectable()
export class BatchMovesService {
  private readonly logger = new Logger(BatchMovesService.name);
  private readonly validation = new AppValidationPipe();

  constructor(
    private readonly moves: MoveRecorder,
    private readonly regions: RegionsService,
    private readonly households: HouseholdsService,
  ) {}

  async run(body: BatchTransitionsDto, user: AuthUser, language: Language, requestId: string): Promise<BatchResponse> {
    const parsed = await Promise.all(body.items.map((item) => this.parse(item)));
    const { scope } = await this.regions.accessFor(user);
    const wellFormed = parsed.filter((p): p is { dto: BatchItemDto } => 'dto' in p);
    const requests: MoveRequest[] = wellFormed.map(({ dto }) => ({ householdId: dto.householdId, move: moveOf(dto) }));
    const settled = await this.moves.recordEach(requests, user, scope);
    const judged = new Map(wellFormed.map((p, i) => [p, settled[i]]));
    const refusal = (item: unknown, stage: BatchStage, error: unknown): BatchResultResponse => {
      const described = describeException(error, { method: 'POST', path: '/api/transitions/batch' });
      const { statusCode, code, message, fields } = errorBody(described, language, requestId);
      return { ...sentIds(item), outcome: refusedOutcome(stage, statusCode), statusCode, code, message, ...(fields ? { fields } : {}) };
    };
    const results = parsed.map((p, i): BatchResultResponse => {
      if (!('dto' in p)) return refusal(body.items[i], 'shape', p.error);
      const result = judged.get(p)!;
      if (!result.ok) return refusal(body.items[i], 'judgement', result.error);
      const { duplicate, after } = result.value;
      return {
        clientId: p.dto.clientId,
        householdId: p.dto.householdId,
        outcome: duplicate ? 'duplicate' : 'applied',
        statusCode: 200,
        code: null,
        message: null,
        household: this.households.respond(after, user),
      };
    });
    const counts = Object.fromEntries(
      [...new Set(results.map((r) => r.outcome))].map((outcome) => [outcome, results.filter((r) => r.outcome === outcome).length]),
    );
    this.logger.log({ userId: user.id, items: results.length, ...counts }, 'batch of moves');
    return { results };
  }

  /** One item through the same validation as a single move's body. */
  private async parse(item: unknown): Promise<{ dto: BatchItemDto } | { error: unknown }> {
    try {
      return { dto: (await this.validation.transform(item, { type: 'body', metatype: BatchItemDto })) as BatchItemDto };
    } catch (error) {
      return { error };
    }
  }
}
