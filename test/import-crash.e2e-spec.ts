import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { ledgerXlsx, type LedgerCell } from './support/ledger-files.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const run = promisify(execFile);

/**
 * The server killed (SIGKILL, as a power cut or the OOM killer would) while it commits an
 * import: afterwards none of the import's rows exist, the placeholders it was replacing are all
 * still there, and the import says failed. On SQLite, and on PostgreSQL with DATABASE_URL.
 */

const PORT = 3000 + (process.pid % 2000) + 7000;
const PASSWORD = 'crash-test-admin-清徐-2021';
const ROWS = 30_000;

describe('a server killed in the middle of a commit', () => {
  let database: TestDatabase;
  let server: ChildProcess | null = null;
  const base = `http://127.0.0.1:${PORT}`;

  const start = async () => {
    server = spawn('node', ['dist/src/main.js'], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        PORT: String(PORT),
        HOST: '127.0.0.1',
        SEED: 'qingxu',
        ADMIN_PASSWORD: PASSWORD,
        LOG_LEVEL: 'warn',
        IMPORT_HEARTBEAT_TIMEOUT_MS: '1500',
        JWT_SECRET: 'a crash test secret that is long enough for HS256',
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let i = 0; i < 300; i++) {
      const up = await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      await sleep(100);
    }
    throw new Error('The server did not start');
  };
  const kill = async () => {
    const child = server!;
    server = null;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  let token = '';
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { status?: string } };
  };

  beforeAll(async () => {
    await run('npm', ['run', '--silent', 'build'], { timeout: 240_000 });
    database = await createTestDatabase();
    await start();
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
  }, 300_000);
  afterAll(async () => {
    if (server) await kill();
    await database?.drop();
  });

  it('leaves none of its rows, and the import failed', async () => {
    const villages = (await api('/api/villages')).body as unknown as { id: number; name: string }[];
    const mengfeng = villages.find((v) => v.name === '孟封村')!.id;
    const before = (await api(`/api/households?villageId=${mengfeng}&pageSize=1`)).body.total as number;
    const rows: LedgerCell[][] = Array.from({ length: ROWS }, (_, i) => [
      '孟封村',
      `导入户${i + 1}`,
      `孟封村 ${i + 1} 号`,
      i % 2 ? 'B' : 'C',
      '2021-10-20',
      '2021-11-01',
    ]);
    const file = await ledgerXlsx({ headers: ['村', '户主', '地址', '鉴定等级', '鉴定日期', '开工日期'], rows });
    const form = new FormData();
    form.append('replacePlaceholders', 'true');
    form.append('file', new Blob([file]), 'crash.xlsx');
    const uploaded = await api('/api/imports', { method: 'POST', body: form });
    expect(uploaded.status).toBe(202);
    const id = uploaded.body.id as number;
    let current = uploaded.body;
    for (let i = 0; i < 1200 && current.status === 'validating'; i++) {
      await sleep(100);
      current = (await api(`/api/imports/${id}`)).body;
    }
    expect(current.summary).toMatchObject({ create: ROWS, invalid: 0 });
    const commit = await api(`/api/imports/${id}/commit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(commit.status).toBe(202);
    // Kill it once it has written part of the file (its progress says so).
    let progress = { rowsDone: 0 };
    for (let i = 0; i < 600 && progress.rowsDone === 0; i++) {
      await sleep(50);
      current = (await api(`/api/imports/${id}`)).body;
      progress = current.progress as { rowsDone: number };
    }
    expect([current.status, current.failure]).toEqual(['committing', null]);
    expect(progress.rowsDone).toBeGreaterThan(0);
    expect(progress.rowsDone).toBeLessThan(ROWS);
    await kill();

    await start();
    await sleep(1600);
    const after = (await api(`/api/imports/${id}`)).body;
    expect(after.status).toBe('failed');
    expect((after.failure as { code: string }).code).toBe('import_interrupted');
    const households = (await api(`/api/households?villageId=${mengfeng}&pageSize=1`)).body;
    expect(households.total).toBe(before);
    expect((await api(`/api/households?villageId=${mengfeng}&q=导入户&pageSize=1`)).body.total).toBe(0);
  }, 300_000);
});
