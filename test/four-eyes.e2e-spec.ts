import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser, type TestUser } from './support/accounts.js';
import { createHousehold, createRegionTree, type HouseholdBody } from './support/fixtures.js';
import { http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The four-eyes rule: whoever recorded a household's completion may not inspect it, even after
 * an admin has made them an inspector. Both write paths (SQLite's prepared statements, TypeORM on
 * PostgreSQL) look up who recorded the completion; CI runs this file on both databases.
 */
describe('an inspector never inspects a completion they recorded', () => {
  let t: TestApp;
  let villageId: number;
  let completer: TestUser;
  let otherInspector: TestUser;

  const move = (h: HouseholdBody, body: Record<string, unknown>, user: TestUser) =>
    http(t, user.token).post(`/api/households/${h.id}/transitions`).send(body);

  const stored = async (h: HouseholdBody): Promise<{ status: string; version: number; moves: number }> => {
    const now = (await http(t).get(`/api/households/${h.id}`).expect(200)).body;
    const history = (await http(t).get(`/api/households/${h.id}/history`).expect(200)).body;
    return { status: now.status, version: now.version, moves: history.length };
  };

  // Each household is completed by the staff member, one way or the other, before the role change.
  const completions = {
    'in_progress → completed': async (h: HouseholdBody) => {
      const started = (await move(h, { to: 'in_progress', occurredOn: '2022-01-06', version: h.version }, completer).expect(200)).body;
      return (await move(started, { to: 'completed', occurredOn: '2022-01-08', version: started.version }, completer).expect(200)).body;
    },
    'pending → completed (补录)': async (h: HouseholdBody) =>
      (await move(h, { to: 'completed', occurredOn: '2022-01-08', version: h.version, note: '录入前已完工' }, completer).expect(200)).body,
  };
  const verdicts = {
    acceptance: { to: 'accepted' },
    'failed acceptance': { to: 'in_progress', note: '验收不合格：墙体裂缝未处理' },
  };
  const cases = Object.keys(completions).flatMap((completion) =>
    Object.keys(verdicts).map((verdict) => ({
      completion: completion as keyof typeof completions,
      verdict: verdict as keyof typeof verdicts,
    })),
  );
  const completed = new Map<string, HouseholdBody>();

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.freeze('2022-01-10T04:00:00Z');
    const tree = await createRegionTree(t, ['孟封村']);
    [villageId] = tree.villageIds;
    const scope = [{ level: 'township', id: tree.townshipId }];
    completer = await createUser(t, { username: 'wang.shigong', displayName: '王施工', role: 'staff', scope });
    otherInspector = await createUser(t, { username: 'li.yanshou', displayName: '李验收', role: 'inspector', scope });
    for (const { completion, verdict } of cases) {
      const h = await createHousehold(t, { villageId, householder: `${completion}/${verdict}`, grade: 'B', statusOn: '2022-01-01' });
      completed.set(`${completion}/${verdict}`, await completions[completion](h));
    }
    // The admin makes the staff member an inspector; the same token now acts as an inspector.
    await http(t).patch(`/api/users/${completer.id}`).send({ role: 'inspector' }).expect(200);
    expect((await http(t, completer.token).get('/api/auth/me').expect(200)).body.role).toBe('inspector');
  });
  afterAll(() => t.dispose());

  it.each(cases)(
    'refuses the $verdict of a household they recorded as $completion with 403, and writes nothing',
    async ({ completion, verdict }) => {
      const h = completed.get(`${completion}/${verdict}`)!;
      expect(h.status).toBe('completed');
      const before = await stored(h);
      const res = await move(h, { ...verdicts[verdict], occurredOn: '2022-01-10', version: h.version }, completer);
      expect([res.status, res.body.code, res.body.message]).toEqual([
        403,
        'own_completion',
        '此户的完工是您记录的，须由另一位验收人员验收',
      ]);
      expect(await stored(h)).toEqual(before);
    },
  );

  it.each(cases)('lets another inspector record the $verdict of a household completed as $completion', async ({ completion, verdict }) => {
    const h = completed.get(`${completion}/${verdict}`)!;
    const before = await stored(h);
    const res = await move(h, { ...verdicts[verdict], occurredOn: '2022-01-10', version: h.version }, otherInspector);
    expect(res.status).toBe(200);
    expect(await stored(h)).toEqual({ status: verdicts[verdict].to, version: before.version + 1, moves: before.moves + 1 });
    const history = (await http(t).get(`/api/households/${h.id}/history`).expect(200)).body;
    expect(history.at(-1)).toMatchObject({ from: 'completed', to: verdicts[verdict].to, actor: '李验收' });
  });
});
