import { type ArgumentMetadata, BadRequestException, Injectable, ValidationPipe } from '@nestjs/common';
import { validationException } from './class-validator-problems.js';
import { invalidField } from './errors.js';
import { issue, problem } from './messages/problem.js';

/** No request body the API takes is nested deeper than a few levels; 32 leaves room for any client. */
export const MAX_JSON_DEPTH = 32;

/**
 * How deeply `value` nests objects and arrays (a scalar is 0, `{}` is 1), stopping as soon as it
 * passes `limit`: without recursion, so that a hostile body cannot overflow the stack here.
 */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Whether a whole body can be a request shape: a JSON object, or no body at all. */
function isBodyObject(value: unknown): boolean {
  return value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value));
}

/**
 * The one validation pipe (registered as APP_PIPE): class-validator with unknown properties
 * refused and values transformed, its failures answered as `validation_failed` with `fields`
 * (class-validator-problems.ts), plus rules of ours that must run before it:
 *
 * - a body nested deeper than MAX_JSON_DEPTH is a 400 (class-transformer and class-validator
 *   recurse through it: 5,000 levels, 10 KB of brackets, overflowed the stack into a 500 on the
 *   sign-in route, before any token is checked);
 * - a body that is JSON but not an object (`[1,2]`, `"x"`, `5`, `null`), where a route takes a
 *   request shape, is refused on the field `body` (`not_an_object`): class-validator would
 *   check it as if it were one, and answer `[1,2]` with its indexes as unknown fields and `5`
 *   with every required field. A request without a body (undefined) goes on as before, and so
 *   do routes that take no body (the pipe never sees one) or a body that is not a class;
 * - path parameters reach their pipe as the text that was sent: the stock pipe turns a
 *   parameter typed `number` into `Number(text)`, which reads `0x10` as 16 and `1e3` as 1000
 *   before ParseIdPipe could refuse them.
 */
@Injectable()
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // Each failure keeps the object it was found in, for its decorator's parameters (the 50 of
      // @MaxLength(50)), and the value, for the rule's own reason (class-validator-problems.ts).
      validationError: { target: true, value: true },
      exceptionFactory: validationException,
    });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && jsonDepthExceeds(value, MAX_JSON_DEPTH)) {
      throw new BadRequestException(problem('body_too_deep', { maxDepth: MAX_JSON_DEPTH }));
    }
    if (metadata.type === 'body' && metadata.data === undefined && this.toValidate(metadata) && !isBodyObject(value)) {
      throw invalidField('body', issue('not_an_object'));
    }
    return super.transform(value, metadata);
  }

  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}
