/**
 * The batch-move benchmark: `npm run bench:batch` builds the app and, for each database, loads a
 * county-sized dataset straight into a fresh one (dataset.ts: 100,000 households over 100
 * villages, with their history, about a fifth still pending), starts the real server (as `npm
 * start` runs it, production settings) on it, creates a staff account over every county
 * through the API, and then, as that account:
 *
 *   1. sends K batches of 500 moves (pending → in_progress, each on its own household, the
 *      households of a batch spread over every village) to POST /api/transitions/batch, one
 *      batch at a time: each batch's latency, the moves applied per second, every item checked
 *      `applied` with the household it names now in progress;
 *   2. sends the same K batches again: every item must come back `duplicate` and the history
 *      (status_changes) must not grow by a row: the retry path's latency;
 *   3. for comparison, as many moves (on other pending households) as single POST
 *      /api/households/:id/transitions with a clientId, one at a time, then as many again with
 *      8 clients at once: moves per second and latency;
 *   4. throughout, GET /api/health one request at a time every 20 ms (HealthSampler), phase by
 *      phase, so a batch that holds up other requests shows (and a few seconds of it idle first,
 *      as the reference);
 *   5. the server's peak resident memory (VmHWM), and at the end the progress counters checked
 *      exact (checkStatusCounters recounts them from households and history) and the progress
 *      report's totals against a COUNT over households.
 *
 *   npm run bench:batch                                     # SQLite and PostgreSQL, 100,000 households
 *   npm run bench:batch -- --db sqlite --households 20000 --batches 4
 *
 * Flags: --db sqlite|postgres|both (both) --households N (100000) --villages N (100) --batches K
 * (10) --concurrency N for the concurrent single moves (8) --json FILE (the figures as JSON).
 * PostgreSQL: the database is created for the run and dropped after it, on DATABASE_URL when it
 * is a postgres:// URL, else on postgres://postgres@127.0.0.1:5432/postgres.
 *
 * Exits 1 when a run fails or a check does not hold.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { addDays, calendarDateAt } from '../../src/common/dates.js';
import { checkStatusCounters, rebuildStatusCounters } from '../../src/household-writes/status-counters.js';
import { createMigratedDataSource, loadDataset, type DatasetSummary } from './dataset.js';
import {
  Api,
  ApiError,
  CpuMeter,
  freshDatabase,
  HealthSampler,
  memoryMb,
  percentile,
  type CpuFigures,
  type DatabaseKind,
  type FreshDatabase,
  type LatencyFigures,
} from './import-harness.js';
import { freePort, machineBusyPercent, startApplication, stopAllServers, type ServerProcess } from './processes.js';

const USAGE = `npm run bench:batch -- [--db sqlite|postgres|both] [--households 100000] [--villages 100] [--batches 10]
  [--concurrency 8] [--json FILE]`;
const BATCH_SIZE = 500;
const HEALTH_EVERY_MS = 20;
const IDLE_HEALTH_MS = 3000;
const BATCH_TIMEOUT_MS = 300_000;
/** Moves sent before the measured phases (a small batch and a few single moves), so the figures are not a cold start's. */
const WARM_UP_BATCH = 50;
const WARM_UP_SINGLES = 50;
const STAFF_USERNAME = 'bench.staff';

class UsageError extends Error {}

interface Settings {
  databases: DatabaseKind[];
  households: number;
  villages: number;
  batches: number;
  concurrency: number;
  json: string | undefined;
}

