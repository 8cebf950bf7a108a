import { describe, expect, it } from '@jest/globals';
import { jsonDepthExceeds } from './app-validation.pipe.js';

const nested = (depth: number, open = '{"a":', close = '}') => JSON.parse(open.repeat(depth) + '1' + close.repeat(depth));

describe('jsonDepthExceeds', () => {
  it.each([
    [1, 32, false],
    [{}, 0, true],
    [{}, 1, false],
    [{ a: { b: 1 } }, 2, false],
    [{ a: { b: 1 } }, 1, true],
    [[[[]]], 3, false],
    [[[[]]], 2, true],
    [{ a: [1, { b: null }] }, 3, false],
    [{ a: [1, { b: null }] }, 2, true],
  ])('%j nested past %i levels: %p', (value, limit, expected) => {
    expect(jsonDepthExceeds(value, limit)).toBe(expected);
  });

  it.each([
    [32, false],
    [33, true],
    [100_000, true],
  ])('an object %i levels deep passes 32: %p (without overflowing the stack)', (depth, expected) => {
    expect(jsonDepthExceeds(nested(depth), 32)).toBe(expected);
    expect(jsonDepthExceeds(nested(depth, '[', ']'), 32)).toBe(expected);
  });
});
