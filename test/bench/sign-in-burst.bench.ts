/**
 * Sign-in under a burst (issue 11): `npm run bench:sign-in` builds the app and prints, for the
 * real server (as `npm start` runs it, production settings, a fresh SQLite database seeded
 * with Qingxu, TRUST_PROXY on so that X-Forwarded-For gives each simulated client its address),
 * what the sign-in throttle and the password queue make of requests sent at the same moment.
 * A script that prints figures, not a test; each scenario starts its own server, because the
 * throttle counts in memory.
 *
 *   1. 60 wrong passwords at once for one account, from 60 addresses; then the right password.
 *   2. 1,000 wrong passwords at once from 50 addresses (20 each) for 100 accounts (10 real,
 *      90 unknown names; 10 requests each), and meanwhile the admin signing in correctly
 *      every 100 ms from an address of its own, for as long as the burst lasts.
 *   3. The admin signing in every 100 ms with nothing else going on, as the baseline.
 *
 * The burst is sent by a child process (this file forked with --burst-child) over connections
 * it opens beforehand, so all 1,000 requests reach the server within moments of each other and
 * the admin's sign-ins are timed from a process the burst does not slow down.
 *
 *   npm run bench:sign-in
 *   npm run bench:sign-in -- --probes 20      # admin sign-ins in the baseline (20)
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  freePort,
  machineBusyPercent,
  processTicks,
  startApplication,
  stopAllServers,
  TICKS_PER_SECOND,
  type ServerProcess,
} from './processes.js';

const ADMIN_PASSWORD = `bench-${randomBytes(9).toString('hex')}`;
const STAFF_PASSWORD = `bench-staff-${randomBytes(6).toString('hex')}`;
const PROBE_EVERY_MS = 100;
/** Where the admin signs in from: none of the attackers' addresses. */
const ADMIN_ADDRESS = '10.200.0.1';

function log(message: string): void {
  process.stderr.write(`[bench:sign-in] ${message}\n`);
}

/** One sign-in's answer: status, when it was sent (ms after the scenario's start) and how long it took. */
export interface Answer {
  status: number;
  sentAtMs: number;
  ms: number;
  retryAfter: string | null;
  code: string | null;
}

export interface SignIn {
  username: string;
  password: string;
  address: string;
}

/** POST /api/auth/login over `agent`, with the client's address in X-Forwarded-For. Status 0: no answer. */
function signIn(agent: http.Agent, baseUrl: string, attempt: SignIn, origin: number): Promise<Answer> {
  const body = JSON.stringify({ username: attempt.username, password: attempt.password });
  const sent = performance.now();
  return new Promise((resolve) => {
    const request = http.request(
      `${baseUrl}/api/auth/login`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': attempt.address },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          let code: string | null = null;
          try {
            code = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code?: string }).code ?? null;
          } catch {
            // not JSON
          }
          const retryAfter = response.headers['retry-after'];
          resolve({
            status: response.statusCode ?? 0,
            sentAtMs: sent - origin,
            ms: performance.now() - sent,
            retryAfter: retryAfter ?? null,
            code,
          });
        });
      },
    );
    request.on('error', () => resolve({ status: 0, sentAtMs: sent - origin, ms: performance.now() - sent, retryAfter: null, code: null }));
    request.end(body);
  });
}

/** Opens `count` keep-alive connections on `agent` (concurrent health checks), so later requests need no TCP handshake. */
async function openConnections(agent: http.Agent, baseUrl: string, count: number): Promise<void> {
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          http
            .get(`${baseUrl}/api/health`, { agent }, (response) => {
              response.resume();
              response.on('end', () => resolve());
            })
            .on('error', reject);
        }),
    ),
  );
}

// ---------------------------------------------------------------- the burst's own process

interface BurstOrder {
  baseUrl: string;
  attempts: SignIn[];
}

type BurstMessage = { ready: true } | { answers: Answer[]; wallMs: number };

