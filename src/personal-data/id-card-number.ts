import type { ValidationOptions } from 'class-validator';
import { CheckedString } from '../common/checked-string.decorator.js';
import { calendarDateAt, isCalendarDate } from '../common/dates.js';
import { type FieldIssue } from '../common/messages/catalogue.js';
import { issue } from '../common/messages/problem.js';

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
 * What makes `value` not a valid ID-card number, or null when it is valid. `today`
 * ('YYYY-MM-DD', the county's date by default) bounds the birth date. The answer never holds
 * the number itself.
 */
export function checkIdCardNumber(value: string, today: string = calendarDateAt(new Date())): FieldIssue | null {
  const number = normalizeIdCardNumber(value);
  if (number.length !== 18) return issue('id_card_length');
  if (!/^\d{17}[\dX]$/.test(number)) return issue('id_card_characters');
  const birthDate = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  if (!isCalendarDate(birthDate)) return issue('id_card_birth_date_impossible');
  if (birthDate < EARLIEST_BIRTH_DATE) return issue('id_card_birth_date_too_early');
  if (birthDate > today) return issue('id_card_birth_date_future');
  if (idCardCheckCharacter(number) !== number[17]) return issue('id_card_check_digit');
  return null;
}

/**
 * class-validator rule: a valid resident ID-card number (surrounding spaces and a lowercase x
 * are accepted; store `normalizeIdCardNumber(value)`). Anything but a string is refused, so
 * pair it with `@IsOptional()` where the number may be absent.
 */
export function IsIdCardNumber(options?: ValidationOptions): PropertyDecorator {
  return CheckedString('isIdCardNumber', (value) => checkIdCardNumber(value), options);
}
