import { describe, expect, it } from '@jest/globals';
import { VerifiedTokens } from './verified-tokens.js';

describe('VerifiedTokens', () => {
  it.each([
    { what: 'well before expiry', exp: 1000, now: 10, hit: true },
    { what: 'one second before expiry', exp: 1000, now: 999, hit: true },
    { what: 'at the expiry second (jsonwebtoken treats it as expired)', exp: 1000, now: 1000, hit: false },
    { what: 'after expiry', exp: 1000, now: 5000, hit: false },
    { what: 'a payload without exp (never cached as valid)', exp: undefined, now: 10, hit: false },
  ])('$what: hit=$hit', ({ exp, now, hit }) => {
    const tokens = new VerifiedTokens<{ sub: number; exp?: number }>();
    tokens.remember('a.b.c', { sub: 1, exp });
    expect(tokens.get('a.b.c', now)).toEqual(hit ? { sub: 1, exp } : undefined);
  });

  it('forgets an expired token and knows nothing of unseen ones', () => {
    const tokens = new VerifiedTokens<{ exp: number }>();
    tokens.remember('old', { exp: 5 });
    expect(tokens.get('old', 6)).toBeUndefined();
    expect(tokens.size).toBe(0);
    expect(tokens.get('never-seen', 0)).toBeUndefined();
  });

  it('never holds more than its capacity', () => {
    const tokens = new VerifiedTokens<{ exp: number }>(3);
    for (let i = 0; i < 10; i++) tokens.remember(`t${i}`, { exp: 100 });
    expect(tokens.size).toBeLessThanOrEqual(3);
    expect(tokens.get('t9', 0)).toEqual({ exp: 100 });
  });
});
