import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import { checkStatusCounters } from '../src/household-writes/status-counters.js';
import { countRows, http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Two instances of the tracker on one PostgreSQL database (the multi-instance deployment),
 * each with its own connection pool, taking turns on the same households at the same time.
 * `npm run test:pg` runs it on the server its global setup found (test/support/postgres-global-setup.ts).
 */

describe('two instances on one PostgreSQL database', () => {
  let a: TestApp;
  let b: TestApp;
  let households: { id: number }[];

  beforeAll(async () => {
    a = await startTestApp();
    b = await a.another();
    await seedQingxu(a.dataSource);
    households = (await http(a).get('/api/households?status=pending&pageSize=60').expect(200)).body.items;
  });
  afterAll(async () => {
    await b.close();
    await a.dispose();
  });

  it('runs on PostgreSQL', () => {
    expect(a.dataSource.options.type).toBe('postgres');
    expect(b.dataSource).not.toBe(a.dataSource);
  });

  it('lets exactly one instance win each race on the same version, and loses no update', async () => {
    const moves = ['in_progress', 'completed', 'in_progress', 'completed'] as const;
    const today = a.clock.today();
    for (const [round, to] of moves.entries()) {
      // Each round, both instances send the same move with the same version, all at once.
      const versions = new Map<number, number>();
      for (const h of households) versions.set(h.id, (await http(a).get(`/api/households/${h.id}`).expect(200)).body.version);
      const note = round === 2 ? '验收不合格，返工' : undefined;
      const results = await Promise.all(
        households.flatMap((h) =>
          [a, b].map(async (app) => {
            const res = await http(app)
              .post(`/api/households/${h.id}/transitions`)
              .send({ to, occurredOn: today, version: versions.get(h.id), note });
            return { id: h.id, status: res.status };
          }),
        ),
      );
      for (const h of households) {
        // One of the two moved it; the other was told someone changed it first.
        expect(
          results
            .filter((r) => r.id === h.id)
            .map((r) => r.status)
            .sort(),
        ).toEqual([200, 409]);
      }
    }
    for (const h of households) {
      const now = (await http(b).get(`/api/households/${h.id}`).expect(200)).body;
      expect([now.status, now.version]).toEqual(['completed', 1 + moves.length]);
      const history = (await http(a).get(`/api/households/${h.id}/history`).expect(200)).body;
      expect(history.map((c: { to: string }) => c.to)).toEqual(['pending', ...moves]);
    }
    expect(await countRows(a, 'status_changes')).toBe(619 + households.length * moves.length);
  }, 120_000);

  it('moves households of the same villages in opposite directions at once without a deadlock', async () => {
    const today = a.clock.today();
    const others = (await http(a).get('/api/households?status=pending&pageSize=40').expect(200)).body.items as {
      id: number;
      version: number;
    }[];
    const forward = others.slice(0, 20);
    const back = others.slice(20);
    for (const h of others)
      h.version = (
        await http(a)
          .post(`/api/households/${h.id}/transitions`)
          .send({ to: 'in_progress', occurredOn: today, version: h.version })
          .expect(200)
      ).body.version;
    for (const h of back)
      h.version = (
        await http(b)
          .post(`/api/households/${h.id}/transitions`)
          .send({ to: 'completed', occurredOn: today, version: h.version })
          .expect(200)
      ).body.version;
    // Now in_progress → completed and completed → in_progress together, split over both instances.
    const results = await Promise.all([
      ...forward.map((h, i) =>
        http(i % 2 ? a : b)
          .post(`/api/households/${h.id}/transitions`)
          .send({ to: 'completed', occurredOn: today, version: h.version }),
      ),
      ...back.map((h, i) =>
        http(i % 2 ? b : a)
          .post(`/api/households/${h.id}/transitions`)
          .send({ to: 'in_progress', occurredOn: today, version: h.version, note: '返工' }),
      ),
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(200));
  });

  it('keeps the counters exact, and both instances report the same figures', async () => {
    await expect(checkStatusCounters(a.dataSource)).resolves.toEqual({ consistent: true, differences: [] });
    const fromA = (await http(a).get('/api/reports/progress?groupBy=village').expect(200)).body;
    const fromB = (await http(b).get('/api/reports/progress?groupBy=village').expect(200)).body;
    expect(fromB.rows).toEqual(fromA.rows);
    const completed = fromA.total.reduce((sum: number, r: { completed: number }) => sum + r.completed, 0);
    // The first households ended completed; of the forty after them, twenty did.
    expect(completed).toBe(519 + households.length + 20);
  });
});
