import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { CreateVillageDto } from './dto/create-region.dto.js';
import { VillageResponse } from './dto/region.response.js';
import { RegionsService } from './regions.service.js';

@ApiTags('villages')
@Controller('villages')
export class VillagesController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @ApiOperation({ summary: '列出管辖范围内的村' })
  @ApiOkResponse({ type: [VillageResponse] })
  list(@CurrentUser() user: AuthUser): Promise<VillageResponse[]> {
    return this.regions.listVillages(user);
  }

  @Get(':id')
  @ApiOperation({ summary: '查看一个村' })
  @ApiOkResponse({ type: VillageResponse })
  get(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: AuthUser): Promise<VillageResponse> {
    return this.regions.getVillage(id, user);
  }

  @Post()
  @ApiOperation({ summary: '新增一个村' })
  @Roles('admin')
  @ApiCreatedResponse({ type: VillageResponse })
  async create(@Body() dto: CreateVillageDto, @CurrentUser() user: AuthUser): Promise<VillageResponse> {
    const { townshipId, ...fields } = dto;
    const created = await this.regions.create({ ...fields, level: 'village', parentId: townshipId }, 'townshipId');
    return this.regions.getVillage(created.id, user);
  }
}
