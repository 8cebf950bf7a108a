import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ErrorBody } from '../common/error-response.js';
import { ERROR_CODES, FIELD_CODES, renderFieldIssue, type ErrorCode } from '../common/messages/catalogue.js';

/** The examples' message, as the catalogue words it. */
const EXAMPLE_MESSAGE = renderFieldIssue('zh', 'occurredOn', {
  code: 'date_in_future',
  params: { date: '2021-12-30', today: '2021-12-23' },
});

/** One field that failed validation: its path, the rule, and a sentence that names it. */
export class FieldProblemResponse {
  @ApiProperty({ example: 'occurredOn', description: 'The field’s path as sent (`householder`, `items[3].version`, `scope[0].level`)' })
  field: string;

  @ApiProperty({ enum: FIELD_CODES, enumName: 'FieldProblemCode', example: 'date_in_future' })
  code: string;

  @ApiProperty({ example: EXAMPLE_MESSAGE })
  message: string;
}

/**
 * The one shape of every error the API answers, made by errorBody() (common/error-response.ts);
 * implementing its interface keeps the two from drifting apart.
 */
export class ErrorBodyResponse implements ErrorBody {
  @ApiProperty({ type: 'integer', example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request', description: 'The status’s name, as HTTP writes it' })
  error: string;

  @ApiProperty({
    example: EXAMPLE_MESSAGE,
    description: 'For people: Chinese, or English when Accept-Language asks for it',
  })
  message: string;

  @ApiProperty({
    enum: ERROR_CODES,
    enumName: 'ErrorCode',
    example: 'validation_failed',
    description: 'For programs: stable across releases and languages',
  })
  code: ErrorCode;

  @ApiPropertyOptional({ type: [FieldProblemResponse], description: 'Only with `code` validation_failed: every field that failed' })
  fields?: FieldProblemResponse[];

  @ApiProperty({
    example: '9f1c2d7e-0b5a-4c61-8d3e-2a4f6b7c8d90',
    description: 'The same as the X-Request-Id header; quote it when reporting a problem',
  })
  requestId: string;
}