async function burstChild(): Promise<void> {
  const order = await new Promise<BurstOrder>((resolve) => process.once('message', (m) => resolve(m as BurstOrder)));
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: order.attempts.length });
  await openConnections(agent, order.baseUrl, order.attempts.length);
  process.send!({ ready: true } satisfies BurstMessage);
  await new Promise((resolve) => process.once('message', resolve));
  const origin = performance.now();
  const answers = await Promise.all(order.attempts.map((a) => signIn(agent, order.baseUrl, a, origin)));
  const wallMs = performance.now() - origin;
  agent.destroy();
  process.send!({ answers, wallMs } satisfies BurstMessage, () => process.exit(0));
}

// ---------------------------------------------------------------- the scenarios

interface Counts {
  sent: number;
  byStatus: Map<number, number>;
}

function counts(answers: Answer[]): Counts {
  const byStatus = new Map<number, number>();
  for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
  return { sent: answers.length, byStatus };
}

const n = (c: Counts, status: number) => c.byStatus.get(status) ?? 0;

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function startApp(): Promise<{ server: ServerProcess; stop(): Promise<number> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tracker-sign-in-'));
  const server = await startApplication(
    {
      NODE_ENV: 'production',
      DATABASE_URL: `sqlite:${join(dir, 'tracker.sqlite')}`,
      SEED: 'qingxu',
      ADMIN_PASSWORD,
      JWT_SECRET: randomBytes(36).toString('base64'),
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'info',
      LOG_FILE: join(dir, 'server.log'),
    },
    await freePort(),
  ).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    server,
    stop: async () => {
      const peak = await server.stop();
      rmSync(dir, { recursive: true, force: true });
      return peak;
    },
  };
}

async function adminToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.250.0.1' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (!response.ok) throw new Error(`admin sign-in failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

interface OneAccountFigures {
  burst: Counts;
  wallMs: number;
  right: Answer;
  peakMb: number;
}

/** Scenario 1: 60 wrong passwords for the admin at once, from 60 addresses; then the right one. */
async function oneAccount(): Promise<OneAccountFigures> {
  const app = await startApp();
  try {
    const attempts = Array.from({ length: 60 }, (_, i) => ({
      username: 'admin',
      password: `guess-${i}-wrong`,
      address: `10.1.0.${i + 1}`,
    }));
    const { answers, wallMs } = await burst(app.server.baseUrl, attempts, () => undefined);
    const agent = new http.Agent({ keepAlive: false });
    const right = await signIn(
      agent,
      app.server.baseUrl,
      { username: 'admin', password: ADMIN_PASSWORD, address: '10.2.0.1' },
      performance.now(),
    );
    return { burst: counts(answers), wallMs, right, peakMb: await app.stop() };
  } catch (error) {
    await app.stop();
    throw error;
  }
}

/**
 * Sends `attempts` at once from the child process; `started` is called the moment it fires.
 * Resolves with the burst's answers and its wall time (first sent to last answered).
 */
async function burst(baseUrl: string, attempts: SignIn[], started: () => void): Promise<{ answers: Answer[]; wallMs: number }> {
  const child = fork(fileURLToPath(import.meta.url), ['--burst-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = new Promise<{ answers: Answer[]; wallMs: number }>((resolve, reject) => {
    child.on('message', (message: BurstMessage) => {
      if ('ready' in message) {
        child.send('go');
        started();
      } else resolve(message);
    });
    child.once('exit', (code) => reject(new Error(`the burst's process exited with ${code} before reporting`)));
  });
  child.send({ baseUrl, attempts } satisfies BurstOrder);
  return result;
}

/** The admin signing in every PROBE_EVERY_MS until stop() is called (each on its own, not waiting for the one before). */
function probeAdmin(baseUrl: string): { stop(): Promise<Answer[]> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const origin = performance.now();
  const pending: Promise<Answer>[] = [];
  const fire = () => pending.push(signIn(agent, baseUrl, { username: 'admin', password: ADMIN_PASSWORD, address: ADMIN_ADDRESS }, origin));
  fire();
  const timer = setInterval(fire, PROBE_EVERY_MS);
  return {
    stop: async () => {
      clearInterval(timer);
      const answers = await Promise.all(pending);
      agent.destroy();
      return answers;
    },
  };
}

