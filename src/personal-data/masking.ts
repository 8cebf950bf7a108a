import { normalizeIdCardNumber } from './id-card-number.js';
import { normalizePhone } from './phone.js';

/**
 * Masks for personal data shown to people who need to recognise a record but not read it:
 * lists, public notices, logs. Each keeps just enough to tell records apart.
 */

function stars(count: number): string {
  return '*'.repeat(count);
}

/** '140121199001011234' → '140121********1234' (region code and last 4 kept); other shapes are fully masked. */
export function maskIdCardNumber(value: string): string;
export function maskIdCardNumber(value: string | null | undefined): string | null;
export function maskIdCardNumber(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const number = normalizeIdCardNumber(value);
  if (number.length !== 18) return stars(number.length);
  return `${number.slice(0, 6)}${stars(8)}${number.slice(-4)}`;
}

/**
 * Mobile '13812345678' → '138****5678'. Landline '0351-5551234' → '0351****234': the area code
 * (3 digits for 010 and 02x, 4 digits otherwise) and the last 3 digits are kept.
 * Anything else is fully masked.
 */
export function maskPhone(value: string): string;
export function maskPhone(value: string | null | undefined): string | null;
export function maskPhone(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const phone = normalizePhone(value);
  if (/^1\d{10}$/.test(phone)) {
    return `${phone.slice(0, 3)}${stars(4)}${phone.slice(-4)}`;
  }
  if (/^0\d{9,11}$/.test(phone)) {
    const areaCodeLength = /^0[12]/.test(phone) ? 3 : 4;
    return `${phone.slice(0, areaCodeLength)}${stars(phone.length - areaCodeLength - 3)}${phone.slice(-3)}`;
  }
  return stars(phone.length);
}

/**
 * '郑清亮' → '郑*亮', '郑亮' → '郑*', '欧阳清亮' → '欧**亮': the first and (from three characters)
 * the last character kept. Counts characters, not UTF-16 units, so rare characters outside the
 * Basic Multilingual Plane are masked whole.
 */
export function maskName(value: string): string {
  const characters = Array.from(value.trim());
  if (characters.length <= 1) return stars(characters.length);
  if (characters.length === 2) return `${characters[0]}*`;
  return `${characters[0]}${stars(characters.length - 2)}${characters[characters.length - 1]}`;
}
