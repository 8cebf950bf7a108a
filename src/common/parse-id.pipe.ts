import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { invalidField } from './errors.js';
import { issue } from './messages/problem.js';

/** The largest id a 32-bit integer column holds (and so the largest version a household can reach). */
export const MAX_ID = 2_147_483_647;

/**
 * `text` as a whole number when it is written as one in plain decimal digits (`0` or no leading
 * zero, no sign, space, exponent or base prefix), else null. `Number()` alone reads `0x10` as
 * 16, `1e3` as 1000 and ` 1` as 1.
 */
export function parseDecimalInteger(text: string): number | null {
  return /^(0|[1-9]\d{0,15})$/.test(text) ? Number(text) : null;
}

/**
 * Route ids are positive integers in plain decimal; anything else is a 400 naming the parameter
 * (`validation_failed`, the field's code `invalid_id`).
 * (AppValidationPipe hands path parameters over as the text that was sent.)
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const id = parseDecimalInteger(value);
    if (id === null || id < 1 || id > MAX_ID) {
      throw invalidField(metadata.data ?? 'id', issue('invalid_id', { max: MAX_ID }));
    }
    return id;
  }
}

/**
 * For query DTOs: a number sent in plain decimal digits becomes that number; anything else stays
 * the text it was, for `@IsInt()` to refuse by name. Use instead of `@Type(() => Number)`.
 */
export function DecimalInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (parseDecimalInteger(value) ?? value) : value));
}
