import type { ValidationOptions } from 'class-validator';
import { CheckedString } from './checked-string.decorator.js';
import { readableTextProblem, type ReadableTextOptions } from './readable-text.js';

/**
 * class-validator rule for text people read (see readable-text.ts): no control or
 * direction-changing characters, and, when `required`, not blank. With `{ each: true }` it
 * checks every string of an array (aliases).
 */
export function IsReadableText(options: ReadableTextOptions = {}, validation?: ValidationOptions): PropertyDecorator {
  return CheckedString('isReadableText', (value) => readableTextProblem(value, options), validation);
}
