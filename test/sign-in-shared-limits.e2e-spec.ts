import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { placeholderFor } from '../src/database/prepared-query.js';
import { createUser } from './support/accounts.js';
import { createRegionTree } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const RIGHT_PASSWORD = '清徐县修缮进度-口令-2021';
const WINDOW_MS = 15 * 60 * 1000;

/**
 * Two instances on one database: the sign-in limits (5 per account, 20 per address, in 15
 * minutes) are counted in the database, so they hold for both together, not for each.
 */
describe('sign-in limits shared by two instances', () => {
  let a: TestApp;
  let b: TestApp;
  let start: number;

  const login = (t: TestApp, username: string, password: string, address: string) =>
    request(t.app.getHttpServer()).post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password });
  /** Instance a for even turns, b for odd ones. */
  const alternate = (turn: number) => (turn % 2 === 0 ? a : b);
  /** The rows the database keeps for a throttle key. */
  /** The rows counted for `account:name` or `address:ip`, which the table keeps as a digest of the name or address. */
  const rowsFor = async (key: string) => {
    const p = placeholderFor(a.dataSource);
    const [kind, value] = key.split(/:(.*)/);
    const digest = `${kind}:${createHash('sha256').update(value).digest('base64url')}`;
    const [{ n }] = await a.dataSource.query(`SELECT COUNT(*) AS n FROM sign_in_attempts WHERE key = ${p(1)}`, [digest]);
    return Number(n);
  };

  beforeAll(async () => {
    a = await startTestApp();
    b = await a.another();
    const { townshipId } = await createRegionTree(a, ['孟封村']);
    for (const username of ['shared.wang', 'shared.li', 'shared.zhao']) {
      await createUser(a, { username, role: 'staff', scope: [{ level: 'township', id: townshipId }] });
    }
    // Both instances read the same test clock.
    start = a.clock.now().getTime();
    a.clock.freeze(new Date(start));
  });
  afterAll(async () => {
    await b.close();
    await a.dispose();
  });

  it('refuses an account after 5 wrong passwords in all, alternated between the instances, until the window passes', async () => {
    // From a new address each time, so that only the account's limit stands in the way.
    for (let turn = 0; turn < 5; turn++) {
      expect((await login(alternate(turn), 'shared.wang', `guess-${turn}`, `10.70.0.${turn}`)).status).toBe(401);
    }
    for (const t of [a, b]) {
      const refused = await login(t, 'Shared.Wang ', RIGHT_PASSWORD, '10.70.1.1');
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('900');
      expect(refused.body).toMatchObject({ statusCode: 429, code: 'too_many_attempts' });
    }

    expect(await rowsFor('address:10.70.0.0')).toBe(1);

    a.clock.freeze(new Date(start + WINDOW_MS));
    expect((await login(b, 'shared.wang', 'one more guess', '10.70.2.1')).status).toBe(401);
    // The five that left the window were deleted as the key was used again, and so were the rows
    // of addresses not seen since (the instance sweeps the whole table once a minute).
    expect(await rowsFor('account:shared.wang')).toBe(1);
    expect(await rowsFor('address:10.70.0.0')).toBe(0);
    expect((await login(a, 'shared.wang', RIGHT_PASSWORD, '10.70.2.2')).status).toBe(200);
  });

  it('checks at most 5 of 60 wrong passwords sent at once to one account through both instances', async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => login(alternate(i), 'shared.zhao', `burst-${i}`, `10.73.${i >> 8}.${i & 255}`)),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(55);
  });

  it('forgives on one instance the failures made on the other when the right password comes', async () => {
    for (let turn = 0; turn < 4; turn++) {
      expect((await login(a, 'shared.li', `guess-${turn}`, `10.71.0.${turn}`)).status).toBe(401);
    }
    expect((await login(b, 'shared.li', RIGHT_PASSWORD, '10.71.1.1')).status).toBe(200);
    expect(await rowsFor('account:shared.li')).toBe(0);
    // Five more wrong ones are checked (only one would be, had the first four stayed counted), then none.
    for (let turn = 0; turn < 5; turn++) {
      expect((await login(alternate(turn), 'shared.li', `again-${turn}`, `10.71.2.${turn}`)).status).toBe(401);
    }
    expect((await login(b, 'shared.li', RIGHT_PASSWORD, '10.71.3.1')).status).toBe(429);
  });

  it('refuses an address after 20 wrong passwords in all, alternated between the instances, whichever accounts they name', async () => {
    for (let turn = 0; turn < 20; turn++) {
      expect((await login(alternate(turn), `sprayed-${turn}`, 'password-spray', '10.72.0.1')).status).toBe(401);
    }
    for (const t of [a, b]) {
      const refused = await login(t, 'sprayed-new', 'password-spray', '10.72.0.1');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Another address may still try the same names.
    expect((await login(b, 'sprayed-new', 'password-spray', '10.72.0.2')).status).toBe(401);
  });
});
