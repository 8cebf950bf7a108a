/**
 * Whether exports hold up the rest of the API (issue 11, item 5). `npm run bench:render-load`
 * builds the app, starts it on the Qingxu seed (a fresh SQLite file) and measures GET /api/health
 * and a household read (GET /api/households/:id, a random household each time), one client
 * each sending one request after another: first with nothing else running, then while export
 * clients pull the weekly report by village as PDF and PNG without pause (half of them each, one
 * account per client). It prints p50, p95 and max of both, and what the export clients got
 * (files, 503s).
 *
 *   npm run bench:render-load
 *   npm run bench:render-load -- --seconds 20 --export-clients 4 --one-user --render-threads 1
 *
 * --one-user: every export client signs in as the same account, which meets the per-user limit.
 * --server FILE: start another build's dist/src/main.js instead (to compare with an older build).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { LoadResult, LoadSpec } from './load-worker.js';
import { percentile } from './load-worker.js';
import { appServerScript, freePort, machineBusyPercent, runLoad, startApplication, stopAllServers } from './processes.js';

const WEEK = '/api/reports/period?period=week&date=2021-12-23&groupBy=village';
const TARGETS = { healthP95Ms: 100, householdP95Ms: 150 };

function log(message: string): void {
  process.stderr.write(`[bench:render-load] ${message}\n`);
}

function settings() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '15' },
      'export-clients': { type: 'string', default: '4' },
      'one-user': { type: 'boolean', default: false },
      'render-threads': { type: 'string' },
      server: { type: 'string' },
    },
    strict: true,
  });
  const positive = (name: string, value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not ${value}`);
    return n;
  };
  return {
    seconds: positive('seconds', values.seconds),
    exportClients: positive('export-clients', values['export-clients']),
    oneUser: values['one-user'],
    renderThreads: values['render-threads'] === undefined ? undefined : positive('render-threads', values['render-threads']),
    server: values.server ?? appServerScript(),
  };
}

interface Latencies {
  requests: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

function summarise(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  return { requests: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? null };
}

/** One client sending `path()` one request after another for `seconds`; the latency of each. */
async function probe(baseUrl: string, path: () => string, headers: Record<string, string>, seconds: number): Promise<Latencies> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path()}`, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET ${path()}: ${response.status}`);
    latencies.push(performance.now() - started);
  }
  return summarise(latencies);
}

async function call<T>(baseUrl: string, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const login = async (baseUrl: string, username: string, password: string) =>
  (await call<{ accessToken: string }>(baseUrl, 'POST', '/api/auth/login', null, { username, password })).accessToken;

/** Tokens for `count` export clients: supervisors over the county, or the admin's for all. */
async function exportTokens(baseUrl: string, adminToken: string, count: number, oneUser: boolean): Promise<string[]> {
  if (oneUser) return Array.from({ length: count }, () => adminToken);
  const regions = await call<{ id: number; level: string }[]>(baseUrl, 'GET', '/api/regions', adminToken);
  const county = regions.find((r) => r.level === 'county')!;
  const password = `bench-export-${randomBytes(6).toString('hex')}`;
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const username = `export.client${i + 1}`;
    await call(baseUrl, 'POST', '/api/users', adminToken, {
      username,
      displayName: `导出${i + 1}`,
      role: 'supervisor',
      password,
      scope: [{ level: 'county', id: county.id }],
    });
    tokens.push(await login(baseUrl, username, password));
  }
  return tokens;
}

interface Phase {
  health: Latencies;
  household: Latencies;
}

const ms = (v: number | null) => (v === null ? '—' : v < 10 ? v.toFixed(1) : v.toFixed(0));
const row = (l: Latencies) => `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.max)} ms (${l.requests})`;

