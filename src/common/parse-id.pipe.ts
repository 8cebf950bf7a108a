import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

/** The largest id a 32-bit integer column holds. */
export const MAX_ID = 2_147_483_647;

/**
 * Route ids are positive integers; anything else is a 400 naming the parameter. (The global
 * ValidationPipe may already have turned the text into a number, NaN for "abc".)
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string | number, number> {
  transform(value: string | number, metadata: ArgumentMetadata): number {
    const text = String(value);
    if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > MAX_ID) {
      throw new BadRequestException(`${metadata.data ?? 'id'} must be a positive integer no larger than ${MAX_ID}`);
    }
    return Number(text);
  }
}
