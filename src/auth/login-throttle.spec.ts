import { describe, expect, it } from '@jest/globals';
import { LoginThrottle } from './login-throttle.js';

const MINUTE = 60_000;

describe('LoginThrottle', () => {
  it('lets a key fail up to the limit, then blocks it until the oldest failure leaves the window', () => {
    const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 15 * MINUTE });
    for (const t of [0, MINUTE, 2 * MINUTE]) {
      expect(throttle.retryAfter('account:wang', t)).toBe(0);
      throttle.recordFailure('account:wang', t);
    }
    expect(throttle.retryAfter('account:wang', 2 * MINUTE)).toBe(13 * 60);
    expect(throttle.retryAfter('account:wang', 15 * MINUTE - 1)).toBe(1);
    expect(throttle.retryAfter('account:wang', 15 * MINUTE)).toBe(0);
  });

  it('counts keys apart', () => {
    const throttle = new LoginThrottle({ maxFailures: 1, windowMs: MINUTE });
    throttle.recordFailure('account:wang', 0);
    expect(throttle.retryAfter('account:wang', 0)).toBeGreaterThan(0);
    expect(throttle.retryAfter('account:li', 0)).toBe(0);
  });

  it('forgets a key on reset (a successful sign-in)', () => {
    const throttle = new LoginThrottle({ maxFailures: 1, windowMs: MINUTE });
    throttle.recordFailure('account:wang', 0);
    throttle.reset('account:wang');
    expect(throttle.retryAfter('account:wang', 0)).toBe(0);
  });
});
