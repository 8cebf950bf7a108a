import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser, signIn, type TestUser } from './support/accounts.js';
import { createRegionTree } from './support/fixtures.js';
import { http } from './support/http.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

/** The password support/accounts.ts createUser gives every account. */
const USER_PASSWORD = '清徐县修缮进度-口令-2021';

/**
 * Account changes racing on two instances of one PostgreSQL database. Each race holds every
 * users row locked from a third connection until both requests are waiting inside their
 * transactions, then lets them go together: both passed sign-in and read what they read before
 * the other wrote, which is the moment a check made outside a lock gets wrong.
 */
describe('account changes on two instances at the same moment', () => {
  let a: TestApp;
  let b: TestApp;
  let townshipId: number;
  /** The first admin and a second one, with their current tokens. */
  let admins: (TestUser & { password: string })[];
  let resetUser: TestUser;
  let ownUser: TestUser;

  beforeAll(async () => {
    a = await startTestApp();
    b = await a.another();
    ({ townshipId } = await createRegionTree(a, ['孟封村']));
    const second = await createUser(a, { username: 'second.admin', role: 'admin', scope: [] });
    const first: TestUser = { id: 1, username: 'admin', displayName: '系统管理员', role: 'admin', token: a.adminToken };
    admins = [
      { ...first, password: ADMIN_PASSWORD },
      { ...second, password: USER_PASSWORD },
    ];
    resetUser = await createUser(a, { username: 'reset.twice', role: 'staff', scope: [{ level: 'township', id: townshipId }] });
    ownUser = await createUser(a, { username: 'changes.twice', role: 'inspector', scope: [{ level: 'township', id: townshipId }] });
  });
  afterAll(async () => {
    await b.close();
    await a.dispose();
  });

  /** Sends `requests` while the users rows are locked; releases them once `waiting` wait for the lock. */
  async function together<T>(requests: PromiseLike<T>[], waiting = requests.length): Promise<T[]> {
    const gate = a.dataSource.createQueryRunner();
    await gate.connect();
    await gate.startTransaction();
    await gate.query('SELECT id FROM users FOR UPDATE');
    const sent = Promise.all(requests.map((r) => Promise.resolve(r)));
    try {
      const deadline = Date.now() + 10_000;
      while ((await lockWaits()) < waiting) {
        if (Date.now() > deadline) throw new Error(`Fewer than ${waiting} requests reached the users rows' lock`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await gate.commitTransaction();
      await gate.release();
    }
    return sent;
  }

  async function lockWaits(): Promise<number> {
    const [{ n }] = await a.dataSource.query(
      `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return Number(n);
  }

  async function activeAdminIds(): Promise<number[]> {
    const rows = await a.dataSource.query(`SELECT id FROM users WHERE role = 'admin' AND NOT disabled ORDER BY id`);
    return rows.map((r: { id: unknown }) => Number(r.id));
  }

  async function tokenVersion(id: number): Promise<number> {
    const [row] = await a.dataSource.query('SELECT token_version FROM users WHERE id = $1', [id]);
    return Number(row.token_version);
  }

  const signsIn = async (t: TestApp, username: string, password: string) =>
    (await request(t.app.getHttpServer()).post('/api/auth/login').set('X-Forwarded-For', '10.9.0.1').send({ username, password }))
      .status === 200;

  it('runs on PostgreSQL, one database, two instances', () => {
    expect(a.dataSource.options.type).toBe('postgres');
    expect(b.dataSource).not.toBe(a.dataSource);
  });

  it('two admins disabling or demoting each other at once: one wins, the other gets 409, an admin always remains', async () => {
    const demote = { role: 'staff', scope: [{ level: 'township', id: townshipId }] };
    const changes = [
      [{ disabled: true }, { disabled: true }],
      [demote, demote],
      [{ disabled: true }, demote],
    ];
    for (let round = 0; round < 10; round++) {
      expect(await activeAdminIds()).toEqual(admins.map((u) => u.id));
      // Alternate which admin sends from which instance, and what each does to the other.
      const [first, second] = round % 2 === 0 ? admins : [admins[1], admins[0]];
      const [firstChange, secondChange] = changes[round % changes.length];
      const [fromA, fromB] = await together([
        http(a, first.token).patch(`/api/users/${second.id}`).send(firstChange),
        http(b, second.token).patch(`/api/users/${first.id}`).send(secondChange),
      ]);
      expect([fromA.status, fromB.status].sort()).toEqual([200, 409]);
      const refused = fromA.status === 409 ? fromA : fromB;
      expect(refused.body.code).toBe('last_admin');
      const [winner, loser] = fromA.status === 200 ? [first, second] : [second, first];
      expect(await activeAdminIds()).toEqual([winner.id]);
      // The next round starts from two admins again: the winner restores the loser, who signs in anew.
      await http(b, winner.token).patch(`/api/users/${loser.id}`).send({ role: 'admin', disabled: false }).expect(200);
      loser.token = await signIn(a, loser.username, loser.password);
    }
  }, 120_000);

  it('two password resets of one user at once end its sessions twice over: token_version grows by 2', async () => {
    const user = resetUser;
    const before = await tokenVersion(user.id);
    const [fromA, fromB] = await together([
      http(a, admins[0].token).patch(`/api/users/${user.id}`).send({ password: '实例甲重置的口令-2021' }),
      http(b, admins[1].token).patch(`/api/users/${user.id}`).send({ password: '实例乙重置的口令-2021' }),
    ]);
    expect([fromA.status, fromB.status]).toEqual([200, 200]);
    expect(await tokenVersion(user.id)).toBe(before + 2);
    await http(a, user.token).get('/api/auth/me').expect(401);
    // One of the two passwords is the one stored, whole.
    const works = [await signsIn(a, 'reset.twice', '实例甲重置的口令-2021'), await signsIn(b, 'reset.twice', '实例乙重置的口令-2021')];
    expect(works.filter(Boolean)).toHaveLength(1);
  });

  it('two changes of one own password at once: the first wins, the second is told its current password is gone', async () => {
    const user = ownUser;
    const before = await tokenVersion(user.id);
    const current = USER_PASSWORD;
    const [fromA, fromB] = await together([
      http(a, user.token).post('/api/auth/password').send({ currentPassword: current, newPassword: '甲实例上换的口令-2022' }),
      http(b, user.token).post('/api/auth/password').send({ currentPassword: current, newPassword: '乙实例上换的口令-2022' }),
    ]);
    expect([fromA.status, fromB.status].sort()).toEqual([204, 400]);
    expect((fromA.status === 400 ? fromA : fromB).body.fields).toEqual([
      { field: 'currentPassword', code: 'wrong_current_password', message: '当前密码不对：不是您现在的密码' },
    ]);
    expect(await tokenVersion(user.id)).toBe(before + 1);
    const winner = fromA.status === 204 ? '甲实例上换的口令-2022' : '乙实例上换的口令-2022';
    const loser = fromA.status === 204 ? '乙实例上换的口令-2022' : '甲实例上换的口令-2022';
    expect([await signsIn(a, 'changes.twice', winner), await signsIn(b, 'changes.twice', loser)]).toEqual([true, false]);
  });
});
