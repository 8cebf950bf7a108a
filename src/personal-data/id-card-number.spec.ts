import { describe, expect, it } from '@jest/globals';
import { IsOptional, validate } from 'class-validator';
import { renderFieldIssue } from '../common/messages/catalogue.js';
import { checkIdCardNumber, IsIdCardNumber, normalizeIdCardNumber } from './id-card-number.js';

/** checkIdCardNumber's answer as its English message for `field`. */
const reasonFor = (value: string, today?: string, field = 'idCardNumber') => {
  const found = checkIdCardNumber(value, today);
  return found === null ? null : renderFieldIssue('en', field, found);
};

const TODAY = '2021-12-23';

/** Appends the GB 11643 check character to 17 digits, computed here independently of the module. */
function withCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return first17 + '10X98765432'[sum % 11];
}

/** A number with the wrong check character: the next one along in 0–9, X. */
function withWrongCheckDigit(first17: string): string {
  const right = withCheckDigit(first17).slice(-1);
  const all = '0123456789X';
  return first17 + all[(all.indexOf(right) + 1) % all.length];
}

const VALID = withCheckDigit('14012119900101123');

/** A valid number whose check character is X, found by varying the sequence number. */
const VALID_WITH_X = ((): string => {
  for (let seq = 0; seq < 1000; seq++) {
    const number = withCheckDigit(`14012119850615${String(seq).padStart(3, '0')}`);
    if (number.endsWith('X')) return number;
  }
  throw new Error('no sequence number gives the check character X');
})();

describe('checkIdCardNumber', () => {
  it('is given numbers whose check digits were worked out here', () => {
    // Hand check for 14012119900101123: weighted sum 7+36+0+5+16+4+2+9+54+0+0+9+0+5+8+8+6 = 169,
    // 169 mod 11 = 4, and "10X98765432"[4] is '8'.
    expect(VALID).toBe('140121199001011238');
    expect(VALID_WITH_X).toMatch(/^\d{17}X$/);
  });

  it.each([
    ['a valid number', VALID],
    ['a valid number ending in X', VALID_WITH_X],
    ['a lowercase x, normalised', VALID_WITH_X.toLowerCase()],
    ['surrounding spaces, trimmed', `  ${VALID} `],
    ['a birth date of today', withCheckDigit('14012120211223001')],
    ['a birth date on 1900-01-01', withCheckDigit('14012119000101001')],
    ['29 February in a leap year', withCheckDigit('14012120000229001')],
  ])('accepts %s', (_case, value) => {
    expect(checkIdCardNumber(value, TODAY)).toBeNull();
  });

  it.each([
    ['a wrong check digit', withWrongCheckDigit('14012119900101123'), 'idCardNumber fails its check digit (GB 11643)'],
    ['17 characters', '14012119900101123', 'idCardNumber must be 18 characters'],
    ['19 characters', `${VALID}0`, 'idCardNumber must be 18 characters'],
    ['an empty string', '', 'idCardNumber must be 18 characters'],
    ['the old 15-digit form', '140121900101123', 'idCardNumber must be 18 characters'],
    ['a letter among the first 17', `14012119900101A2${VALID.slice(-2)}`, 'idCardNumber must be 17 digits followed by a digit or X'],
    ['a final letter other than X', '14012119900101123Y', 'idCardNumber must be 17 digits followed by a digit or X'],
    ['an inner space', '1401211990 0101123', 'idCardNumber must be 17 digits followed by a digit or X'],
    ['30 February', withCheckDigit('14012119900230123'), 'idCardNumber has an impossible birth date'],
    ['29 February in a common year', withCheckDigit('14012119010229123'), 'idCardNumber has an impossible birth date'],
    ['month 13', withCheckDigit('14012119901301123'), 'idCardNumber has an impossible birth date'],
    ['a birth date before 1900', withCheckDigit('14012118991231123'), 'idCardNumber has a birth date before 1900'],
    ['a birth date tomorrow', withCheckDigit('14012120211224001'), 'idCardNumber has a birth date in the future'],
  ])('refuses %s', (_case, value, reason) => {
    expect(reasonFor(value, TODAY)).toBe(reason);
  });

  it.each([
    [withWrongCheckDigit('14012119900101123'), 'id_card_check_digit'],
    ['17 characters', 'id_card_length'],
    ['14012119900101123Y', 'id_card_characters'],
    [withCheckDigit('14012119900230123'), 'id_card_birth_date_impossible'],
    [withCheckDigit('14012118991231123'), 'id_card_birth_date_too_early'],
    [withCheckDigit('14012120211224001'), 'id_card_birth_date_future'],
  ])('answers %s with the code %s', (value, code) => {
    expect(checkIdCardNumber(value, TODAY)?.code).toBe(code);
  });

  it('checks the birth date against the county date when no today is given', () => {
    expect(reasonFor(withCheckDigit('14012129991231001'))).toBe('idCardNumber has a birth date in the future');
    expect(checkIdCardNumber(VALID)).toBeNull();
  });

  it('is named by the field it is reported for, and never repeats the number, in either language', () => {
    const found = checkIdCardNumber(withWrongCheckDigit('14012119900101123'), TODAY);
    expect(JSON.stringify(found)).not.toContain('1401211990');
    expect(reasonFor(withWrongCheckDigit('14012119900101123'), TODAY, 'householderIdCardNumber')).toBe(
      'householderIdCardNumber fails its check digit (GB 11643)',
    );
    expect(renderFieldIssue('zh', 'idCardNumber', found!)).toBe('身份证号校验位不对（GB 11643），请核对号码');
  });
});

describe('normalizeIdCardNumber', () => {
  it.each([
    [' 14012119850615001x ', '14012119850615001X'],
    ['14012119850615001X', '14012119850615001X'],
    ['140121199001011238', '140121199001011238'],
    ['x14012119850615001', 'x14012119850615001'],
  ])('%p becomes %p', (value, expected) => {
    expect(normalizeIdCardNumber(value)).toBe(expected);
  });
});

class Householder {
  @IsOptional()
  @IsIdCardNumber()
  idCardNumber?: string | null;
}

function householder(idCardNumber: unknown): Householder {
  return Object.assign(new Householder(), { idCardNumber });
}

describe('@IsIdCardNumber', () => {
  it.each([[VALID], [VALID_WITH_X.toLowerCase()], [null], [undefined]])('accepts %p (absent values through @IsOptional)', async (value) => {
    await expect(validate(householder(value))).resolves.toEqual([]);
  });

  it.each([
    [withWrongCheckDigit('14012119900101123'), 'idCardNumber fails its check digit (GB 11643)'],
    ['14012119900101123', 'idCardNumber must be 18 characters'],
    [withCheckDigit('14012119900230123'), 'idCardNumber has an impossible birth date'],
    [140121199001011, 'idCardNumber must be a string'], // a number, not text
  ])('refuses %p with the reason as its message', async (value, message) => {
    const errors = await validate(householder(value));
    expect(errors).toHaveLength(1);
    expect(errors[0].constraints).toEqual({ isIdCardNumber: message });
  });
});