interface ManyAccountsFigures {
  burst: Counts;
  answers: Answer[];
  wallMs: number;
  /** CPU time the server used from the burst's start to its last answer (all its threads). */
  serverCpuMs: number;
  admin: Answer[];
  peakMb: number;
}

/** Scenario 2: 1,000 wrong passwords from 50 addresses for 100 accounts, and the admin signing in meanwhile. */
async function manyAccounts(): Promise<ManyAccountsFigures> {
  const app = await startApp();
  try {
    const baseUrl = app.server.baseUrl;
    const token = await adminToken(baseUrl);
    const regions = (await (await fetch(`${baseUrl}/api/regions`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      id: number;
      level: string;
    }[];
    const county = regions.find((r) => r.level === 'county');
    if (!county) throw new Error('the seed has no county');
    const usernames: string[] = [];
    for (let i = 0; i < 10; i++) {
      const username = `burst-staff-${i}`;
      const created = await fetch(`${baseUrl}/api/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          username,
          displayName: `压测-工作人员-${i}`,
          role: 'staff',
          password: STAFF_PASSWORD,
          scope: [{ level: 'county', id: county.id }],
        }),
      });
      if (!created.ok) throw new Error(`creating ${username}: ${created.status} ${await created.text()}`);
      usernames.push(username);
    }
    for (let i = 0; i < 90; i++) usernames.push(`nobody-${i}`);
    // Request k: account k mod 100, then its r-th of 10; address (10·account + r) mod 50, so
    // each address names 20 accounts and each account is tried from 10 addresses. The first 100
    // requests name 100 different accounts.
    const attempts: SignIn[] = Array.from({ length: 1000 }, (_, k) => {
      const account = k % 100;
      const r = Math.floor(k / 100);
      return { username: usernames[account], password: `spray-${k}-wrong`, address: `10.100.0.${((10 * account + r) % 50) + 1}` };
    });
    let probes: { stop(): Promise<Answer[]> } | undefined;
    let ticksBefore = 0;
    const { answers, wallMs } = await burst(baseUrl, attempts, () => {
      ticksBefore = processTicks(app.server.pid) ?? 0;
      probes = probeAdmin(baseUrl);
    });
    const serverCpuMs = (((processTicks(app.server.pid) ?? 0) - ticksBefore) * 1000) / TICKS_PER_SECOND;
    const admin = await probes!.stop();
    return { burst: counts(answers), answers, wallMs, admin, serverCpuMs, peakMb: await app.stop() };
  } catch (error) {
    await app.stop();
    throw error;
  }
}

/** Scenario 3: the admin signing in every PROBE_EVERY_MS, `count` times, nothing else going on. */
async function baseline(count: number): Promise<{ admin: Answer[]; peakMb: number }> {
  const app = await startApp();
  try {
    const probes = probeAdmin(app.server.baseUrl);
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS * (count - 0.5)));
    const admin = await probes.stop();
    return { admin, peakMb: await app.stop() };
  } catch (error) {
    await app.stop();
    throw error;
  }
}

// ---------------------------------------------------------------- the report

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`);

function latencyLine(answers: Answer[], status: number): string {
  const times = answers.filter((a) => a.status === status).map((a) => a.ms);
  return times.length ? `${status}s p50 ${ms(percentile(times, 50))}, max ${ms(Math.max(...times))}` : `no ${status}`;
}

function adminLine(label: string, answers: Answer[]): string {
  const latencies = answers.map((a) => a.ms);
  const ok = answers.filter((a) => a.status === 200).length;
  const busy = answers.filter((a) => a.status === 503).length;
  const other = answers.length - ok - busy;
  const okLatencies = answers.filter((a) => a.status === 200).map((a) => a.ms);
  return (
    `| ${label} | ${answers.length} | ${ok} | ${busy}${other ? ` (+${other} other: ${[...counts(answers.filter((a) => a.status !== 200 && a.status !== 503)).byStatus].map(([s, c]) => `${c}×${s}`).join(', ')})` : ''} ` +
    `| ${ms(percentile(latencies, 50))} | ${ms(Math.max(...latencies))} | ${okLatencies.length ? `${ms(percentile(okLatencies, 50))} / ${ms(Math.max(...okLatencies))}` : '–'} |`
  );
}

function report(
  one: OneAccountFigures,
  many: ManyAccountsFigures,
  base: { admin: Answer[]; peakMb: number },
  busyBefore: number | null,
): string {
  const other = (c: Counts) => {
    const rest = [...c.byStatus].filter(([s]) => ![401, 429, 503].includes(s));
    return rest.length ? rest.map(([s, k]) => `${k}×${s === 0 ? 'no answer' : s}`).join(', ') : '0';
  };
  const burstRow = (label: string, c: Counts, wallMs: number, peakMb: number) =>
    `| ${label} | ${c.sent} | ${n(c, 401)} | ${n(c, 429)} | ${n(c, 503)} | ${other(c)} | ${ms(wallMs)} | ${Math.round(peakMb)} MiB |`;
  const busyAnswers = (answers: Answer[]) =>
    [...new Set(answers.filter((a) => a.status === 503).map((a) => `code ${a.code}, Retry-After ${a.retryAfter}`))].join('; ') || 'none';
  return [
    '',
    `Sign-in under a burst: ${new Date().toISOString().slice(0, 10)}, ${cpus().length} CPUs, machine ${busyBefore === null ? 'load unknown' : `${busyBefore.toFixed(0)}% busy`} before the first scenario.`,
    '',
    '| burst | sent | 401 (password checked) | 429 | 503 | other | wall time | server peak memory |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    burstRow('1. 60 wrong passwords at once, one account, 60 addresses', one.burst, one.wallMs, one.peakMb),
    burstRow('2. 1,000 wrong passwords at once, 100 accounts, 50 addresses', many.burst, many.wallMs, many.peakMb),
    '',
    `Scenario 1, then the right password from a new address: ${one.right.status} (Retry-After ${one.right.retryAfter ?? 'none'}) in ${ms(one.right.ms)}.`,
    `Scenario 2, answer times: ${latencyLine(many.answers, 401)}; ${latencyLine(many.answers, 503)}; the server used ${ms(many.serverCpuMs)} of CPU in the burst's ${ms(many.wallMs)}.`,
    '',
    `| the admin signing in every ${PROBE_EVERY_MS} ms | sign-ins | 200 | 503 | p50 | max | 200s: p50 / max |`,
    '|---|---:|---:|---:|---:|---:|---:|',
    adminLine('2. during the 1,000-request burst', many.admin),
    adminLine('3. no burst (baseline)', base.admin),
    '',
    `503s of the burst: ${busyAnswers(many.answers)}; of the admin: ${busyAnswers(many.admin)}.`,
    `The admin's sign-ins during the burst (sent at → status in time): ${many.admin.map((a) => `${ms(a.sentAtMs)} → ${a.status} in ${ms(a.ms)}`).join(', ')}.`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { probes: { type: 'string', default: '20' } }, strict: true });
  const probeCount = Number(values.probes);
  if (!Number.isInteger(probeCount) || probeCount < 1) throw new Error(`--probes must be a positive integer, not ${values.probes}`);
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the servers`);
    void stopAllServers().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const busyBefore = await machineBusyPercent();
    if (busyBefore !== null && busyBefore > 25)
      log(`the machine is ${busyBefore.toFixed(0)}% busy before starting: the figures will show it`);
    log('scenario 1: 60 wrong passwords at once for one account');
    const one = await oneAccount();
    log('scenario 2: 1,000 wrong passwords at once from 50 addresses, the admin signing in meanwhile');
    const many = await manyAccounts();
    log(`scenario 3: the admin signing in ${probeCount} times, no burst`);
    const base = await baseline(probeCount);
    process.stdout.write(`${report(one, many, base, busyBefore)}\n`);
  } finally {
    await stopAllServers();
  }
}

if (process.argv.includes('--burst-child')) {
  burstChild().catch((error: unknown) => {
    process.stderr.write(`the burst's process failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
