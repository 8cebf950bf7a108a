import type { ValidationOptions } from 'class-validator';
import { CheckedString } from '../common/checked-string.decorator.js';
import { calendarDateAt, isCalendarDate } from '../common/dates.js';

/**
 * Resident ID-card numbers (公民身份号码) per GB 11643-1999: a 6-digit address code, the birth
 * date YYYYMMDD, a 3-digit sequence number and a check digit (0–9 or X).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const EARLIEST_BIRTH_DATE = '1900-01-01';

/** Trims the number and upper-cases a trailing x, the form it is stored and compared in. */
export function normalizeIdCardNumber(value: string): string {
  return value.trim().replace(/x$/, 'X');
}

/** The check character GB 11643 gives the first 17 digits. */
function idCardCheckCharacter(first17Digits: string): string {
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(first17Digits[i]), 0);
  return CHECK_CHARACTERS[sum % 11];
}

/**
 * Why `value` is not a valid ID-card number, naming `field`, or null when it is valid.
 * `today` ('YYYY-MM-DD', the county's date by default) bounds the birth date.
 * The reason never repeats the number itself.
 */
export function checkIdCardNumber(value: string, today: string = calendarDateAt(new Date()), field = 'idCardNumber'): string | null {
  const number = normalizeIdCardNumber(value);
  if (number.length !== 18) {
    return `${field} must be 18 characters`;
  }
  if (!/^\d{17}[\dX]$/.test(number)) {
    return `${field} must be 17 digits followed by a digit or X`;
  }
  const birthDate = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  if (!isCalendarDate(birthDate)) {
    return `${field} has an impossible birth date`;
  }
  if (birthDate < EARLIEST_BIRTH_DATE) {
    return `${field} has a birth date before 1900`;
  }
  if (birthDate > today) {
    return `${field} birth date is in the future`;
  }
  if (idCardCheckCharacter(number) !== number[17]) {
    return `${field} fails its check digit (GB 11643)`;
  }
  return null;
}

/**
 * class-validator rule: a valid resident ID-card number (surrounding spaces and a lowercase x
 * are accepted; store `normalizeIdCardNumber(value)`). Anything but a string is refused, so
 * pair it with `@IsOptional()` where the number may be absent.
 */
export function IsIdCardNumber(options?: ValidationOptions): PropertyDecorator {
  return CheckedString('isIdCardNumber', (value, field) => checkIdCardNumber(value, undefined, field), options);
}