function settings(): Settings {
  let values;
  try {
    values = parseArgs({
      options: {
        db: { type: 'string', default: 'both' },
        households: { type: 'string', default: '100000' },
        villages: { type: 'string', default: '100' },
        batches: { type: 'string', default: '10' },
        concurrency: { type: 'string', default: '8' },
        json: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const positive = (name: 'households' | 'villages' | 'batches' | 'concurrency') => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, not ${values[name]}`);
    return n;
  };
  const db = values.db;
  if (db !== 'sqlite' && db !== 'postgres' && db !== 'both') throw new UsageError(`--db must be sqlite, postgres or both, not ${db}`);
  const households = positive('households');
  const villages = positive('villages');
  if (villages > households) throw new UsageError('--villages must not exceed --households');
  return {
    databases: db === 'both' ? ['sqlite', 'postgres'] : [db],
    households,
    villages,
    batches: positive('batches'),
    concurrency: positive('concurrency'),
    json: values.json,
  };
}

function log(message: string): void {
  process.stderr.write(`[bench:batch] ${message}\n`);
}

/** One move as the benchmark plans it: a pending household, its version, and the clientId it is sent with. */
interface PlannedMove {
  clientId: string;
  householdId: number;
  version: number;
}

interface HouseholdView {
  id: number;
  status: string;
  version: number;
}

interface BatchResult {
  clientId: string | null;
  householdId: number | null;
  outcome: 'applied' | 'duplicate' | 'conflict' | 'refused' | 'not_found' | 'invalid';
  statusCode: number;
  code: string | null;
  message: string | null;
  household?: HouseholdView;
}

interface ProgressRow {
  grade: string;
  appraised: number;
  completed: number;
  accepted: number;
  pending: number;
  inProgress: number;
}

interface Latencies {
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

function latencies(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted.length === 0 ? null : sorted[sorted.length - 1],
  };
}

/** One batch as sent: its round trip and what came back. */
interface BatchFigures {
  ms: number;
  /** From the phase's start, so health's slowest answers can be placed in a batch. */
  startS: number;
  items: number;
  outcomes: Record<string, number>;
  /** Items that did not come back as expected (the first few). */
  problems: string[];
}

interface BatchPhase {
  batches: BatchFigures[];
  latency: Latencies;
  /** Moves (items) per second over the phase's batches: items / the sum of their round trips. */
  movesPerS: number;
  seconds: number;
  health: LatencyFigures;
  cpu: CpuFigures;
}

interface SinglesPhase {
  clients: number;
  moves: number;
  ok: number;
  problems: string[];
  seconds: number;
  movesPerS: number;
  latency: Latencies;
  health: LatencyFigures;
  cpu: CpuFigures;
}

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

interface RunFigures {
  database: DatabaseKind;
  describe: string;
  dataset: DatasetSummary;
  loadS: number;
  startupS: number;
  busyBeforePercent: number | null;
  idleHealth: LatencyFigures;
  apply: BatchPhase;
  retry: BatchPhase;
  sequential: SinglesPhase;
  concurrent: SinglesPhase;
  historyRows: { before: number; afterApply: number; afterRetry: number; afterSingles: number };
  peakRssMb: number;
  vmHwmMb: number | null;
  checks: Check[];
}

interface FailedRun {
  database: DatabaseKind;
  error: string;
  peakRssMb: number | null;
}

const isFailed = (r: RunFigures | FailedRun): r is FailedRun => 'error' in r;

/**
 * The staff account's client: JSON POSTs over node:http on kept-alive connections. fetch costs
 * the client well over a millisecond of CPU per request, which on two cores would come out of
 * the server's share during the single moves and make them look slower than they are.
 */
class StaffClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly url: URL;

  constructor(
    baseUrl: string,
    private readonly token: string,
  ) {
    this.url = new URL(baseUrl);
  }

  post<T>(path: string, body: unknown, timeoutMs = 60_000): Promise<T> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          method: 'POST',
          path,
          headers: {
            authorization: `Bearer ${this.token}`,
            'accept-language': 'en',
            'content-type': 'application/json',
            'content-length': payload.length,
          },
          timeout: timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            if (status < 200 || status >= 300) reject(new ApiError(status, text, `POST ${path}`));
            else resolve(JSON.parse(text) as T);
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`POST ${path}: no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

async function countRows(dataSource: DataSource, sql: string): Promise<number> {
  const [row] = await dataSource.query<{ n: unknown }[]>(sql);
  return Number(row.n);
}

const historyRows = (dataSource: DataSource) => countRows(dataSource, 'SELECT COUNT(*) AS n FROM status_changes');

/**
 * `needed` pending households spread evenly over the dataset (every k-th pending one in id
 * order; the villages hold consecutive blocks of ids), with their versions.
 */
async function pendingHouseholds(dataSource: DataSource, needed: number): Promise<PlannedMove[]> {
  const rows = await dataSource.query<{ id: unknown; version: unknown }[]>(
    `SELECT id, version FROM households WHERE status = 'pending' ORDER BY id`,
  );
  if (rows.length < needed) {
    throw new UsageError(
      `the dataset has ${rows.length} pending households; this run moves ${needed}: use more --households or fewer --batches`,
    );
  }
  const step = rows.length / needed;
  return Array.from({ length: needed }, (_, i) => {
    const row = rows[Math.floor(i * step)];
    return { clientId: randomUUID(), householdId: Number(row.id), version: Number(row.version) };
  });
}

/**
 * Deals the planned moves out: the warm-up first, then the batches (move i of the rest to
 * batch i mod K, so that every batch spans every village), then the single moves.
 */
function deal(moves: PlannedMove[], s: Settings) {
  const warmUpBatch = moves.slice(0, WARM_UP_BATCH);
  const warmUpSingles = moves.slice(WARM_UP_BATCH, WARM_UP_BATCH + WARM_UP_SINGLES);
  const rest = moves.slice(WARM_UP_BATCH + WARM_UP_SINGLES);
  const n = s.batches * BATCH_SIZE;
  // Interleaved across the three phases too, so each phase draws on every village alike.
  const phase = (k: number) => rest.filter((_, i) => i % 3 === k);
  const batched = phase(0);
  const batches = Array.from({ length: s.batches }, (_, b) => batched.filter((_, i) => i % s.batches === b));
  return { warmUpBatch, warmUpSingles, batches, sequential: phase(1).slice(0, n), concurrent: phase(2).slice(0, n) };
}

const movesNeeded = (s: Settings) => WARM_UP_BATCH + WARM_UP_SINGLES + 3 * s.batches * BATCH_SIZE;

function batchBody(moves: PlannedMove[], occurredOn: string) {
  return {
    items: moves.map((m) => ({ clientId: m.clientId, householdId: m.householdId, to: 'in_progress', occurredOn, version: m.version })),
  };
}

/** Checks each result against the item it answers: in order, the expected outcome, the household now in progress at the next version. */
function judgeResults(moves: PlannedMove[], results: BatchResult[], expected: 'applied' | 'duplicate'): string[] {
  const problems: string[] = [];
  if (results.length !== moves.length) problems.push(`${results.length} results for ${moves.length} items`);
  for (let i = 0; i < Math.min(moves.length, results.length) && problems.length < 5; i++) {
    const m = moves[i];
    const r = results[i];
    if (r.clientId !== m.clientId || r.householdId !== m.householdId) {
      problems.push(`result ${i} answers ${r.clientId}/${r.householdId}, not ${m.clientId}/${m.householdId}`);
    } else if (r.outcome !== expected) {
      problems.push(`household ${m.householdId}: ${r.outcome} ${r.statusCode} ${r.code}: ${r.message}`);
    } else if (r.household?.status !== 'in_progress' || r.household.version !== m.version + 1) {
      problems.push(`household ${m.householdId}: answered status ${r.household?.status} version ${r.household?.version}`);
    }
  }
  return problems;
}

const tally = (results: BatchResult[]) =>
  results.reduce<Record<string, number>>((counts, r) => ({ ...counts, [r.outcome]: (counts[r.outcome] ?? 0) + 1 }), {});

/** Runs `action` with GET /api/health sampled and the CPU metered; the sampler is stopped however it ends. */
async function sampled<T>(
  server: ServerProcess,
  withPostgres: boolean,
  action: () => Promise<T>,
): Promise<{ value: T; health: LatencyFigures; cpu: CpuFigures }> {
  const health = new HealthSampler(server.baseUrl, HEALTH_EVERY_MS);
  const cpu = new CpuMeter(server.pid, withPostgres);
  health.start();
  let value: T;
  try {
    value = await action();
  } catch (error) {
    await health.stop();
    throw error;
  }
  const cpuFigures = cpu.read();
  return { value, health: await health.stop(), cpu: cpuFigures };
}

/** The batches one after another, each checked for `expected` on every item. */
async function sendBatches(
  api: StaffClient,
  server: ServerProcess,
  withPostgres: boolean,
  batches: PlannedMove[][],
  occurredOn: string,
  expected: 'applied' | 'duplicate',
): Promise<BatchPhase> {
  const started = performance.now();
  const { value, health, cpu } = await sampled(server, withPostgres, async () => {
    const figures: BatchFigures[] = [];
    for (const [index, moves] of batches.entries()) {
      const sent = performance.now();
      const { results } = await api.post<{ results: BatchResult[] }>(
        '/api/transitions/batch',
        batchBody(moves, occurredOn),
        BATCH_TIMEOUT_MS,
      );
      const ms = performance.now() - sent;
      const batch: BatchFigures = {
        ms,
        startS: (sent - started) / 1000,
        items: moves.length,
        outcomes: tally(results),
        problems: judgeResults(moves, results, expected),
      };
      figures.push(batch);
      log(
        `  ${expected === 'applied' ? 'batch' : 'retry'} ${index + 1}/${batches.length}: ${ms.toFixed(0)} ms, ${JSON.stringify(batch.outcomes)}` +
          (batch.problems.length > 0 ? `; PROBLEMS: ${batch.problems.join(' | ')}` : ''),
      );
    }
    return figures;
  });
  const items = value.reduce((n, b) => n + b.items, 0);
  const roundTrips = value.reduce((t, b) => t + b.ms, 0);
  return {
    batches: value,
    latency: latencies(value.map((b) => b.ms)),
    movesPerS: (items * 1000) / roundTrips,
    seconds: (performance.now() - started) / 1000,
    health,
    cpu,
  };
}

/** The moves as single POSTs with a clientId, by `clients` clients each sending its next one as soon as the last is answered. */
async function sendSingles(
  api: StaffClient,
  server: ServerProcess,
  withPostgres: boolean,
  moves: PlannedMove[],
  occurredOn: string,
  clients: number,
): Promise<SinglesPhase> {
  const times: number[] = [];
  const problems: string[] = [];
  let ok = 0;
  let next = 0;
  const client = async () => {
    while (next < moves.length) {
      const m = moves[next++];
      const sent = performance.now();
      try {
        const household = await api.post<HouseholdView>(`/api/households/${m.householdId}/transitions`, {
          to: 'in_progress',
          occurredOn,
          version: m.version,
          clientId: m.clientId,
        });
        if (household.status === 'in_progress' && household.version === m.version + 1) ok++;
        else if (problems.length < 5) problems.push(`household ${m.householdId}: status ${household.status} version ${household.version}`);
      } catch (error) {
        if (problems.length < 5) problems.push(error instanceof Error ? error.message : String(error));
      }
      times.push(performance.now() - sent);
    }
  };
  const {
    value: seconds,
    health,
    cpu,
  } = await sampled(server, withPostgres, async () => {
    const started = performance.now();
    await Promise.all(Array.from({ length: clients }, client));
    return (performance.now() - started) / 1000;
  });
  return { clients, moves: moves.length, ok, problems, seconds, movesPerS: ok / seconds, latency: latencies(times), health, cpu };
}

/** An idle stretch of health samples: what health answers in when nothing else is asked. */
async function idleHealth(server: ServerProcess): Promise<LatencyFigures> {
  const sampler = new HealthSampler(server.baseUrl, HEALTH_EVERY_MS);
  sampler.start();
  await new Promise((resolve) => setTimeout(resolve, IDLE_HEALTH_MS));
  return sampler.stop();
}

/** The progress report's totals (every grade) against a COUNT over households by grade and status. */
async function checkProgressTotals(admin: Api, dataSource: DataSource): Promise<Check> {
  const counted = await dataSource.query<{ grade: string; status: string; n: unknown }[]>(
    'SELECT grade, status, COUNT(*) AS n FROM households GROUP BY grade, status',
  );
  const report = await admin.json<{ total: ProgressRow[]; notYetRecorded: number }>(
    'GET',
    '/api/reports/progress?groupBy=county',
    undefined,
    300_000,
  );
  const grades = [...new Set([...counted.map((c) => c.grade), ...report.total.map((r) => r.grade)])].sort();
  const problems: string[] = [];
  for (const grade of grades) {
    const n = (status: string) => Number(counted.find((c) => c.grade === grade && c.status === status)?.n ?? 0);
    const expected = {
      appraised: n('pending') + n('in_progress') + n('completed') + n('accepted'),
      completed: n('completed') + n('accepted'),
      accepted: n('accepted'),
      pending: n('pending'),
      inProgress: n('in_progress'),
    };
    const row = report.total.find((r) => r.grade === grade);
    for (const field of Object.keys(expected) as (keyof typeof expected)[]) {
      const reported = row?.[field] ?? 0;
      if (reported !== expected[field]) problems.push(`${grade} ${field}: report ${reported}, households ${expected[field]}`);
    }
  }
  if (report.notYetRecorded !== 0) problems.push(`notYetRecorded ${report.notYetRecorded}`);
  const summary = report.total.map(
    (r) => `${r.grade} 鉴定${r.appraised} 未开工${r.pending} 施工中${r.inProgress} 完工${r.completed} 验收${r.accepted}`,
  );
  return {
    name: 'GET /api/reports/progress totals = COUNT over households',
    ok: problems.length === 0,
    detail: problems.length === 0 ? summary.join('; ') : problems.slice(0, 5).join('; '),
  };
}

async function createStaff(admin: Api, dataSource: DataSource, baseUrl: string): Promise<StaffClient> {
  const counties = await dataSource.query<{ id: unknown }[]>(`SELECT id FROM regions WHERE level = 'county' ORDER BY id`);
  const password = `基准测试-${randomBytes(9).toString('hex')}`;
  await admin.json('POST', '/api/users', {
    username: STAFF_USERNAME,
    password,
    displayName: '基准测试员',
    role: 'staff',
    scope: counties.map((c) => ({ level: 'county', id: Number(c.id) })),
  });
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: STAFF_USERNAME, password }),
  });
  const text = await response.text();
  if (!response.ok) throw new ApiError(response.status, text, 'POST /api/auth/login (staff)');
  return new StaffClient(baseUrl, (JSON.parse(text) as { accessToken: string }).accessToken);
}

/** The run in progress, so that a signal can close and drop its database too (a `finally` does not run on process.exit). */
const current: { database?: FreshDatabase; dataSource?: DataSource } = {};

async function releaseDatabase(): Promise<void> {
  const { database, dataSource } = current;
  current.database = undefined;
  current.dataSource = undefined;
  if (dataSource?.isInitialized) await dataSource.destroy();
  if (database) {
    await database.drop();
    log(`${database.kind}: database dropped`);
  }
}

async function runOne(kind: DatabaseKind, s: Settings): Promise<RunFigures | FailedRun> {
  const database: FreshDatabase = await freshDatabase(kind);
  current.database = database;
  log(`${kind}: fresh database ${database.describe}`);
  let dataSource: DataSource | undefined;
  let server: ServerProcess | undefined;
  try {
    // The dataset's history ends yesterday; the moves are dated today (the server's today, in the county's time zone).
    const today = calendarDateAt(new Date());
    const loadStarted = performance.now();
    dataSource = await createMigratedDataSource(database.url);
    current.dataSource = dataSource;
    const dataset = await loadDataset(dataSource, { households: s.households, villages: s.villages, reportDate: addDays(today, -1) });
    await rebuildStatusCounters(dataSource);
    const loadS = (performance.now() - loadStarted) / 1000;
    log(
      `${kind}: ${dataset.households.toLocaleString('en')} households in ${dataset.villages} villages, ` +
        `${dataset.statusChanges.toLocaleString('en')} history rows, loaded in ${loadS.toFixed(1)} s; ${JSON.stringify(dataset.statuses)}`,
    );
    const plan = deal(await pendingHouseholds(dataSource, movesNeeded(s)), s);

    const adminPassword = `bench-${randomBytes(9).toString('hex')}`;
    const startedAt = performance.now();
    const app = await startApplication(
      {
        DATABASE_URL: database.url,
        SEED: 'none',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        ADMIN_PASSWORD: adminPassword,
        JWT_SECRET: randomBytes(36).toString('base64'),
      },
      await freePort(),
    );
    server = app;
    const startupS = (performance.now() - startedAt) / 1000;
    log(`${kind}: server pid ${app.pid} at ${app.baseUrl}, started in ${startupS.toFixed(1)} s`);
    const admin = new Api(app.baseUrl);
    await admin.signIn('admin', adminPassword);
    const staff = await createStaff(admin, dataSource, app.baseUrl);
    const withPostgres = kind === 'postgres';

    // Warm-up: one small batch, a few single moves and a report, unmeasured.
    const warmUp = await staff.post<{ results: BatchResult[] }>('/api/transitions/batch', batchBody(plan.warmUpBatch, today));
    const warmUpProblems = judgeResults(plan.warmUpBatch, warmUp.results, 'applied');
    if (warmUpProblems.length > 0) throw new Error(`warm-up batch: ${warmUpProblems.join(' | ')}`);
    const warmUpSingles = await sendSingles(staff, app, withPostgres, plan.warmUpSingles, today, 1);
    if (warmUpSingles.problems.length > 0) throw new Error(`warm-up single moves: ${warmUpSingles.problems.join(' | ')}`);
    await admin.json('GET', '/api/reports/progress?groupBy=county', undefined, 300_000);

    const busyBeforePercent = await machineBusyPercent();
    log(`${kind}: machine busy ${busyBeforePercent?.toFixed(0) ?? '?'}% before the measured phases`);
    const idle = await idleHealth(app);
    const before = await historyRows(dataSource);

    log(`${kind}: ${s.batches} batches of ${BATCH_SIZE} moves`);
    const apply = await sendBatches(staff, app, withPostgres, plan.batches, today, 'applied');
    const afterApply = await historyRows(dataSource);
    log(`${kind}: the same ${s.batches} batches again (retries)`);
    const retry = await sendBatches(staff, app, withPostgres, plan.batches, today, 'duplicate');
    const afterRetry = await historyRows(dataSource);

    log(`${kind}: ${plan.sequential.length} single moves, one at a time`);
    const sequential = await sendSingles(staff, app, withPostgres, plan.sequential, today, 1);
    log(`${kind}: ${sequential.movesPerS.toFixed(0)} moves/s; ${plan.concurrent.length} single moves, ${s.concurrency} clients`);
    const concurrent = await sendSingles(staff, app, withPostgres, plan.concurrent, today, s.concurrency);
    log(`${kind}: ${concurrent.movesPerS.toFixed(0)} moves/s`);
    const afterSingles = await historyRows(dataSource);
    staff.close();

    const vmHwmMb = memoryMb(app.pid)?.hwm ?? null;
    const counterStarted = performance.now();
    const counters = await checkStatusCounters(dataSource);
    log(`${kind}: counters checked in ${((performance.now() - counterStarted) / 1000).toFixed(1)} s`);
    const progress = await checkProgressTotals(admin, dataSource);
    const inProgress = await countRows(dataSource, `SELECT COUNT(*) AS n FROM households WHERE status = 'in_progress'`);
    const moved = movesNeeded(s);
    const batchItems = s.batches * BATCH_SIZE;
    const all = (phase: BatchPhase, outcome: string) => phase.batches.reduce((n, b) => n + (b.outcomes[outcome] ?? 0), 0);
    const problemsOf = (phase: BatchPhase) =>
      phase.batches
        .flatMap((b) => b.problems)
        .slice(0, 3)
        .join(' | ');
    const checks: Check[] = [
      {
        name: 'every batch item applied, each household now in progress',
        ok: all(apply, 'applied') === batchItems && apply.batches.every((b) => b.problems.length === 0),
        detail: `${all(apply, 'applied')}/${batchItems} applied ${problemsOf(apply)}`.trim(),
      },
      {
        name: 'history grew by one row per applied item',
        ok: afterApply - before === batchItems,
        detail: `status_changes ${before.toLocaleString('en')} → ${afterApply.toLocaleString('en')}`,
      },
      {
        name: 'every retried item duplicate',
        ok: all(retry, 'duplicate') === batchItems && retry.batches.every((b) => b.problems.length === 0),
        detail: `${all(retry, 'duplicate')}/${batchItems} duplicate ${problemsOf(retry)}`.trim(),
      },
      {
        name: 'the retries wrote no history',
        ok: afterRetry === afterApply,
        detail: `status_changes ${afterApply.toLocaleString('en')} → ${afterRetry.toLocaleString('en')}`,
      },
      {
        name: 'every single move answered 200, household in progress',
        ok: sequential.ok === sequential.moves && concurrent.ok === concurrent.moves,
        detail:
          `one at a time ${sequential.ok}/${sequential.moves}, ${concurrent.clients} clients ${concurrent.ok}/${concurrent.moves} ` +
          [...sequential.problems, ...concurrent.problems].slice(0, 3).join(' | '),
      },
      {
        name: 'history grew by one row per single move',
        ok: afterSingles - afterRetry === sequential.moves + concurrent.moves,
        detail: `status_changes ${afterRetry.toLocaleString('en')} → ${afterSingles.toLocaleString('en')}`,
      },
      {
        name: 'households in progress = the dataset’s + every move',
        ok: inProgress === dataset.statuses.in_progress + moved,
        detail: `${inProgress.toLocaleString('en')} = ${dataset.statuses.in_progress.toLocaleString('en')} + ${moved.toLocaleString('en')}`,
      },
      {
        name: 'progress counters exact (checkStatusCounters)',
        ok: counters.consistent,
        detail: counters.consistent ? 'status_counts, deltas, entries and change dates agree' : counters.differences.slice(0, 5).join('; '),
      },
      progress,
    ];
    const peakRssMb = await app.stop();
    return {
      database: kind,
      describe: database.describe,
      dataset,
      loadS,
      startupS,
      busyBeforePercent,
      idleHealth: idle,
      apply,
      retry,
      sequential,
      concurrent,
      historyRows: { before, afterApply, afterRetry, afterSingles },
      peakRssMb,
      vmHwmMb,
      checks,
    };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = error instanceof ApiError || !(error instanceof Error) ? String(error) : (error.stack ?? error.message);
    log(`${kind}: FAILED: ${message}`);
    const peakRssMb = server ? await server.stop() : null;
    return { database: kind, error: error instanceof Error ? error.message : String(error), peakRssMb };
  } finally {
    await server?.stop();
    await releaseDatabase();
  }
}

/** Other processes' share of the whole machine over a phase (100% = every core busy). */
const otherShare = (cpu: CpuFigures) =>
  cpu.otherS === null || cpu.wallS === 0 ? '?' : `${((100 * cpu.otherS) / cpu.wallS / availableParallelism()).toFixed(0)}%`;

const msText = (v: number | null) => (v === null ? '—' : v < 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(0)} ms`);
const mib = (v: number | null) => (v === null ? '—' : `${v.toFixed(0)} MiB`);
const rate = (v: number) => `${v.toFixed(0)} /s`;
const three = (l: { p50Ms: number | null; p95Ms: number | null; maxMs: number | null }) =>
  `${msText(l.p50Ms)} / ${msText(l.p95Ms)} / ${msText(l.maxMs)}`;

function cpuLine(cpu: CpuFigures): string {
  const parts = [
    `server ${cpu.serverS?.toFixed(1) ?? '?'} s`,
    ...(cpu.postgresS > 0 ? [`postgres ${cpu.postgresS.toFixed(1)} s`] : []),
    `benchmark ${cpu.benchS.toFixed(1)} s`,
    `other processes ${cpu.otherS?.toFixed(1) ?? '?'} s`,
  ];
  return `CPU over ${cpu.wallS.toFixed(1)} s: ${parts.join(', ')}`;
}

/** Health's figures, with the slowest answers placed in the batch that was running when they were sent. */
function healthLine(h: LatencyFigures, batches?: BatchFigures[]): string {
  const where = (atS: number) => {
    if (!batches) return '';
    const index = batches.findIndex((b) => atS >= b.startS && atS <= b.startS + b.ms / 1000);
    return index < 0 ? ' (between batches)' : ` (batch ${index + 1})`;
  };
  return (
    `health ${h.requests} requests: p50 / p95 / max ${three(h)}` +
    (h.failures > 0 ? `, ${h.failures} failed (first: ${h.firstFailure})` : '') +
    `; slowest ${h.slowest.map((x) => `${msText(x.ms)} at ${x.atS.toFixed(1)} s${where(x.atS)}`).join(', ')}`
  );
}

function printRun(r: RunFigures | FailedRun): string {
  if (isFailed(r)) return [`## ${r.database}: FAILED`, r.error, `peak RSS ${mib(r.peakRssMb)}`].join('\n');
  const batchRows = r.apply.batches.map((b, i) => {
    const again = r.retry.batches[i];
    return (
      `| ${i + 1} | ${b.items} | ${msText(b.ms)} | ${rate((b.items * 1000) / b.ms)} | ${b.outcomes.applied ?? 0} | ` +
      `${msText(again.ms)} | ${again.outcomes.duplicate ?? 0} |`
    );
  });
  const singles = (p: SinglesPhase) =>
    `${p.moves} single moves, ${p.clients === 1 ? 'one at a time' : `${p.clients} clients`}: ${p.seconds.toFixed(1)} s, ` +
    `${rate(p.movesPerS)}, latency p50 / p95 / max ${three(p.latency)}`;
  return [
    `## ${r.database} (${r.describe})`,
    `dataset ${r.dataset.households.toLocaleString('en')} households in ${r.dataset.villages} villages, ` +
      `${r.dataset.statusChanges.toLocaleString('en')} history rows (${JSON.stringify(r.dataset.statuses)}), loaded in ${r.loadS.toFixed(1)} s; ` +
      `server started in ${r.startupS.toFixed(1)} s`,
    `machine busy before the measured phases: ${r.busyBeforePercent === null ? '?' : `${r.busyBeforePercent.toFixed(0)}%`}`,
    `idle ${healthLine(r.idleHealth)}`,
    '',
    '| batch | items | latency | moves/s | applied | retry latency | duplicate |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...batchRows,
    '',
    `batches: ${r.apply.seconds.toFixed(1)} s; ${healthLine(r.apply.health, r.apply.batches)}`,
    `  ${cpuLine(r.apply.cpu)}`,
    `retries: ${r.retry.seconds.toFixed(1)} s; ${healthLine(r.retry.health, r.retry.batches)}`,
    `  ${cpuLine(r.retry.cpu)}`,
    singles(r.sequential),
    `  ${healthLine(r.sequential.health)}`,
    `  ${cpuLine(r.sequential.cpu)}`,
    singles(r.concurrent),
    `  ${healthLine(r.concurrent.health)}`,
    `  ${cpuLine(r.concurrent.cpu)}`,
    `status_changes rows: ${r.historyRows.before.toLocaleString('en')} before, ${r.historyRows.afterApply.toLocaleString('en')} after the batches, ` +
      `${r.historyRows.afterRetry.toLocaleString('en')} after the retries, ${r.historyRows.afterSingles.toLocaleString('en')} after the single moves`,
    `server peak memory: VmHWM ${mib(r.vmHwmMb)} (highest seen, VmHWM or sampled VmRSS: ${mib(r.peakRssMb)})`,
    ...r.checks.map((c) => `check ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`),
  ].join('\n');
}

