import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { HouseholdResponse } from '../households/dto/household.response.js';
import { StatusChangeResponse } from './dto/status-change.response.js';
import { TransitionDto } from './dto/transition.dto.js';
import { RepairsService } from './repairs.service.js';

@ApiTags('repairs')
@Controller('households/:id')
export class RepairsController {
  constructor(private readonly repairs: RepairsService) {}

  @Post('transitions')
  @ApiOperation({ summary: '记录一次状态变更（开工、完工、验收等）' })
  @HttpCode(200)
  @Roles('admin', 'staff', 'inspector')
  @ApiForbiddenResponse({
    description:
      'Your role may not record this move (staff record the work, inspectors the acceptance; nobody inspects a completion they recorded)',
  })
  @ApiOkResponse({ type: HouseholdResponse, description: 'The household in its new state' })
  @ApiBadRequestResponse({ description: 'Malformed body, or an occurredOn in the future or before the last change' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: '`version` is not the current one; nothing was written' })
  @ApiUnprocessableEntityResponse({ description: 'The workflow does not allow the move; the message names both statuses' })
  transition(@Param('id', ParseIdPipe) id: number, @Body() dto: TransitionDto, @CurrentUser() user: AuthUser): Promise<HouseholdResponse> {
    return this.repairs.transition(id, dto, user);
  }

  @Get('history')
  @ApiOperation({ summary: '状态变更记录' })
  @ApiOkResponse({ type: [StatusChangeResponse], description: 'Oldest first; append-only' })
  @ApiNotFoundResponse()
  history(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: AuthUser): Promise<StatusChangeResponse[]> {
    return this.repairs.history(id, user);
  }
}
