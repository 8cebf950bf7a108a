import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsUUID, Max, Min } from 'class-validator';
import { MAX_ID } from '../../common/parse-id.pipe.js';
import { MoveFieldsDto } from './transition.dto.js';

/** At most this many moves in one batch request. */
export const MAX_BATCH_ITEMS = 500;

/** One move of a batch: judged on its own, so a malformed item is that item's outcome, not the batch's. */
export class BatchItemDto extends MoveFieldsDto {
  @ApiProperty({ format: 'uuid', description: 'A UUID the client makes for this move (required in a batch)' })
  @IsUUID('all', { context: { code: 'not_a_uuid' } })
  clientId: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  householdId: number;
}

export class BatchTransitionsDto {
  @ApiProperty({
    type: [BatchItemDto],
    maxItems: MAX_BATCH_ITEMS,
    description: 'Each item is validated and judged on its own; only the list itself is checked here',
  })
  @IsArray()
  @ArrayMinSize(1, { context: { code: 'empty_list' } })
  @ArrayMaxSize(MAX_BATCH_ITEMS)
  items: unknown[];
}
