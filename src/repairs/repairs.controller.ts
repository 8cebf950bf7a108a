import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor } from '../common/actor.decorator.js';
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
  @HttpCode(200)
  @ApiHeader({ name: 'X-Actor', required: false, description: 'Who is acting (percent-encoded when not ASCII)' })
  @ApiOkResponse({ type: HouseholdResponse, description: 'The household in its new state' })
  @ApiBadRequestResponse({ description: 'Malformed body, or an occurredOn in the future or before the last change' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: '`version` is not the current one; nothing was written' })
  @ApiUnprocessableEntityResponse({ description: 'The workflow does not allow the move; the message names both statuses' })
  transition(@Param('id', ParseIdPipe) id: number, @Body() dto: TransitionDto, @Actor() actor: string): Promise<HouseholdResponse> {
    return this.repairs.transition(id, dto, actor);
  }

  @Get('history')
  @ApiOkResponse({ type: [StatusChangeResponse], description: 'Oldest first; append-only' })
  @ApiNotFoundResponse()
  history(@Param('id', ParseIdPipe) id: number): Promise<StatusChangeResponse[]> {
    return this.repairs.history(id);
  }
}
