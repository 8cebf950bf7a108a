import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { CreateVillageDto } from './dto/create-region.dto.js';
import { VillageResponse } from './dto/region.response.js';
import { RegionsService } from './regions.service.js';

@ApiTags('villages')
@Controller('villages')
export class VillagesController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @ApiOkResponse({ type: [VillageResponse] })
  list(): Promise<VillageResponse[]> {
    return this.regions.listVillages();
  }

  @Get(':id')
  @ApiOkResponse({ type: VillageResponse })
  get(@Param('id', ParseIdPipe) id: number): Promise<VillageResponse> {
    return this.regions.getVillage(id);
  }

  @Post()
  @ApiCreatedResponse({ type: VillageResponse })
  async create(@Body() dto: CreateVillageDto): Promise<VillageResponse> {
    const { townshipId, ...fields } = dto;
    const created = await this.regions.create({ ...fields, level: 'village', parentId: townshipId });
    return this.regions.getVillage(created.id);
  }
}
