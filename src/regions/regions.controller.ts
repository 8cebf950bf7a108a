import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreateRegionDto } from './dto/create-region.dto.js';
import { RegionResponse } from './dto/region.response.js';
import { RegionsService } from './regions.service.js';

/** The whole region tree, for setting up counties and townships before their villages. */
@ApiTags('regions')
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @ApiOkResponse({ type: [RegionResponse], description: 'Counties, then townships, then villages' })
  list(): Promise<RegionResponse[]> {
    return this.regions.listRegions();
  }

  @Post()
  @ApiCreatedResponse({ type: RegionResponse })
  create(@Body() dto: CreateRegionDto): Promise<RegionResponse> {
    return this.regions.create(dto);
  }
}
