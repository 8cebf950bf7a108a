import type { ValidationOptions } from 'class-validator';
import { CheckedString } from '../common/checked-string.decorator.js';
import { type FieldIssue } from '../common/messages/catalogue.js';
import { issue } from '../common/messages/problem.js';

/**
 * Contact phone numbers in mainland China: mobile numbers (11 digits, 13x–19x) and landlines
 * written with their area code (0 + 2–3 digits, then a 7–8 digit local number), as in
 * 0351-5551234. Spaces and hyphens are only layout.
 */

const MOBILE = /^1[3-9]\d{9}$/;
/** Area codes never start 00 (the international prefix); local numbers never start 0 or 1. */
const LANDLINE = /^0[1-9]\d{1,2}[2-9]\d{6,7}$/;

/** Removes spaces and hyphens, the form a phone number is stored and compared in. */
export function normalizePhone(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/** What makes `value` not a phone number we accept, or null when it is one. */
export function checkPhone(value: string): FieldIssue | null {
  const phone = normalizePhone(value);
  if (!/^\d+$/.test(phone)) return issue('phone_characters');
  if (phone.startsWith('1')) return MOBILE.test(phone) ? null : issue('phone_mobile');
  if (phone.startsWith('0')) return LANDLINE.test(phone) ? null : issue('phone_landline');
  return issue('phone_kind');
}

/**
 * class-validator rule: a mobile or landline number (spaces and hyphens are accepted; store
 * `normalizePhone(value)`). Anything but a string is refused, so pair it with `@IsOptional()`
 * where the number may be absent.
 */
export function IsPhone(options?: ValidationOptions): PropertyDecorator {
  return CheckedString('isPhone', checkPhone, options);
}
