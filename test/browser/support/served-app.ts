import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../bench/processes.js';

/**
 * The built application started the way a user starts it (`node dist/src/main.js`, which
 * `npm start` runs after the build), on a fresh SQLite database seeded with Qingxu 2021-12-23,
 * on a free port of 127.0.0.1. The browser tests and the page-weight measurement use it: what
 * they load is exactly what dist/web holds and how the server sends it.
 */

/** The project folder: the nearest one above this file with a package.json (this file also runs compiled, from dist/test/…). */
export const PROJECT = projectRoot(dirname(fileURLToPath(import.meta.url)));

function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}
export const ADMIN_PASSWORD = 'browser-test-清徐-2021';

export interface ServedApp {
  baseUrl: string;
  /** Where the server's log went. */
  logFile: string;
  stop(): Promise<void>;
}

export async function startServedApp(options: { logDir?: string } = {}): Promise<ServedApp> {
  const main = join(PROJECT, 'dist/src/main.js');
  if (!existsSync(main) || !existsSync(join(PROJECT, 'dist/web/index.html'))) {
    throw new Error('The application is not built: run `npm run build` first (`npm run test:browser` and `npm run bench:page` do).');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-browser-'));
  const logFile = join(options.logDir ?? dataDir, 'server.log');
  const port = await freePort();
  const log = openSync(logFile, 'w');
  const { LOG_FILE: _logFile, ...environment } = process.env;
  const child = spawn(process.execPath, [main], {
    cwd: PROJECT,
    env: {
      ...environment,
      NODE_ENV: 'production',
      DATABASE_URL: `sqlite:${join(dataDir, 'tracker.sqlite')}`,
      SEED: 'qingxu',
      ADMIN_PASSWORD,
      JWT_SECRET: 'a browser-test secret that is long enough for HS256',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', log, log],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitForHealth(baseUrl, child, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error instanceof Error ? error.message : String(error)} (server log: ${logFile})`);
  }
  return {
    baseUrl,
    logFile,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} while starting`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not answer ${baseUrl}/api/health within ${timeoutMs / 1000} s`);
}

export interface Account {
  username: string;
  password: string;
  displayName: string;
  role: 'admin' | 'supervisor' | 'staff' | 'inspector';
}

/** Signs in through the API; returns the bearer token. */
export async function apiLogin(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
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
export async function createAccounts(baseUrl: string, accounts: Omit<Account, 'password'>[], password = 'qingxu-browser-2021'): Promise<Account[]> {
  const token = await apiLogin(baseUrl, 'admin', ADMIN_PASSWORD);
  const regions = await apiCall<{ id: number; level: string }[]>(baseUrl, token, 'GET', '/regions');
  const county = regions.find((r) => r.level === 'county');
  if (!county) throw new Error('The seed has no county');
  for (const account of accounts) {
    await apiCall(baseUrl, token, 'POST', '/users', { ...account, password, scope: [{ level: 'county', id: county.id }] });
  }
  return accounts.map((a) => ({ ...a, password }));
}
