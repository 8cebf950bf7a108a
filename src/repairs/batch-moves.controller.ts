import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { Language } from '../common/messages/language.js';
import { RequestLanguage } from '../common/request-language.decorator.js';
import { BatchMovesService } from './batch-moves.service.js';
import { BatchTransitionsDto } from './dto/batch-transitions.dto.js';
import { BatchResponse } from './dto/batch-result.response.js';

/** Batches may carry 500 moves with notes: more than the 64 KiB other bodies get (app.setup.ts). */
export const BATCH_BODY_LIMIT_BYTES = 1024 * 1024;

@ApiTags('repairs')
@Controller('transitions')
export class BatchMovesController {
  constructor(private readonly batches: BatchMovesService) {}

  @Post('batch')
  @HttpCode(200)
  @Roles('admin', 'staff', 'inspector')
  @ApiOperation({
    summary: '批量记录状态变更（最多 500 条，逐条判断）',
    description:
      'Each item is validated and judged alone by the same rules as POST /api/households/:id/transitions and is its own history entry by the caller; a retried clientId answers `duplicate` and records nothing. Results in the order given.',
  })
  @ApiOkResponse({ type: BatchResponse })
  @ApiBadRequestResponse({ description: 'The body is not `{ items: [...] }` with 1 to 500 items' })
  @ApiForbiddenResponse({ description: 'Your role records no moves' })
  run(
    @Body() body: BatchTransitionsDto,
    @CurrentUser() user: AuthUser,
    @RequestLanguage() language: Language,
    @Req() request: FastifyRequest,
  ): Promise<BatchResponse> {
    return this.batches.run(body, user, language, request.id);
  }
}
