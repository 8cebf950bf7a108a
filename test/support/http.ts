import request from 'supertest';
import type { TestApp } from './test-app.js';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/**
 * supertest against the app's HTTP server, signed in with `token` (the first admin's by
 * default; null for no token at all).
 */
export function http(t: TestApp, token: string | null = t.adminToken) {
  const agent = request(t.app.getHttpServer());
  const call = (method: Method) => (url: string) => {
    const req = agent[method](url);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };
  return { get: call('get'), post: call('post'), patch: call('patch'), put: call('put'), delete: call('delete') };
}

/** A supertest parser that keeps the body as raw bytes: `.buffer(true).parse(binary)`. */
export function binary(res: { on(e: string, f: (c?: Buffer) => void): void }, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** Counts the rows of a table, for asserting what was (not) written. */
export async function countRows(t: TestApp, table: string): Promise<number> {
  const [{ n }] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(n);
}

/** Snapshot of every table's row count. */
export async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = ['regions', 'region_aliases', 'households', 'status_changes', 'household_edits', 'report_remarks', 'users', 'user_scopes'];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = await countRows(t, table);
  return counts;
}
