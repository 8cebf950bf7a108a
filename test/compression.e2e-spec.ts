import { type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import { http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as sent (supertest would unpack them). */
  bytes: Buffer;
}

const BROWSER = 'gzip, deflate, br, zstd';

describe('compressed responses', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp();
    // The files and the period report say when they were made: the same instant for every request.
    t.clock.freeze('2021-12-24T02:00:00Z');
    await seedQingxu(t.dataSource);
    const server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => t.dispose());

  const send = (method: string, path: string, headers: Record<string, string | number>, body?: Buffer) =>
    new Promise<RawResponse>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method, path, headers: { authorization: `Bearer ${t.adminToken}`, ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const get = (path: string, acceptEncoding: string) => send('GET', path, { 'accept-encoding': acceptEncoding });

  const unpack = (res: RawResponse): string => {
    const encoding = res.headers['content-encoding'];
    if (encoding === 'br') return brotliDecompressSync(res.bytes).toString('utf8');
    if (encoding === 'gzip') return gunzipSync(res.bytes).toString('utf8');
    expect(encoding).toBeUndefined();
    return res.bytes.toString('utf8');
  };

  it.each([
    ['a ledger page of 50 households', '/api/households?page=1&pageSize=50'],
    ['the day’s period report', '/api/reports/period?period=day&date=2021-12-23&groupBy=village'],
    ['the progress report (cached)', '/api/reports/progress?asOf=2021-12-23&groupBy=village'],
    ['the daily report as CSV', '/api/reports/period?period=day&date=2021-12-23&groupBy=village&format=csv'],
  ])('sends %s brotli to a browser, gzip to a gzip-only client and plain to the rest, the same content each way', async (_what, path) => {
    const plain = await get(path, 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.length).toBeGreaterThan(1024);
    for (const [accept, encoding] of [
      [BROWSER, 'br'],
      ['gzip', 'gzip'],
      ['br;q=0.5, gzip', 'gzip'],
    ]) {
      const res = await get(path, accept);
      expect([accept, res.status, res.headers['content-encoding']]).toEqual([accept, 200, encoding]);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.bytes.length).toBeLessThan(plain.bytes.length / 2);
      expect(unpack(res)).toBe(plain.bytes.toString('utf8'));
    }
    for (const accept of ['deflate', 'br;q=0, gzip;q=0']) {
      const res = await get(path, accept);
      expect([accept, res.headers['content-encoding']]).toEqual([accept, undefined]);
      expect(res.bytes.equals(plain.bytes)).toBe(true);
    }
  });

  it('sends a cached report’s compressed bytes only until what it counts changes', async () => {
    const path = '/api/reports/progress?groupBy=county';
    const inProgress = (res: RawResponse) =>
      (JSON.parse(unpack(res)) as { total: { inProgress: number }[] }).total.reduce((n, row) => n + row.inProgress, 0);
    const before = await get(path, BROWSER);
    expect(before.headers['content-encoding']).toBe('br');
    const pending = await http(t).get('/api/households?status=pending&grade=B&pageSize=1').expect(200);
    const [household] = pending.body.items as { id: number; version: number }[];
    await http(t)
      .post(`/api/households/${household.id}/transitions`)
      .send({ to: 'in_progress', occurredOn: '2021-12-24', version: household.version })
      .expect(200);
    const after = await get(path, BROWSER);
    expect(after.headers['content-encoding']).toBe('br');
    expect(inProgress(after)).toBe(inProgress(before) + 1);
  });

  it('sends small bodies as they are', async () => {
    for (const path of ['/api/health', '/api/auth/me']) {
      const res = await get(path, BROWSER);
      expect([path, res.status, res.headers['content-encoding']]).toEqual([path, 200, undefined]);
      expect(res.bytes.length).toBeLessThan(1024);
    }
  });

  it('does not unpack a compressed request body: the API takes plain JSON', async () => {
    const body = gzipSync(JSON.stringify({ username: 'admin', password: 'whatever-it-is' }));
    const res = await send(
      'POST',
      '/api/auth/login',
      { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length },
      body,
    );
    expect(res.status).toBe(400);
  });
});
