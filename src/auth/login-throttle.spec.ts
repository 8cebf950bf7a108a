import { describe, expect, it } from '@jest/globals';
import { type Attempt, LoginThrottle, waitOf as waitFor } from './login-throttle.js';

const MINUTE = 60_000;

function reserved(throttle: LoginThrottle, key: string, now: number): Attempt {
  const answer = throttle.reserve(key, now);
  if (!('attempt' in answer)) throw new Error(`expected a place for ${key} at ${now}, got a wait of ${answer.retryAfterSeconds} s`);
  return answer.attempt;
}

/** Asks for a place (and takes it when there is one): the seconds to wait, or 0. */
const waitOf = (throttle: LoginThrottle, key: string, now: number) => waitFor(throttle.reserve(key, now));

describe('LoginThrottle', () => {
  it('lets a key fail up to the limit, then blocks it until the oldest failure leaves the window', () => {
    const throttle = new LoginThrottle({ maxAttempts: 3, windowMs: 15 * MINUTE });
    for (const t of [0, MINUTE, 2 * MINUTE]) throttle.fail(reserved(throttle, 'account:wang', t));
    expect(waitOf(throttle, 'account:wang', 2 * MINUTE)).toBe(13 * 60);
    expect(waitOf(throttle, 'account:wang', 15 * MINUTE - 1)).toBe(1);
    expect(waitOf(throttle, 'account:wang', 15 * MINUTE)).toBe(0);
  });

  it('counts attempts when they are reserved, so a burst gets no more places than the limit', () => {
    const throttle = new LoginThrottle({ maxAttempts: 5, windowMs: 15 * MINUTE });
    // 60 requests at the same instant, none of them settled yet.
    const answers = Array.from({ length: 60 }, () => throttle.reserve('account:wang', 0));
    expect(answers.filter((a) => 'attempt' in a)).toHaveLength(5);
    expect(answers.filter((a) => 'retryAfterSeconds' in a)).toHaveLength(55);
  });

  it('keeps attempts under way counted when another one succeeds beside them', () => {
    const throttle = new LoginThrottle({ maxAttempts: 2, windowMs: MINUTE });
    const right = reserved(throttle, 'account:wang', 0);
    reserved(throttle, 'account:wang', 0); // still being checked
    throttle.succeed(right);
    reserved(throttle, 'account:wang', 1);
    expect(waitOf(throttle, 'account:wang', 2)).toBeGreaterThan(0);
  });

  it('forgives earlier failures on a success', () => {
    const throttle = new LoginThrottle({ maxAttempts: 2, windowMs: MINUTE });
    throttle.fail(reserved(throttle, 'account:wang', 0));
    throttle.succeed(reserved(throttle, 'account:wang', 1));
    reserved(throttle, 'account:wang', 2);
    expect(waitOf(throttle, 'account:wang', 3)).toBe(0);
  });

  it('gives a released place back without forgiving failures', () => {
    const throttle = new LoginThrottle({ maxAttempts: 2, windowMs: MINUTE });
    throttle.fail(reserved(throttle, 'account:wang', 0));
    throttle.release(reserved(throttle, 'account:wang', 1));
    const last = reserved(throttle, 'account:wang', 2);
    expect(waitOf(throttle, 'account:wang', 3)).toBeGreaterThan(0);
    throttle.release(last);
    expect(waitOf(throttle, 'account:wang', 4)).toBe(0);
  });

  it('counts keys apart', () => {
    const throttle = new LoginThrottle({ maxAttempts: 1, windowMs: MINUTE });
    throttle.fail(reserved(throttle, 'account:wang', 0));
    expect(waitOf(throttle, 'account:wang', 0)).toBeGreaterThan(0);
    expect(waitOf(throttle, 'account:li', 0)).toBe(0);
  });
});
