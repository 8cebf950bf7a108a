import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import type { Role } from '../src/users/roles.js';
import { createUser, type TestUser } from './support/accounts.js';
import { createHousehold } from './support/fixtures.js';
import { http } from './support/http.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

/** What a role's request touches: something in its scope, or something outside it. */
interface Target {
  household: number;
  village: number;
}

type Call = { body?: unknown; query?: string };
type Expect = number[];

/**
 * Every route the application documents, with who may call it. `call` builds a valid request
 * against a target; `inScope` / `outOfScope` list the statuses an allowed role may get (a write
 * that reaches its handler with a stale version answers 409: allowed, and nothing written).
 * A route missing from this table fails the test.
 */
interface RouteRule {
  roles: Role[] | 'public';
  call?: (target: Target, n: number) => Call;
  inScope: Expect;
  outOfScope?: Expect;
}

const ALL: Role[] = ['admin', 'supervisor', 'staff', 'inspector'];
const OK = [200];

const RULES: Record<string, RouteRule> = {
  'GET /api/health': { roles: 'public', inScope: OK },
  'POST /api/auth/login': { roles: 'public', call: () => ({ body: { username: 'admin', password: ADMIN_PASSWORD } }), inScope: OK },
  'GET /api/auth/me': { roles: ALL, inScope: OK },
  'POST /api/auth/password': {
    roles: ALL,
    call: () => ({ body: { currentPassword: 'not the password', newPassword: '一个足够长的新口令-2022' } }),
    inScope: [400],
  },
  'GET /api/users': { roles: ['admin'], inScope: OK },
  'POST /api/users': {
    roles: ['admin'],
    call: (_t, n) => ({
      body: {
        username: `matrix${n}`,
        password: '矩阵测试用的口令-2021',
        displayName: '矩阵',
        role: 'supervisor',
        scope: [{ level: 'county', id: 1 }],
      },
    }),
    inScope: [201],
  },
  'GET /api/users/{id}': { roles: ['admin'], inScope: OK },
  'PATCH /api/users/{id}': { roles: ['admin'], call: () => ({ body: { displayName: '改名' } }), inScope: OK },
  'GET /api/regions': { roles: ALL, inScope: OK },
  'POST /api/regions': { roles: ['admin'], call: (_t, n) => ({ body: { level: 'county', name: `矩阵县${n}` } }), inScope: [201] },
  'GET /api/villages': { roles: ALL, inScope: OK },
  'POST /api/villages': { roles: ['admin'], call: (_t, n) => ({ body: { name: `矩阵村${n}`, townshipId: 2 } }), inScope: [201] },
  'GET /api/villages/{id}': { roles: ALL, inScope: OK, outOfScope: [404] },
  'GET /api/villages/{id}/remarks': { roles: ALL, inScope: OK, outOfScope: [404] },
  'POST /api/villages/{id}/remarks': {
    roles: ['admin', 'staff'],
    call: (_t, n) => ({ body: { grade: 'B', text: `矩阵备注${n}` } }),
    inScope: [201],
    outOfScope: [404],
  },
  'GET /api/villages/{id}/public-notice': { roles: ALL, call: () => ({ query: '?format=csv' }), inScope: OK, outOfScope: [404] },
  'GET /api/households': { roles: ALL, inScope: OK },
  'POST /api/households': {
    roles: ['admin', 'staff'],
    call: (t) => ({ body: { villageId: t.village, householder: '矩阵户', grade: 'B' } }),
    inScope: [201],
    // The village is named in the body, not the path: it is "not a known village".
    outOfScope: [400],
  },
  'GET /api/households/{id}': { roles: ALL, inScope: OK, outOfScope: [404] },
  // The whole scope without villageId; a village outside it is a 404.
  'GET /api/households/export': {
    roles: ALL,
    call: (t) => ({ query: `?format=csv&villageId=${t.village}` }),
    inScope: OK,
    outOfScope: [404],
  },
  'GET /api/imports/template': { roles: ['admin', 'staff'], call: () => ({ query: '?format=csv' }), inScope: OK },
  // A JSON body is not an upload: 415 for the roles that may import (the upload itself is test/imports.e2e-spec.ts).
  'POST /api/imports': { roles: ['admin', 'staff'], call: () => ({ body: { file: 'x' } }), inScope: [415] },
  'GET /api/imports': { roles: ['admin', 'staff'], inScope: OK },
  // No import has the household's id: the roles that may import get 404.
  'GET /api/imports/{id}': { roles: ['admin', 'staff'], inScope: [404] },
  'POST /api/imports/{id}/commit': { roles: ['admin', 'staff'], call: () => ({ body: {} }), inScope: [404] },
  'GET /api/imports/{id}/errors': { roles: ['admin', 'staff'], call: () => ({ query: '?format=csv' }), inScope: [404] },
  'PATCH /api/households/{id}': {
    roles: ['admin', 'staff'],
    call: () => ({ body: { version: 999, remarks: '矩阵' } }),
    inScope: [409],
    outOfScope: [404],
  },
  'GET /api/households/{id}/edits': { roles: ALL, inScope: OK, outOfScope: [404] },
  'GET /api/households/{id}/history': { roles: ALL, inScope: OK, outOfScope: [404] },
  'POST /api/households/{id}/transitions': {
    roles: ['admin', 'staff', 'inspector'],
    call: () => ({ body: { to: 'in_progress', occurredOn: '2021-12-24', version: 999 } }),
    inScope: [409],
    outOfScope: [404],
  },
  // Each item is judged alone: the batch answers 200 with the item's outcome (conflict, or not_found out of scope).
  'POST /api/transitions/batch': {
    roles: ['admin', 'staff', 'inspector'],
    call: (t, n) => ({
      body: {
        items: [
          {
            clientId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
            householdId: t.household,
            to: 'in_progress',
            occurredOn: '2021-12-24',
            version: 999,
          },
        ],
      },
    }),
    inScope: OK,
    outOfScope: OK,
  },
  'GET /api/households/{id}/record': { roles: ALL, inScope: OK, outOfScope: [404] },
  'GET /api/households/{id}/acceptance-form': { roles: ALL, call: () => ({ query: '?format=pdf' }), inScope: OK, outOfScope: [404] },
  // A JSON body is not an upload: 415 for the roles that record work or acceptance, after the
  // scope check (uploads themselves are test/photos.e2e-spec.ts).
  'POST /api/households/{id}/photos': {
    roles: ['admin', 'staff', 'inspector'],
    call: () => ({ body: { stage: 'after' } }),
    inScope: [415],
    outOfScope: [404],
  },
  'GET /api/households/{id}/photos': { roles: ALL, inScope: OK, outOfScope: [404] },
  // No photo has the household's id: 404 for the roles that may ask (photos in and out of scope: test/photos.e2e-spec.ts).
  'GET /api/photos/{id}': { roles: ALL, inScope: [404] },
  'GET /api/photos/{id}/thumbnail': { roles: ALL, inScope: [404] },
  'DELETE /api/photos/{id}': { roles: ['admin', 'staff', 'inspector'], inScope: [404] },
  'GET /api/reports/progress': { roles: ALL, inScope: OK },
  'GET /api/reports/period': { roles: ALL, call: () => ({ query: '?period=week&date=2021-12-23&format=csv' }), inScope: OK },
};

