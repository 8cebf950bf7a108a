import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/**
 * A class-validator rule from a pure check that returns why a string is wrong (naming the
 * field) or null. Anything but a string is refused, so pair it with `@IsOptional()` where the
 * value may be absent.
 */
export function CheckedString(name: string, check: (value: string, field: string) => string | null, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) =>
          typeof args.value === 'string' ? (check(args.value, args.property) ?? `${args.property} is not valid`) : `${args.property} must be a string`,
        ...options,
      },
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => typeof value === 'string' && check(value, args?.property ?? propertyName.toString()) === null,
      },
    });
}
