import type { FieldIssue } from '../common/messages/catalogue.js';
import { issue } from '../common/messages/problem.js';
import type { RegionLevel } from './region-level.js';

/** Digits of a statistical division code (统计用区划代码) at each level. */
const CODE_DIGITS: Record<RegionLevel, number> = { county: 6, township: 9, village: 12 };

/**
 * Checks a region's statistical division code against its level and its parent's code
 * (a township's code starts with its county's, a village's with its township's).
 * Returns what is wrong with it, or null when it is fine.
 */
export function checkDivisionCode(level: RegionLevel, code: string, parentCode: string | null): FieldIssue | null {
  const digits = CODE_DIGITS[level];
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return issue('division_code_digits', { level, digits, code });
  if (parentCode !== null && !code.startsWith(parentCode)) return issue('division_code_prefix', { code, parentCode });
  return null;
}
