import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HouseholdResponse } from '../../households/dto/household.response.js';
import { FieldProblemResponse } from '../../openapi/error-body.response.js';
import { BATCH_OUTCOMES, type BatchOutcome } from '../batch-outcome.js';

export class BatchResultResponse {
  @ApiProperty({ type: String, nullable: true, description: 'As sent (null when the item had none, or not a string)' })
  clientId: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'As sent (null when the item had none, or not an integer)' })
  householdId: number | null;
  @ApiProperty({ enum: BATCH_OUTCOMES })
  outcome: BatchOutcome;
  @ApiProperty({ example: 200, description: 'What the item alone would have been answered' })
  statusCode: number;
  @ApiProperty({ type: String, nullable: true, description: 'The error code; null when applied or duplicate' })
  code: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The message for people, in the request’s language; null when applied or duplicate',
  })
  message: string | null;
  @ApiPropertyOptional({ type: [FieldProblemResponse], description: 'For an invalid item: each field that failed' })
  fields?: FieldProblemResponse[];
  @ApiPropertyOptional({ type: HouseholdResponse, description: 'applied: the new state; duplicate: the state the first answer gave' })
  household?: HouseholdResponse;
}

export class BatchResponse {
  @ApiProperty({ type: [BatchResultResponse], description: 'One per item, in the order given' })
  results: BatchResultResponse[];
}
