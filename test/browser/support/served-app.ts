import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { appServerScript, freePort, projectRoot, startServer } from '../../bench/processes.js';

/**
 * The built application started the way a user starts it (`node dist/src/main.js`, which
 * `npm start` runs after the build), on a fresh SQLite database seeded with Qingxu 2021-12-23,
 * on a free port of 127.0.0.1, by the benchmark's own server starter. The browser tests and the
 * page-weight measurement use it: what they load is exactly what dist/web holds and how the
 * server sends it.
 */

/** The project folder. */
export const PROJECT = projectRoot;

export const ADMIN_PASSWORD = 'browser-test-清徐-2021';

export interface ServedApp {
  baseUrl: string;
  /** Where the server's log went. */
  logFile: string;
  stop(): Promise<void>;
}

export async function startServedApp(options: { logDir?: string } = {}): Promise<ServedApp> {
  if (!existsSync(appServerScript()) || !existsSync(join(PROJECT, 'dist/web/index.html'))) {
    throw new Error('The application is not built: run `npm run build` first (`npm run test:browser` and `npm run bench:page` do).');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-browser-'));
  const logFile = join(options.logDir ?? dataDir, 'server.log');
  // The server appends to its log file: each run starts it empty.
  mkdirSync(dirname(logFile), { recursive: true });
  writeFileSync(logFile, '');
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: `sqlite:${join(dataDir, 'tracker.sqlite')}`,
    PHOTO_DIR: join(dataDir, 'photos'),
    SEED: 'qingxu',
    ADMIN_PASSWORD,
    JWT_SECRET: 'a browser-test secret that is long enough for HS256',
    LOG_LEVEL: 'info',
    LOG_FILE: logFile,
  };
  const server = await startServer('tracker', appServerScript(), env, await freePort(), '/api/health').catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)} (server log: ${logFile})`);
  });
  return {
    baseUrl: server.baseUrl,
    logFile,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Account {
  username: string;
  password: string;
  displayName: string;
  role: 'admin' | 'supervisor' | 'staff' | 'inspector';
}

/** Signs in through the API; returns the bearer token. */
export async function apiLogin(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`Login as ${username}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** A signed-in JSON call to the API, failing on anything but 2xx. */
export async function apiCall<T>(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Creates accounts of each role over the whole county (as the admin); the password is the same for all. */
export async function createAccounts(
  baseUrl: string,
  accounts: Omit<Account, 'password'>[],
  password = 'qingxu-browser-2021',
): Promise<Account[]> {
  const token = await apiLogin(baseUrl, 'admin', ADMIN_PASSWORD);
  const regions = await apiCall<{ id: number; level: string }[]>(baseUrl, token, 'GET', '/regions');
  const county = regions.find((r) => r.level === 'county');
  if (!county) throw new Error('The seed has no county');
  for (const account of accounts) {
    await apiCall(baseUrl, token, 'POST', '/users', { ...account, password, scope: [{ level: 'county', id: county.id }] });
  }
  return accounts.map((a) => ({ ...a, password }));
}