async function main(): Promise<void> {
  const s = settings();
  const dir = mkdtempSync(join(tmpdir(), 'tracker-render-load-'));
  const adminPassword = `bench-${randomBytes(9).toString('hex')}`;
  const stop = async () => {
    await stopAllServers();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  try {
    const busy = await machineBusyPercent();
    const server = await startApplication(
      {
        NODE_ENV: 'production',
        DATABASE_URL: `sqlite:${join(dir, 'tracker.sqlite')}`,
        SEED: 'qingxu',
        ADMIN_PASSWORD: adminPassword,
        JWT_SECRET: randomBytes(36).toString('base64'),
        LOG_LEVEL: 'warn',
        ...(s.renderThreads === undefined ? {} : { RENDER_THREADS: String(s.renderThreads) }),
      },
      await freePort(),
      s.server,
    );
    log(`server pid ${server.pid} at ${server.baseUrl} (${s.server}); machine ${busy === null ? '?' : busy.toFixed(0)}% busy before`);
    const adminToken = await login(server.baseUrl, 'admin', adminPassword);
    const auth = { authorization: `Bearer ${adminToken}` };
    const { total: households } = await call<{ total: number }>(server.baseUrl, 'GET', '/api/households', adminToken);
    const householdPath = () => `/api/households/${1 + Math.floor(Math.random() * households)}`;
    const tokens = await exportTokens(server.baseUrl, adminToken, s.exportClients, s.oneUser);

    // Warm up: the renderers load in the worker on first use, the JIT settles.
    for (const format of ['pdf', 'png']) {
      const response = await fetch(`${server.baseUrl}${WEEK}&format=${format}`, { headers: auth });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`warm-up ${format}: ${response.status}`);
    }
    await Promise.all([probe(server.baseUrl, () => '/api/health', {}, 1), probe(server.baseUrl, householdPath, auth, 1)]);

    const measure = async (): Promise<Phase> => {
      const [health, household] = await Promise.all([
        probe(server.baseUrl, () => '/api/health', {}, s.seconds),
        probe(server.baseUrl, householdPath, auth, s.seconds),
      ]);
      return { health, household };
    };

    log(`alone: ${s.seconds} s`);
    const alone = await measure();

    log(`with ${s.exportClients} export clients (${s.oneUser ? 'one account' : 'one account each'}): ${s.seconds} s`);
    // The export clients start first and end after the probes, so the probes see only steady load.
    const lead = 2;
    const loads: Promise<LoadResult>[] = tokens.map((token, i) => {
      const spec: LoadSpec = {
        kind: 'get',
        url: server.baseUrl,
        path: `${WEEK}&format=${i % 2 === 0 ? 'pdf' : 'png'}`,
        connections: 1,
        seconds: s.seconds + 2 * lead,
        timeout: 120,
        headers: { authorization: `Bearer ${token}` },
      };
      return runLoad(spec);
    });
    await new Promise((resolve) => setTimeout(resolve, lead * 1000));
    const loaded = await measure();
    const results = await Promise.all(loads);
    const peakMb = await server.stop();

    const exportsBy = (format: string) => results.filter((_, i) => (i % 2 === 0 ? 'pdf' : 'png') === format);
    const p50s = (rs: LoadResult[]) => rs.map((r) => ms(r.p50Ms)).join(' / ');
    const count = (rs: LoadResult[], code: string) => rs.reduce((n, r) => n + (r.statusCodes[code] ?? 0), 0);
    const other = results.reduce(
      (n, r) =>
        n +
        r.errors +
        r.timeouts +
        Object.entries(r.statusCodes)
          .filter(([c]) => c !== '200' && c !== '503')
          .reduce((m, [, v]) => m + v, 0),
      0,
    );
    const pass = (value: number | null, bar: number) => (value !== null && value < bar ? 'pass' : 'FAIL');
    const lines = [
      `Qingxu seed (${households} households), ${availableParallelism()} CPUs (${busy === null ? '?' : busy.toFixed(0)}% busy before the run), RENDER_THREADS ${s.renderThreads ?? 'default'}, ${s.seconds} s per phase, server ${s.server}`,
      '',
      '| | /api/health p50 / p95 / max (requests) | household read p50 / p95 / max (requests) |',
      '|---|---|---|',
      `| alone | ${row(alone.health)} | ${row(alone.household)} |`,
      `| ${s.exportClients} clients pulling the weekly PDF and PNG | ${row(loaded.health)} | ${row(loaded.household)} |`,
      '',
      `export clients (${s.oneUser ? 'one account' : 'one account each'}, ${s.seconds + 2 * lead} s): ` +
        `PDF ${count(exportsBy('pdf'), '200')} files (p50 per client ${p50s(exportsBy('pdf'))} ms), ` +
        `PNG ${count(exportsBy('png'), '200')} files (p50 per client ${p50s(exportsBy('png'))} ms), ` +
        `503 ${count(results, '503')}, other failures ${other}`,
      ...results.map(
        (r, i) =>
          `  client ${i + 1} (${i % 2 === 0 ? 'PDF' : 'PNG'}): ${JSON.stringify(r.statusCodes)}, errors ${r.errors}, timeouts ${r.timeouts}`,
      ),
      ...results.flatMap((r) => r.sampleErrors.filter((e) => !e.startsWith('503')).slice(0, 2)),
      `server peak RSS ${peakMb.toFixed(0)} MiB`,
      '',
      `  ${pass(loaded.health.p95, TARGETS.healthP95Ms)}  /api/health p95 under load < ${TARGETS.healthP95Ms} ms: ${ms(loaded.health.p95)} ms`,
      `  ${pass(loaded.household.p95, TARGETS.householdP95Ms)}  household read p95 under load < ${TARGETS.householdP95Ms} ms: ${ms(loaded.household.p95)} ms`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