function printTable(runs: (RunFigures | FailedRun)[], s: Settings): string {
  const metrics: { name: string; pick: (x: RunFigures) => string }[] = [
    { name: `batch of ${BATCH_SIZE} latency p50 / p95 / max`, pick: (x) => three(x.apply.latency) },
    { name: 'batch moves/s (applied)', pick: (x) => rate(x.apply.movesPerS) },
    {
      name: 'items applied',
      pick: (x) => `${x.apply.batches.reduce((n, b) => n + (b.outcomes.applied ?? 0), 0)}/${s.batches * BATCH_SIZE}`,
    },
    { name: 'retry batch latency p50 / p95 / max', pick: (x) => three(x.retry.latency) },
    {
      name: 'retried items duplicate; history rows added',
      pick: (x) =>
        `${x.retry.batches.reduce((n, b) => n + (b.outcomes.duplicate ?? 0), 0)}/${s.batches * BATCH_SIZE}; ` +
        `${x.historyRows.afterRetry - x.historyRows.afterApply}`,
    },
    { name: 'single POSTs, one at a time: moves/s', pick: (x) => rate(x.sequential.movesPerS) },
    { name: 'single POSTs, one at a time: p50 / p95 / max', pick: (x) => three(x.sequential.latency) },
    { name: `single POSTs, ${s.concurrency} clients: moves/s`, pick: (x) => rate(x.concurrent.movesPerS) },
    { name: `single POSTs, ${s.concurrency} clients: p50 / p95 / max`, pick: (x) => three(x.concurrent.latency) },
    { name: 'health idle p50 / p95 / max', pick: (x) => three(x.idleHealth) },
    { name: 'health during batches p50 / p95 / max', pick: (x) => three(x.apply.health) },
    { name: 'health during retries p50 / p95 / max', pick: (x) => three(x.retry.health) },
    { name: `health during ${s.concurrency}-client singles p50 / p95 / max`, pick: (x) => three(x.concurrent.health) },
    { name: 'server peak RSS (VmHWM)', pick: (x) => mib(x.vmHwmMb) },
    { name: 'machine busy before', pick: (x) => (x.busyBeforePercent === null ? '?' : `${x.busyBeforePercent.toFixed(0)}%`) },
    {
      name: 'other processes’ CPU: batches / retries / singles ×1 / ×N',
      pick: (x) => [x.apply.cpu, x.retry.cpu, x.sequential.cpu, x.concurrent.cpu].map(otherShare).join(' / '),
    },
    { name: 'checks', pick: (x) => `${x.checks.filter((c) => c.ok).length}/${x.checks.length} hold` },
  ];
  return [
    `| ${s.households.toLocaleString('en')} households, ${s.batches} × ${BATCH_SIZE} moves | ${runs.map((r) => r.database).join(' | ')} |`,
    `|---|${runs.map(() => '---:|').join('')}`,
    ...metrics.map((m) => `| ${m.name} | ${runs.map((r) => (isFailed(r) ? 'failed' : m.pick(r))).join(' | ')} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const s = settings();
  const started = performance.now();
  const cleanup = async () => {
    await stopAllServers();
    await releaseDatabase();
  };
  process.once('SIGINT', (signal) => {
    log(`${signal}: stopping the server and dropping the database`);
    void cleanup().finally(() => process.exit(130));
  });
  process.once('SIGTERM', (signal) => {
    log(`${signal}: stopping the server and dropping the database`);
    void cleanup().finally(() => process.exit(143));
  });
  try {
    const runs: (RunFigures | FailedRun)[] = [];
    for (const kind of s.databases) runs.push(await runOne(kind, s));
    const command = `npm run bench:batch -- ${process.argv.slice(2).join(' ')}`.trim();
    process.stdout.write(
      [
        `batch moves: ${s.households.toLocaleString('en')} households over ${s.villages} villages; ${s.batches} batches of ${BATCH_SIZE} ` +
          `(pending → in_progress), then ${s.batches * BATCH_SIZE} single moves one at a time and as many with ${s.concurrency} clients; ` +
          `node ${process.version}`,
        `command: ${command}`,
        '',
        ...runs.flatMap((r) => [printRun(r), '']),
        printTable(runs, s),
        '',
        `whole run ${((performance.now() - started) / 1000).toFixed(0)} s`,
        '',
      ].join('\n'),
    );
    if (s.json) {
      writeFileSync(s.json, `${JSON.stringify({ settings: s, batchSize: BATCH_SIZE, runs }, null, 2)}\n`);
      log(`wrote ${s.json}`);
    }
    if (runs.some((r) => isFailed(r) || r.checks.some((c) => !c.ok))) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`Batch benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
