import { BadRequestException } from '@nestjs/common';
import { ValidationFailedException } from './errors.js';
import { describe, expect, it } from '@jest/globals';
import { MAX_ID, ParseIdPipe, parseDecimalInteger } from './parse-id.pipe.js';

describe('parseDecimalInteger', () => {
  it.each([
    ['1', 1],
    ['16', 16],
    ['0', 0],
    ['2147483647', 2_147_483_647],
    ['0x10', null],
    ['01', null],
    [' 1', null],
    ['1 ', null],
    ['1e3', null],
    ['+1', null],
    ['-1', null],
    ['1.0', null],
    ['0b1', null],
    ['0o7', null],
    ['Infinity', null],
    ['１２', null], // full-width digits
    ['', null],
    ['12345678901234567', null], // past what a double holds exactly
  ])('%j → %p', (text, expected) => {
    expect(parseDecimalInteger(text)).toBe(expected);
  });
});

describe('ParseIdPipe', () => {
  const pipe = new ParseIdPipe();
  const meta = { type: 'param', data: 'id' } as const;

  it.each(['1', '42', String(MAX_ID)])('passes %j as a number', (text) => {
    expect(pipe.transform(text, meta)).toBe(Number(text));
  });

  it.each(['0', '0x10', '01', ' 1', '1e3', String(MAX_ID + 1), 'abc'])('refuses %j with a 400 naming the parameter', (text) => {
    expect(() => pipe.transform(text, meta)).toThrow(BadRequestException);
    try {
      pipe.transform(text, meta);
    } catch (error) {
      expect((error as ValidationFailedException).fields).toEqual([{ field: 'id', code: 'invalid_id', params: { max: MAX_ID } }]);
    }
  });
});
