import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_ID } from '../../common/parse-id.pipe.js';
import { REGION_LEVELS, type RegionLevel } from '../region-level.js';
import { IsReadableText } from '../../common/readable-text.decorator.js';

/** Fields every new region has, whatever its level. */
export class RegionFieldsDto {
  @ApiProperty({ example: '孟封村', maxLength: 50 })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  @IsReadableText({ required: true })
  name: string;

  @ApiPropertyOptional({ example: '140121103201', description: 'Statistical division code: 6 digits county, 9 township, 12 village' })
  @IsOptional()
  @IsString()
  @MaxLength(12)
  code?: string;

  @ApiPropertyOptional({ type: [String], example: ['闫家营村'], description: 'Other ways the name is written' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  @IsReadableText({ required: true }, { each: true })
  aliases?: string[];
}

export class CreateRegionDto extends RegionFieldsDto {
  @ApiProperty({ enum: REGION_LEVELS })
  @IsIn(REGION_LEVELS)
  level: RegionLevel;

  @ApiPropertyOptional({ description: 'The county a township belongs to, or the township a village belongs to' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  parentId?: number;
}

export class CreateVillageDto extends RegionFieldsDto {
  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  townshipId: number;
}
