import { describe, expect, it } from '@jest/globals';
import { IsOptional, validate } from 'class-validator';
import { renderFieldIssue } from '../common/messages/catalogue.js';
import { checkPhone, IsPhone, normalizePhone } from './phone.js';

/** checkPhone's answer as its English message for `field`. */
const reasonFor = (value: string, field = 'phone') => {
  const found = checkPhone(value);
  return found === null ? null : renderFieldIssue('en', field, found);
};

const LANDLINE_RULE = 'phone must be a landline written with its area code: 0 and 2–3 digits, then a 7–8 digit number (e.g. 0351-5551234)';
const MOBILE_RULE = 'phone must be a mobile number of 11 digits starting 13 to 19';

describe('checkPhone', () => {
  it.each([
    ['a mobile number', '13812345678'],
    ['a mobile number starting 19', '19912345678'],
    ['a mobile number written with spaces', '138 1234 5678'],
    ['a mobile number written with hyphens', '138-1234-5678'],
    ['a Taiyuan landline with a hyphen', '0351-5551234'],
    ['a Taiyuan landline without', '03515551234'],
    ['a 4-digit area code and a 7-digit number', '0358-1234567'],
    ['a 3-digit area code and an 8-digit number', '010-62345678'],
    ['a 3-digit area code and a 7-digit number', '0212345678'],
    ['surrounding spaces', ' 0351 5551234 '],
  ])('accepts %s', (_case, value) => {
    expect(checkPhone(value)).toBeNull();
  });

  it.each([
    ['a mobile number of 10 digits', '1381234567', MOBILE_RULE],
    ['a mobile number of 12 digits', '138123456789', MOBILE_RULE],
    ['a mobile number starting 12', '12812345678', MOBILE_RULE],
    ['a landline without enough digits', '0351-555123', LANDLINE_RULE],
    ['a landline with too many digits', '0351-555123456', LANDLINE_RULE],
    ['an area code starting 00', '0035-5551234', LANDLINE_RULE],
    ['a local number starting 0', '0351-0551234', LANDLINE_RULE],
    [
      'a local number without its area code',
      '5551234',
      'phone must be a mobile number (11 digits starting 1) or a landline with its area code (starting 0)',
    ],
    ['letters', '138abcd5678', 'phone must contain only digits, spaces and hyphens'],
    ['the +86 prefix', '+86 13812345678', 'phone must contain only digits, spaces and hyphens'],
    ['brackets around the area code', '(0351)5551234', 'phone must contain only digits, spaces and hyphens'],
    ['an empty string', '', 'phone must contain only digits, spaces and hyphens'],
  ])('refuses %s', (_case, value, reason) => {
    expect(reasonFor(value)).toBe(reason);
  });

  it.each([
    ['1381234567', 'phone_mobile'],
    ['0351-555123', 'phone_landline'],
    ['5551234', 'phone_kind'],
    ['+86 13812345678', 'phone_characters'],
  ])('answers %s with the code %s', (value, code) => {
    expect(checkPhone(value)).toEqual({ code, params: {} });
  });

  it('is named by the field it is reported for', () => {
    expect(reasonFor('123', 'contactPhone')).toMatch(/^contactPhone must be a mobile number/);
  });
});

describe('normalizePhone', () => {
  it.each([
    ['0351-5551234', '03515551234'],
    [' 138 1234-5678 ', '13812345678'],
    ['13812345678', '13812345678'],
  ])('%p becomes %p', (value, expected) => {
    expect(normalizePhone(value)).toBe(expected);
  });
});

class Contact {
  @IsOptional()
  @IsPhone()
  phone?: string | null;
}

function contact(phone: unknown): Contact {
  return Object.assign(new Contact(), { phone });
}

describe('@IsPhone', () => {
  it.each([['13812345678'], ['0351-5551234'], [null], [undefined]])('accepts %p (absent values through @IsOptional)', async (value) => {
    await expect(validate(contact(value))).resolves.toEqual([]);
  });

  it.each([
    ['1381234567', MOBILE_RULE],
    ['0351-555', LANDLINE_RULE],
    [13812345678, 'phone must be a string'],
  ])('refuses %p with the reason as its message', async (value, message) => {
    const errors = await validate(contact(value));
    expect(errors).toHaveLength(1);
    expect(errors[0].constraints).toEqual({ isPhone: message });
  });
});