describe('authorization: every route, every role, in and out of scope', () => {
  let t: TestApp;
  let routes: [string, string][];
  const users = {} as Record<Role, { token: string; in: Target; out: Target }>;
  let someUserId: number;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.freeze('2021-12-25T04:00:00Z');
    await seedQingxu(t.dataSource);
    const villages = (await http(t).get('/api/villages').expect(200)).body as { id: number; name: string }[];
    const id = (name: string) => villages.find((v) => v.name === name)!.id;
    const firstHousehold = async (villageId: number) =>
      (await http(t).get(`/api/households?villageId=${villageId}&pageSize=1`)).body.items[0].id as number;
    // Another county, outside every township-scoped user's reach.
    const county = await http(t).post('/api/regions').send({ level: 'county', name: '阳曲县', code: '140122' }).expect(201);
    const township = await http(t).post('/api/regions').send({ level: 'township', name: '黄寨镇', parentId: county.body.id }).expect(201);
    const huangzhai = (await http(t).post('/api/villages').send({ name: '黄寨村', townshipId: township.body.id }).expect(201)).body.id;
    const farAway = await createHousehold(t, { villageId: huangzhai, householder: '远处户', grade: 'B' });

    const mengfeng: Target = { village: id('孟封村'), household: await firstHousehold(id('孟封村')) };
    const xiaowu: Target = { village: id('小武村'), household: await firstHousehold(id('小武村')) };
    const outside: Target = { village: huangzhai, household: farAway.id };
    const townshipScope = [{ level: 'township', id: 2 }];
    const make = (username: string, role: Role, scope: { level: string; id: number }[]): Promise<TestUser> =>
      createUser(t, { username, role, scope });
    const supervisor = await make('supervisor1', 'supervisor', townshipScope);
    const staff = await make('staff1', 'staff', [{ level: 'village', id: mengfeng.village }]);
    const inspector = await make('inspector1', 'inspector', townshipScope);
    someUserId = staff.id;
    users.admin = { token: t.adminToken, in: mengfeng, out: outside };
    users.supervisor = { token: supervisor.token, in: mengfeng, out: outside };
    // A village-scoped clerk cannot reach the next village of the same township.
    users.staff = { token: staff.token, in: mengfeng, out: xiaowu };
    users.inspector = { token: inspector.token, in: mengfeng, out: outside };

    const paths: Record<string, Record<string, unknown>> = (await http(t, null).get('/api/docs-json').expect(200)).body.paths;
    routes = Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => [m.toUpperCase(), path] as [string, string]),
    );
  });
  afterAll(() => t.dispose());

  let n = 0;
  function send(method: string, path: string, target: Target, token: string | null) {
    const rule = RULES[`${method} ${path}`];
    const call = rule.call?.(target, ++n) ?? {};
    const url =
      path.replace(
        '{id}',
        String(path.startsWith('/api/users/') ? someUserId : path.startsWith('/api/villages/') ? target.village : target.household),
      ) + (call.query ?? '');
    const req = http(t, token)[method.toLowerCase() as 'get' | 'post' | 'patch'](url);
    return call.body === undefined ? req : req.send(call.body as object);
  }

  it('counts only what is in scope in lists and reports', async () => {
    const staff = users.staff;
    const byVillage = await http(t, staff.token).get('/api/reports/progress?asOf=2021-12-23&groupBy=village').expect(200);
    expect(
      byVillage.body.rows.map((r: { unit: { name: string }; grade: string; appraised: number; completed: number; accepted: number }) => [
        r.unit.name,
        r.grade,
        r.appraised,
        r.completed,
        r.accepted,
      ]),
    ).toEqual([
      ['孟封村', 'B', 174, 158, 148],
      ['孟封村', 'C', 65, 45, 0],
    ]);
    const byCounty = await http(t, staff.token).get('/api/reports/progress?asOf=2021-12-23&groupBy=county').expect(200);
    expect(byCounty.body.total.map((r: { appraised: number }) => r.appraised)).toEqual([174, 65]);
    expect((await http(t, staff.token).get('/api/households').expect(200)).body.total).toBe(239);
    expect((await http(t, staff.token).get('/api/villages').expect(200)).body.map((v: { name: string }) => v.name)).toEqual(['孟封村']);

    const supervisor = users.supervisor;
    const counties = await http(t, supervisor.token).get('/api/reports/progress?asOf=2021-12-25&groupBy=county').expect(200);
    expect(counties.body.rows.map((r: { unit: { name: string } }) => r.unit.name)).toEqual(['清徐县', '清徐县']);
    expect(counties.body.total.map((r: { appraised: number }) => r.appraised)).toEqual([397, 222]);
    const all = await http(t).get('/api/reports/progress?asOf=2021-12-25&groupBy=county').expect(200);
    expect(all.body.rows.map((r: { unit: { name: string } }) => r.unit.name)).toEqual(['清徐县', '清徐县', '阳曲县', '阳曲县']);
    const regions = await http(t, supervisor.token).get('/api/regions').expect(200);
    expect(regions.body.map((r: { name: string }) => r.name)).not.toContain('阳曲县');
  });

  it('has a rule for every documented route, and a route for every rule', () => {
    const documented = routes.map(([m, p]) => `${m} ${p}`).sort();
    expect(documented).toEqual(Object.keys(RULES).sort());
  });

  it('answers 401 on every non-public route without a token, or with a bad, tampered or expired one', async () => {
    const jwt = t.app.get(JwtService);
    // Expired by the app's clock (frozen above), which is what the guard judges by.
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const expired = await jwt.signAsync({ sub: 1, ver: 1, iat: now - 3600, exp: now - 60 });
    const [head, payload, signature] = t.adminToken.split('.');
    const tampered = `${head}.${Buffer.from(JSON.stringify({ sub: 2, ver: 1, exp: 4102444800 })).toString('base64url')}.${signature}`;
    const forged = await jwt.signAsync({ sub: 1, ver: 1 }, { secret: 'another secret that is long enough to sign with' });
    const unknownUser = await jwt.signAsync({ sub: 424242, ver: 1 });
    expect(payload).toBeDefined();
    for (const [method, path] of routes) {
      if (RULES[`${method} ${path}`].roles === 'public') continue;
      for (const token of [null, 'not-a-jwt', expired, tampered, forged, unknownUser]) {
        const res = await send(method, path, users.admin.in, token);
        if (res.status !== 401) throw new Error(`${method} ${path} with token ${String(token).slice(0, 12)}… answered ${res.status}`);
        expect(res.body).toMatchObject({ statusCode: 401, message: expect.any(String) });
      }
    }
  });

  it.each(ALL)('gives a %s exactly what its role and scope allow', async (role) => {
    const user = users[role];
    const failures: string[] = [];
    for (const [method, path] of routes) {
      const rule = RULES[`${method} ${path}`];
      const allowed = rule.roles === 'public' || rule.roles.includes(role);
      const checks: [Target, Expect][] = [[user.in, allowed ? rule.inScope : [403]]];
      // An admin's scope is everything; others meet 404 outside theirs, so ids cannot be probed.
      if (rule.outOfScope) checks.push([user.out, !allowed ? [403] : role === 'admin' ? rule.inScope : rule.outOfScope]);
      for (const [target, expected] of checks) {
        const res = await send(method, path, target, user.token);
        if (!expected.includes(res.status)) {
          failures.push(
            `${method} ${path} (${target === user.in ? 'in' : 'out of'} scope): ${res.status}, expected ${expected.join('/')}: ${res.body?.message ?? ''}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
