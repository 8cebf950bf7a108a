import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_ID } from '../../common/parse-id.pipe.js';
import { HouseholdFieldsDto } from './create-household.dto.js';

/** A partial edit of a household's fields; `version` must be the one the editor read. */
export class UpdateHouseholdDto extends PartialType(HouseholdFieldsDto) {
  @ApiProperty({ example: 1, description: 'The version the change is based on' })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  version: number;
}
