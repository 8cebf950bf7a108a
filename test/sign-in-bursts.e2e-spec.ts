import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { PasswordHasher } from '../src/users/password-hasher.js';
import { createUser } from './support/accounts.js';
import { createRegionTree } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const RIGHT_PASSWORD = '清徐县修缮进度-口令-2021';

/**
 * Sign-ins sent at the same moment: the throttle must count each attempt before its password
 * is checked, and the password queue must refuse at once rather than grow.
 */
describe('sign-in bursts', () => {
  let t: TestApp;
  let townshipId: number;
  /** Passwords actually checked (argon2 ran to an answer), counted through the real hasher. */
  let checked = 0;
  const login = (username: string, password: string, address: string) =>
    request(t.app.getHttpServer()).post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password });

  beforeAll(async () => {
    t = await startTestApp();
    ({ townshipId } = await createRegionTree(t, ['孟封村']));
    const hasher = t.app.get(PasswordHasher);
    const verify = hasher.verify.bind(hasher);
    jest.spyOn(hasher, 'verify').mockImplementation(async (hash, password) => {
      const answer = await verify(hash, password);
      checked++;
      return answer;
    });
  });
  afterAll(() => t.dispose());

  it('checks at most 5 of 60 wrong passwords sent at once to one account, and then refuses the right one', async () => {
    await createUser(t, { username: 'burst.target', role: 'staff', scope: [{ level: 'township', id: townshipId }] });
    checked = 0;
    // From 60 addresses, so that only the account's own limit stands in the way.
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => login('burst.target', `guess-${i}`, `10.60.${i >> 8}.${i & 255}`)),
    );
    const statuses = answers.map((r) => r.status);
    expect(checked).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 401)).toHaveLength(checked);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60 - checked);
    const blocked = await login('burst.target', RIGHT_PASSWORD, '10.61.0.1');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('checks at most 20 passwords sent at once from one address, whichever accounts they name', async () => {
    checked = 0;
    // Ten at a time, so the password queue has room for all of them.
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => login(`spray${round}-${i}`, 'password-spray', '10.62.0.1')));
      statuses.push(...answers.map((r) => r.status));
    }
    expect(checked).toBe(20);
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });

  it('answers 503 with Retry-After at once when the password queue is full, without counting those attempts', async () => {
    checked = 0;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(`queued${i}`, 'password-queue', `10.63.0.${i}`)));
    const busy = answers.filter((r) => r.status === 503);
    // Two are checked at once and eight may wait; what arrives past that is refused unchecked
    // (how many depends on how fast the first ones finish while the rest arrive).
    expect(busy.length).toBeGreaterThan(0);
    expect(answers.filter((r) => r.status === 401)).toHaveLength(checked);
    expect(checked + busy.length).toBe(40);
    for (const res of busy) {
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toMatchObject({ statusCode: 503, code: 'password_check_busy' });
    }
    // A refused attempt took no place: the same address and account may still sign in.
    const first = answers.findIndex((r) => r.status === 503);
    await createUser(t, { username: `queued${first}`, role: 'staff', scope: [{ level: 'township', id: townshipId }] });
    const later = await login(`queued${first}`, RIGHT_PASSWORD, `10.63.0.${first}`);
    expect(later.status).toBe(200);
  });
});
