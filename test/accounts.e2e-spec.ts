import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { UsersService } from '../src/users/users.service.js';
import { createUser, signIn } from './support/accounts.js';
import { createRegionTree } from './support/fixtures.js';
import { countRows, http } from './support/http.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

describe('accounts and sign-in', () => {
  let t: TestApp;
  let townshipId: number;
  let villageIds: number[];
  // In English: these tests read the English messages (messages.e2e-spec.ts has the Chinese ones).
  const login = (body: object, address = '10.0.0.1') =>
    request(t.app.getHttpServer()).post('/api/auth/login').set('X-Forwarded-For', address).set('Accept-Language', 'en').send(body);

  beforeAll(async () => {
    t = await startTestApp();
    ({ townshipId, villageIds } = await createRegionTree(t, ['孟封村', '小武村']));
  });
  afterAll(() => t.dispose());

  it('signs in the first admin made from ADMIN_PASSWORD, with a token that expires', async () => {
    t.clock.freeze('2021-12-23T00:00:00Z');
    const res = await login({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
    expect(res.body).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      expiresAt: '2021-12-23T08:00:00.000Z',
      user: { id: 1, username: 'admin', displayName: '系统管理员', role: 'admin' },
    });
    const me = await http(t, res.body.accessToken).get('/api/auth/me').expect(200);
    expect(me.body).toEqual({ id: 1, username: 'admin', displayName: '系统管理员', role: 'admin', scope: [] });
  });

  it('creates no second first admin once an account exists', async () => {
    await expect(t.app.get(UsersService).ensureFirstAdmin('another-password-123')).resolves.toEqual({ created: false });
    expect(await countRows(t, 'users')).toBe(1);
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const wrongPassword = await login({ username: 'admin', password: 'not-the-password' }, '10.0.0.2').expect(401);
    const unknownUser = await login({ username: 'nobody', password: 'not-the-password' }, '10.0.0.2').expect(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrongPassword.body)).toEqual(strip(unknownUser.body));
    expect([wrongPassword.body.code, wrongPassword.body.message]).toEqual(['wrong_credentials', 'Wrong username or password']);
  });

  it.each([
    [{ username: 'admin' }, 'password', 'required', /password is required/],
    [{ username: ['admin'], password: 'x' }, 'username', 'not_a_string', /username must be a string/],
    [{ username: 'admin', password: 'x', remember: true }, 'remember', 'unknown_field', /Field "remember" is not accepted/],
  ])('answers a malformed sign-in %p with 400', async (body, field, code, message) => {
    const res = await login(body, '10.0.0.3').expect(400);
    expect(res.body).toMatchObject({ code: 'validation_failed', fields: [{ field, code }] });
    expect(res.body.message).toMatch(message);
  });

  it('throttles repeated failures per account with 429 and Retry-After, even with the right password', async () => {
    const user = await createUser(t, { username: 'target.user', role: 'staff', scope: [{ level: 'township', id: townshipId }] });
    for (let i = 0; i < 5; i++) await login({ username: 'target.user', password: `guess-${i}` }, `10.1.0.${i}`).expect(401);
    const blocked = await login({ username: 'target.user', password: '清徐县修缮进度-口令-2021' }, '10.1.0.9').expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body.code).toBe('too_many_attempts');
    expect(blocked.body.message).toMatch(/Too many failed sign-ins/);
    // Sixteen minutes later the window has passed.
    t.clock.freeze(new Date(Date.now() + 16 * 60_000));
    await login({ username: 'target.user', password: '清徐县修缮进度-口令-2021' }, '10.1.0.9').expect(200);
    expect(user.id).toBeGreaterThan(1);
  });

  it('throttles repeated failures per address across accounts', async () => {
    for (let i = 0; i < 20; i++) await login({ username: `spray${i}`, password: 'password-spray' }, '10.2.0.1').expect(401);
    await login({ username: 'admin', password: ADMIN_PASSWORD }, '10.2.0.1').expect(429);
    await login({ username: 'admin', password: ADMIN_PASSWORD }, '10.2.0.2').expect(200);
  });

  describe('managing accounts', () => {
    it('creates a user without ever returning a password or its hash', async () => {
      const res = await http(t)
        .post('/api/users')
        .send({
          username: 'zhao.township',
          password: '赵镇长的长口令-2021',
          displayName: '赵镇',
          role: 'supervisor',
          scope: [{ level: 'township', id: townshipId }],
        })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        username: 'zhao.township',
        displayName: '赵镇',
        role: 'supervisor',
        scope: [{ level: 'township', id: townshipId, name: '孟封镇' }],
        disabled: false,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const all = await http(t).get('/api/users').expect(200);
      expect(JSON.stringify(all.body)).not.toMatch(/password|argon2|hash/i);
      const [stored] = await t.dataSource.query(`SELECT password_hash FROM users WHERE username = 'zhao.township'`);
      expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    });

    it.each([
      [{ username: 'zhao.township' }, 409, 'username_taken', /taken/],
      [{ username: 'x' }, 400, 'invalid_username', /username must be 3–50/],
      [{ password: 'short' }, 400, 'too_short', /password must be at least 10 characters/],
      [{ password: 'new.user-2021-secret' }, 400, 'password_contains_username', /must not contain the username/],
      [{ role: 'mayor' }, 400, 'not_one_of', /role must be one of/],
      [{ scope: [] }, 400, 'scope_empty', /scope must name at least one region for a staff/],
      [{ scope: [{ level: 'village', id: 999 }] }, 400, 'scope_region_unknown', /scope\[0\]: village 999 does not exist/],
      // A township's id given as a county's.
      [{ scope: [{ level: 'county', id: 2 }] }, 400, 'scope_region_unknown', /scope\[0\]: county 2 does not exist/],
    ])('refuses %p with %d (%s)', async (override, status, code, message) => {
      const body = {
        username: 'new.user',
        password: '一个合格的长口令-2021',
        displayName: '新用户',
        role: 'staff',
        scope: [{ level: 'township', id: townshipId }],
        ...override,
      };
      const before = await countRows(t, 'users');
      const res = await http(t).post('/api/users').set('Accept-Language', 'en').send(body).expect(status);
      expect(status === 400 ? res.body.fields[0].code : res.body.code).toBe(code);
      expect(res.body.message).toMatch(message);
      expect(await countRows(t, 'users')).toBe(before);
    });

    it('disabling a user ends their sessions and their sign-ins', async () => {
      const user = await createUser(t, { username: 'leaving.clerk', role: 'staff', scope: [{ level: 'village', id: villageIds[0] }] });
      await http(t, user.token).get('/api/households').expect(200);
      await http(t).patch(`/api/users/${user.id}`).send({ disabled: true }).expect(200);
      await http(t, user.token).get('/api/households').expect(401);
      await login({ username: 'leaving.clerk', password: '清徐县修缮进度-口令-2021' }, '10.3.0.1').expect(401);
    });

    it('a role or scope change takes effect on the next request', async () => {
      const user = await createUser(t, { username: 'moving.clerk', role: 'staff', scope: [{ level: 'village', id: villageIds[0] }] });
      const h = (await http(t).post('/api/households').send({ villageId: villageIds[1], householder: '小武户', grade: 'B' }).expect(201))
        .body;
      await http(t, user.token).get(`/api/households/${h.id}`).expect(404);
      await http(t)
        .patch(`/api/users/${user.id}`)
        .send({ scope: [{ level: 'village', id: villageIds[1] }] })
        .expect(200);
      await http(t, user.token).get(`/api/households/${h.id}`).expect(200);
      await http(t).patch(`/api/users/${user.id}`).send({ role: 'supervisor' }).expect(200);
      await http(t, user.token).patch(`/api/households/${h.id}`).send({ version: 1, rooms: 3 }).expect(403);
    });

    it('an admin resets a password: the old one and old tokens stop working', async () => {
      const user = await createUser(t, { username: 'forgetful', role: 'inspector', scope: [{ level: 'township', id: townshipId }] });
      await http(t).patch(`/api/users/${user.id}`).send({ password: '管理员重置的新口令-99' }).expect(200);
      await http(t, user.token).get('/api/auth/me').expect(401);
      await login({ username: 'forgetful', password: '清徐县修缮进度-口令-2021' }, '10.4.0.1').expect(401);
      await signIn(t, 'forgetful', '管理员重置的新口令-99');
    });

    it('a user changes their own password', async () => {
      const user = await createUser(t, { username: 'careful', role: 'staff', scope: [{ level: 'township', id: townshipId }] });
      const wrong = await http(t, user.token)
        .post('/api/auth/password')
        .send({ currentPassword: 'wrong', newPassword: '自己换的新口令-2022' })
        .expect(400);
      expect(wrong.body).toMatchObject({
        code: 'validation_failed',
        fields: [{ field: 'currentPassword', code: 'wrong_current_password', message: '当前密码不对：不是您现在的密码' }],
      });
      await http(t, user.token)
        .post('/api/auth/password')
        .send({ currentPassword: '清徐县修缮进度-口令-2021', newPassword: 'careful-自己换' })
        .expect(400);
      await http(t, user.token)
        .post('/api/auth/password')
        .send({ currentPassword: '清徐县修缮进度-口令-2021', newPassword: '自己换的新口令-2022' })
        .expect(204);
      await http(t, user.token).get('/api/auth/me').expect(401);
      await signIn(t, 'careful', '自己换的新口令-2022');
    });

    it('refuses to disable or demote the last active admin', async () => {
      const refused = await http(t).patch('/api/users/1').send({ disabled: true }).expect(409);
      expect([refused.body.code, refused.body.message]).toEqual([
        'last_admin',
        '这是最后一个可用的系统管理员账号：请先设置另一位系统管理员',
      ]);
      await http(t)
        .patch('/api/users/1')
        .send({ role: 'staff', scope: [{ level: 'township', id: townshipId }] })
        .expect(409);
      await http(t).get('/api/auth/me').expect(200);
    });

    it('records who made each change: history and edits carry the signed-in user', async () => {
      const clerk = await createUser(t, {
        username: 'wang.clerk',
        displayName: '王办事员',
        role: 'staff',
        scope: [{ level: 'township', id: townshipId }],
      });
      const h = (
        await http(t, clerk.token).post('/api/households').send({ villageId: villageIds[0], householder: '归属户', grade: 'C' }).expect(201)
      ).body;
      await http(t, clerk.token).patch(`/api/households/${h.id}`).set('X-Actor', 'someone-else').send({ version: 1, rooms: 2 }).expect(200);
      const history = await http(t).get(`/api/households/${h.id}/history`).expect(200);
      expect(history.body[0].actor).toBe('王办事员');
      const edits = await http(t).get(`/api/households/${h.id}/edits`).expect(200);
      expect(edits.body[0].actor).toBe('王办事员');
      const [row] = await t.dataSource.query(`SELECT actor_user_id FROM status_changes WHERE household_id = ${h.id}`);
      expect(Number(row.actor_user_id)).toBe(clerk.id);
    });
  });
});
