import { describe, expect, it } from '@jest/globals';
import { maskIdCardNumber, maskName, maskPhone } from './masking.js';

describe('maskIdCardNumber', () => {
  it.each([
    ['140121199001011234', '140121********1234'],
    ['14012119850615001x', '140121********001X'],
    [' 140121199001011234 ', '140121********1234'],
    ['14012119900101123', '*****************'],
    ['140121900101123', '***************'],
    ['', ''],
    [null, null],
    [undefined, null],
  ])('%p → %p', (value, expected) => {
    expect(maskIdCardNumber(value)).toBe(expected);
  });

  it('never keeps the birth date', () => {
    expect(maskIdCardNumber('140121199001011234')).not.toContain('19900101');
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['138 1234-5678', '138****5678'],
    ['03515551234', '0351****234'],
    ['0351-5551234', '0351****234'],
    ['0351-55512345', '0351*****345'],
    ['010-62345678', '010*****678'],
    ['021-1234567', '021****567'],
    ['5551234', '*******'],
    ['', ''],
    [null, null],
    [undefined, null],
  ])('%p → %p', (value, expected) => {
    expect(maskPhone(value)).toBe(expected);
  });
});

describe('maskName', () => {
  it.each([
    ['郑清亮', '郑*亮'],
    ['郑亮', '郑*'],
    ['欧阳清亮', '欧**亮'],
    ['郑', '*'],
    ['  郑清亮 ', '郑*亮'],
    ['', ''],
    ['   ', ''],
    ['𠀋清亮', '𠀋*亮'],
    ['王𠀋', '王*'],
  ])('%p → %p', (value, expected) => {
    expect(maskName(value)).toBe(expected);
  });
});
