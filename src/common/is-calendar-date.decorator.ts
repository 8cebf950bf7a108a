import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from './dates.js';

/** class-validator rule: a real calendar date written `YYYY-MM-DD` (its field code: `not_a_date`). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a calendar date written YYYY-MM-DD', ...options },
      validator: { validate: (value: unknown) => isCalendarDate(value) },
    });
}
