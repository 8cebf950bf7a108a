import { ApiProperty } from '@nestjs/swagger';
import type { Region } from '../entities/region.entity.js';
import { REGION_LEVELS, type RegionLevel } from '../region-level.js';

export class RegionRefResponse {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) code: string | null;
}

export class RegionResponse extends RegionRefResponse {
  @ApiProperty({ enum: REGION_LEVELS }) level: RegionLevel;
  @ApiProperty({ type: Number, nullable: true }) parentId: number | null;
  @ApiProperty({ type: [String] }) aliases: string[];
}

export class VillageResponse extends RegionRefResponse {
  @ApiProperty({ type: [String] }) aliases: string[];
  @ApiProperty({ type: RegionRefResponse }) township: RegionRefResponse;
  @ApiProperty({ type: RegionRefResponse }) county: RegionRefResponse;
}

export function toRegionRef(region: Region): RegionRefResponse {
  return { id: region.id, name: region.name, code: region.code };
}

export function toRegionResponse(region: Region, aliases: string[]): RegionResponse {
  return { ...toRegionRef(region), level: region.level, parentId: region.parentId, aliases };
}
