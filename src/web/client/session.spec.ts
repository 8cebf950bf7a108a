import { describe, expect, it } from '@jest/globals';
import { isExpired } from './session.js';

describe('isExpired: a token within 30 s of its end counts as ended', () => {
  const now = Date.parse('2021-12-23T08:00:00.000Z');
  it.each<[string, boolean]>([
    ['2021-12-23T16:00:00.000Z', false],
    ['2021-12-23T08:00:31.000Z', false],
    ['2021-12-23T08:00:30.000Z', true],
    ['2021-12-23T07:59:59.000Z', true],
    ['not a date', true],
  ])('expiresAt %s → %s', (expiresAt, expected) => {
    expect(isExpired(expiresAt, now)).toBe(expected);
  });
});
