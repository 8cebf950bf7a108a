import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.decorator.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { CreateHouseholdDto } from './dto/create-household.dto.js';
import { HouseholdQueryDto } from './dto/household-query.dto.js';
import { HouseholdEditResponse, HouseholdPageResponse, HouseholdResponse } from './dto/household.response.js';
import { UpdateHouseholdDto } from './dto/update-household.dto.js';
import { HouseholdsService } from './households.service.js';

@ApiTags('households')
@ApiHeader({ name: 'X-Actor', required: false, description: 'Who is acting (percent-encoded when not ASCII); "unknown" if absent' })
@Controller('households')
export class HouseholdsController {
  constructor(private readonly households: HouseholdsService) {}

  @Get()
  @ApiOkResponse({ type: HouseholdPageResponse })
  list(@Query() query: HouseholdQueryDto): Promise<HouseholdPageResponse> {
    return this.households.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: HouseholdResponse })
  @ApiNotFoundResponse()
  get(@Param('id', ParseIdPipe) id: number): Promise<HouseholdResponse> {
    return this.households.get(id);
  }

  @Post()
  @ApiCreatedResponse({ type: HouseholdResponse })
  create(@Body() dto: CreateHouseholdDto, @Actor() actor: string): Promise<HouseholdResponse> {
    return this.households.create(dto, actor);
  }

  @Patch(':id')
  @ApiOkResponse({ type: HouseholdResponse })
  @ApiConflictResponse({ description: '`version` is not the current one; nothing was written' })
  update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateHouseholdDto, @Actor() actor: string): Promise<HouseholdResponse> {
    return this.households.update(id, dto, actor);
  }

  @Get(':id/edits')
  @ApiOkResponse({ type: [HouseholdEditResponse], description: 'Every change to fields other than the status, oldest first' })
  edits(@Param('id', ParseIdPipe) id: number): Promise<HouseholdEditResponse[]> {
    return this.households.listEdits(id);
  }
}
