import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { CreateRegionDto } from './dto/create-region.dto.js';
import { RegionResponse } from './dto/region.response.js';
import { RegionsService } from './regions.service.js';

/** The whole region tree, for setting up counties and townships before their villages. */
@ApiTags('regions')
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @ApiOperation({ summary: '区划树：县、乡镇、村' })
  @ApiOkResponse({ type: [RegionResponse], description: 'Counties, then townships, then villages, within your scope' })
  list(@CurrentUser() user: AuthUser): Promise<RegionResponse[]> {
    return this.regions.listRegions(user);
  }

  @Post()
  @ApiOperation({ summary: '新增县或乡镇' })
  @Roles('admin')
  @ApiCreatedResponse({ type: RegionResponse })
  create(@Body() dto: CreateRegionDto): Promise<RegionResponse> {
    return this.regions.create(dto);
  }
}
