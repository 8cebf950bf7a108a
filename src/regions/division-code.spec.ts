import { describe, expect, it } from '@jest/globals';
import { renderFieldIssue } from '../common/messages/catalogue.js';
import { checkDivisionCode } from './division-code.js';

describe('checkDivisionCode', () => {
  it.each([
    ['county', '140121', null, null],
    ['township', '140121103', '140121', null],
    ['township', '140121103', null, null],
    ['village', '140121103201', '140121103', null],
    ['county', '14012', null, /6 digits/],
    ['county', '140121103', null, /6 digits/],
    ['township', '140121103000', '140121', /9 digits/],
    ['village', '14012110320a', '140121103', /12 digits/],
    ['township', '140122103', '140121', /does not start with .* 140121/],
    ['village', '140121104201', '140121103', /does not start with/],
  ] as const)('a %s coded %s under %s', (level, code, parentCode, expected) => {
    const found = checkDivisionCode(level, code, parentCode);
    if (expected === null) expect(found).toBeNull();
    else expect(renderFieldIssue('en', 'code', found!)).toMatch(expected);
  });
});
