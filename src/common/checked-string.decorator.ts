import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

type Check = (value: string, field: string) => string | null;

/**
 * A class-validator rule from a pure check that returns why a string is wrong (naming the
 * field) or null. Anything but a string is refused, so pair it with `@IsOptional()` where the
 * value may be absent. With `{ each: true }` every item of an array is checked.
 */
export function CheckedString(name: string, check: Check, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) => explain(check, args.value, args.property),
        ...options,
      },
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => typeof value === 'string' && check(value, args?.property ?? propertyName.toString()) === null,
      },
    });
}

/** Why `value` failed. For `{ each: true }` class-validator asks once for the whole array: name its first bad item. */
function explain(check: Check, value: unknown, field: string): string {
  if (Array.isArray(value)) {
    const index = value.findIndex((item) => typeof item !== 'string' || check(item, field) !== null);
    return index < 0 ? `${field} is not valid` : explain(check, value[index], `${field}[${index}]`);
  }
  return typeof value === 'string' ? (check(value, field) ?? `${field} is not valid`) : `${field} must be a string`;
}
