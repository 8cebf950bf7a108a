import { type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import { http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The paths of the HTTP contract (README, "The API") that outside tools rely on.
const CONTRACT: [string, string][] = [
  ['get', '/api/health'],
  ['get', '/api/villages'],
  ['get', '/api/households'],
  ['get', '/api/households/{id}'],
  ['post', '/api/households/{id}/transitions'],
  ['get', '/api/households/{id}/history'],
  ['get', '/api/reports/progress'],
];

describe('the HTTP contract', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    t = await startTestApp();
    await seedQingxu(t.dataSource);
    paths = (await http(t).get('/api/docs-json').expect(200)).body.paths;
  });
  afterAll(() => t.dispose());

  it('serves OpenAPI at /api/docs and /api/docs-json, listing every contract path', async () => {
    const page = await http(t).get('/api/docs').redirects(1).expect(200);
    expect(page.text).toContain('swagger');
    for (const [method, path] of CONTRACT) expect(paths).toHaveProperty([path, method]);
  });

  it('answers health with ok and the database in use, with security headers and no CORS', async () => {
    const res = await http(t, null).get('/api/health').set('Origin', 'https://elsewhere.example').expect(200);
    expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.body).toMatchObject({ status: 'ok', database: expect.stringMatching(/^(sqlite|postgres)$/) });
  });

  it('sends the progress report gzipped to a client that accepts gzip, and the same JSON to one that does not', async () => {
    // node:http hands back the bytes as sent (supertest would inflate them).
    const server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const get = (acceptEncoding: string) =>
      new Promise<{ statusCode: number; headers: IncomingHttpHeaders; rawPayload: Buffer; payload: string }>((resolve, reject) => {
        const headers = { authorization: `Bearer ${t.adminToken}`, 'accept-encoding': acceptEncoding };
        request({ host: '127.0.0.1', port, path: '/api/reports/progress?asOf=2021-12-23&groupBy=village', headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const rawPayload = Buffer.concat(chunks);
            resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, rawPayload, payload: rawPayload.toString('utf8') });
          });
        })
          .on('error', reject)
          .end();
      });
    const gzipped = await get('gzip, deflate');
    expect(gzipped.statusCode).toBe(200);
    expect(gzipped.headers).toMatchObject({ 'content-encoding': 'gzip', vary: expect.stringMatching(/accept-encoding/i) });
    const plain = await get('identity');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(gunzipSync(gzipped.rawPayload).toString('utf8'))).toEqual(JSON.parse(plain.payload));
    expect(gzipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
  });

  it('answers an unknown route with a JSON 404 in the error shape', async () => {
    const res = await http(t).get('/api/nothing-here').expect(404);
    expect(res.body).toMatchObject({
      statusCode: 404,
      error: 'Not Found',
      message: expect.any(String),
      code: 'not_found',
      requestId: expect.any(String),
    });
  });

  it('gives every response a request id, keeping the caller’s', async () => {
    const res = await http(t).get('/api/households/0').set('X-Request-Id', 'trace-123').expect(400);
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(res.body.requestId).toBe('trace-123');
    const fresh = await http(t).get('/api/health').expect(200);
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('adds a remark to a village row, shown in the report rows above it', async () => {
    const [mengfeng] = (await http(t).get('/api/villages').expect(200)).body;
    const added = await http(t)
      .post(`/api/villages/${mengfeng.id}/remarks`)
      .send({ grade: 'B', text: '3户户主外出，暂缓施工' })
      .expect(201);
    expect(added.body).toMatchObject({ villageId: mengfeng.id, grade: 'B', text: '3户户主外出，暂缓施工' });
    await http(t).post(`/api/villages/${mengfeng.id}/remarks`).send({ grade: 'B', text: '3户户主外出，暂缓施工' }).expect(409);
    await http(t).post(`/api/villages/${mengfeng.id}/remarks`).send({ grade: 'D', text: 'x' }).expect(400);
    await http(t).post('/api/villages/9999/remarks').send({ grade: 'B', text: 'x' }).expect(404);
    const listed = await http(t).get(`/api/villages/${mengfeng.id}/remarks`).expect(200);
    expect(listed.body.map((r: { grade: string }) => r.grade)).toEqual(['B', 'C']);
    const report = await http(t).get('/api/reports/progress?asOf=2021-12-23&groupBy=township').expect(200);
    expect(report.body.rows[0]).toMatchObject({ grade: 'B', remarks: ['3户户主外出，暂缓施工'] });
  });

  it('refuses a future asOf and an unknown groupBy with 400', async () => {
    const future = await http(t).get('/api/reports/progress?asOf=2999-01-01').set('Accept-Language', 'en').expect(400);
    expect(future.body).toMatchObject({ code: 'validation_failed', fields: [{ field: 'asOf', code: 'date_in_future' }] });
    expect(future.body.message).toMatch(/asOf 2999-01-01 is in the future/);
    const groupBy = await http(t).get('/api/reports/progress?groupBy=province').set('Accept-Language', 'en').expect(400);
    expect(groupBy.body).toMatchObject({ code: 'validation_failed', fields: [{ field: 'groupBy', code: 'not_one_of' }] });
    expect(groupBy.body.message).toMatch(/groupBy must be one of/);
  });

  it('never answers a malformed request with a 5xx, on any documented route', async () => {
    const ids = ['1', 'abc', '0', '-5', '99999999999', '%00', '1;DROP TABLE households'];
    const bodies: unknown[] = [
      undefined,
      {},
      [],
      'text',
      42,
      { to: {}, version: [] },
      { name: { $ne: 1 } },
      { householder: null, grade: [] },
    ];
    const queries = ['', '?page=-1&pageSize=abc', '?asOf=yesterday&groupBy=', '?villageId=1e400', '?q=' + '长'.repeat(60)];
    const statuses = new Set<number>();
    for (const [path, methods] of Object.entries(paths)) {
      for (const method of Object.keys(methods) as ('get' | 'post' | 'patch')[]) {
        for (const id of ids) {
          const url = path.replace('{id}', encodeURIComponent(id));
          for (const query of queries) {
            for (const body of method === 'get' ? [undefined] : bodies) {
              const req = http(t)[method](url + query);
              const res = body === undefined ? await req : await req.set('content-type', 'application/json').send(JSON.stringify(body));
              statuses.add(res.status);
              if (res.status >= 500) throw new Error(`${method.toUpperCase()} ${url}${query} ${JSON.stringify(body)} → ${res.status}`);
            }
          }
        }
      }
    }
    expect([...statuses].some((s) => s >= 400)).toBe(true);
    // Thousands of requests (every route × ids × bodies): a sweep, not a timing; a loaded CI machine needs longer than the default.
  }, 120_000);
});
