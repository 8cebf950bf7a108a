import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { http } from './support/http.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

/** The token lifetime the test app runs with (JWT_TTL_SECONDS' default). */
const TTL_SECONDS = 8 * 3600;

describe('access tokens and the clock', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.dispose());

  it('are issued, and expire, by the application clock, not the machine time', async () => {
    t.clock.freeze('2021-12-23T04:00:00Z');
    const login = await request(t.app.getHttpServer())
      .post('/api/auth/login')
      .send({ username: 'admin', password: ADMIN_PASSWORD })
      .expect(200);
    const token: string = login.body.accessToken;
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    const issuedAt = Date.parse('2021-12-23T04:00:00Z') / 1000;
    expect(payload).toMatchObject({ iat: issuedAt, exp: issuedAt + TTL_SECONDS });
    expect(login.body.expiresAt).toBe('2021-12-23T12:00:00.000Z');

    // Valid until its expiry on the same clock (also once the guard has remembered it) …
    await http(t, token).get('/api/auth/me').expect(200);
    t.clock.freeze('2021-12-23T11:59:59Z');
    await http(t, token).get('/api/auth/me').expect(200);
    // … and refused from then on, though by the machine's time it expired years ago either way.
    t.clock.freeze('2021-12-23T12:00:00Z');
    await http(t, token).get('/api/auth/me').expect(401);
  });
});
