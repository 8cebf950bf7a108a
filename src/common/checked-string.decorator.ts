import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { renderFieldIssue, type FieldIssue } from './messages/catalogue.js';
import { issue } from './messages/problem.js';

/** A pure check of a string: what is wrong with it, or null. */
export type StringCheck = (value: string) => FieldIssue | null;

/**
 * A class-validator rule from a pure check that returns what is wrong with a string (a
 * catalogue field code and its parameters) or null. Anything but a string is refused, so pair
 * it with `@IsOptional()` where the value may be absent. With `{ each: true }` every item of
 * an array is checked.
 *
 * The check travels with a failure in its `context` (with whether the rule takes each item of
 * an array), so that the validation pipe can say what was wrong in the request's language (see
 * class-validator-problems.ts); the constraint's own message is the English one.
 */
export function CheckedString(name: string, check: StringCheck, options?: ValidationOptions): PropertyDecorator {
  const each = options?.each === true;
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) => {
          const { index, issue: found } = explainCheckedString(check, args.value, each);
          return renderFieldIssue('en', index === null ? args.property : `${args.property}[${index}]`, found);
        },
        ...options,
        context: { ...(options?.context as object | undefined), check, each },
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && check(value) === null,
      },
    });
}

/** The check a CheckedString rule put in a failure's context, and whether it takes each item of an array; null if it is not one. */
export function checkInContext(context: unknown): { check: StringCheck; each: boolean } | null {
  const { check, each } = (context ?? {}) as { check?: unknown; each?: unknown };
  return typeof check === 'function' ? { check: check as StringCheck, each: each === true } : null;
}

/**
 * What is wrong with `value` by `check`. For a rule declared `{ each: true }` class-validator
 * reports the whole array once: the answer names its first bad item by index. For any other
 * rule an array is simply not a string (`idCardNumber: ["…"]`), not a list of items.
 */
export function explainCheckedString(check: StringCheck, value: unknown, each = false): { index: number | null; issue: FieldIssue } {
  if (each && Array.isArray(value)) {
    const index = value.findIndex((item) => typeof item !== 'string' || check(item) !== null);
    return index < 0 ? { index: null, issue: issue('invalid_value') } : { index, issue: explainCheckedString(check, value[index]).issue };
  }
  return { index: null, issue: typeof value === 'string' ? (check(value) ?? issue('invalid_value')) : issue('not_a_string') };
}
