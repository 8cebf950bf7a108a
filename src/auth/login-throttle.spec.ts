import { describe, expect, it } from '@jest/globals';
import { judgeKey, type ThrottleLimits, waitOf } from './login-throttle.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const FIFTEEN_MINUTES: ThrottleLimits = { maxAttempts: 3, windowMs: 15 * MINUTE };

describe('judgeKey', () => {
  // [what, the counted attempts' times, now, the seconds to wait (0: a place is free)]
  it.each<[string, number[], number, number]>([
    ['no attempts', [], 0, 0],
    ['max - 1 attempts in the window', [0, MINUTE], 2 * MINUTE, 0],
    ['max attempts: wait until the oldest leaves', [0, MINUTE, 2 * MINUTE], 2 * MINUTE, 13 * 60],
    ['more than max: wait until enough leave for one place', [0, MINUTE, 2 * MINUTE, 3 * MINUTE, 4 * MINUTE], 4 * MINUTE, 13 * 60],
    ['the times in any order', [2 * MINUTE, 0, MINUTE], 2 * MINUTE, 13 * 60],
    ['the same instant, max times over', [0, 0, 0], 0, 15 * 60],
    ['the oldest exactly at the window edge has left', [0, MINUTE, 2 * MINUTE], 15 * MINUTE, 0],
    ['the oldest one millisecond inside the window: the minimum 1 s', [0, MINUTE, 2 * MINUTE], 15 * MINUTE - 1, 1],
    ['a part of a second rounds up', [0, MINUTE, 2 * MINUTE], 15 * MINUTE - 1001, 2],
    ['whole seconds stay whole', [0, MINUTE, 2 * MINUTE], 15 * MINUTE - 2000, 2],
    ['attempts older than the window do not count', [-20 * MINUTE, -15 * MINUTE, 0, MINUTE], 2 * MINUTE, 0],
  ])('%s', (_, countedAt, now, wait) => {
    const verdict = judgeKey(countedAt, FIFTEEN_MINUTES, now);
    expect(waitOf(verdict)).toBe(wait);
    expect(verdict.placeFree).toBe(wait === 0);
  });

  it('allows one attempt when the limit is one, and then none', () => {
    const one: ThrottleLimits = { maxAttempts: 1, windowMs: MINUTE };
    expect(judgeKey([], one, 0)).toEqual({ placeFree: true });
    expect(judgeKey([0], one, 30 * SECOND)).toEqual({ placeFree: false, retryAfterSeconds: 30 });
  });

  it('does not reorder the caller’s times', () => {
    const countedAt = [2, 0, 1];
    judgeKey(countedAt, FIFTEEN_MINUTES, 3);
    expect(countedAt).toEqual([2, 0, 1]);
  });
});
