/**
 * The service benchmark (issue 5): one run generates a province-sized dataset, drives the real
 * HTTP server with a load generator in another process, runs the same transition SQL and
 * progress query behind a bare node:http handler on the same database as the ceiling, and
 * prints the figures (and writes them as JSON with --json FILE).
 *
 *   npm run bench                                   # 1,000,000 households, SQLite then PostgreSQL, 10 s per workload
 *   npm run bench -- --runs 2 --readme              # two runs on each, and the README's tables rewritten from them
 *   npm run bench -- --households 20000 --villages 300 --seconds 3 --database sqlite
 *
 * Flags: --households N (1000000) --villages N (3000) --seconds S per workload (10)
 * --connections N for transitions and reads (50) --report-connections N for today's progress
 * (10) --past-connections N for the past-date progress (4) --pool N households cycled by the
 * transitions (50000) --report-date YYYY-MM-DD (2021-12-23) --database sqlite|postgres|both (both)
 * --runs N on each database (1) --json FILE (one run: its figures; more: a list of them) --readme
 * (rewrite the tables between the bench markers of README.md) --keep (keep the database and say where).
 * PostgreSQL runs on a database made for the run and dropped after it, on DATABASE_URL when it
 * is a postgres:// URL, else on postgres://postgres@127.0.0.1:5432/postgres.
 *
 * The server's clock is real: "today" is today in Asia/Shanghai; the dataset's history ends
 * on the report date, which is the past-date report's date.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { calendarDateAt, isCalendarDate } from '../../src/common/dates.js';
import { checkStatusCounters, rebuildStatusCounters, type CounterCheck } from '../../src/household-writes/status-counters.js';
import { createMigratedDataSource, loadDataset, type DatasetSummary } from './dataset.js';
import type { LoadResult, LoadSpec, TransitionTarget } from './load-worker.js';
import {
  bareServerScript,
  freePort,
  machineBusyPercent,
  machineTicks,
  processTicks,
  runLoad,
  startApplication,
  startServer,
  stopAllServers,
  TICKS_PER_SECOND,
  ticksOfProcessesNamed,
  ticksSince,
  projectRoot,
  type ServerProcess,
} from './processes.js';

const USAGE = `npm run bench -- [--households 1000000] [--villages 3000] [--seconds 10] [--connections 50]
  [--report-connections 10] [--past-connections 4] [--pool 50000] [--report-date 2021-12-23]
  [--database sqlite|postgres|both] [--runs 1] [--json FILE] [--readme] [--keep]`;

interface Settings {
  households: number;
  villages: number;
  seconds: number;
  connections: number;
  reportConnections: number;
  pastConnections: number;
  pool: number;
  reportDate: string;
  database: Database;
  keep: boolean;
}

type Database = 'sqlite' | 'postgres';

/** What one command runs: each database, `runs` times, and where the figures go. */
interface Plan {
  databases: Database[];
  runs: number;
  json: string | undefined;
  readme: boolean;
}

function parseArgsOrUsage() {
  try {
    return parseArgs({
      options: {
        households: { type: 'string', default: '1000000' },
        villages: { type: 'string', default: '3000' },
        seconds: { type: 'string', default: '10' },
        connections: { type: 'string', default: '50' },
        'report-connections': { type: 'string', default: '10' },
        'past-connections': { type: 'string', default: '4' },
        pool: { type: 'string', default: '50000' },
        'report-date': { type: 'string', default: '2021-12-23' },
        database: { type: 'string', default: 'both' },
        runs: { type: 'string', default: '1' },
        json: { type: 'string' },
        readme: { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (error) {
    // an unknown flag or a missing value
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function settings(): { s: Omit<Settings, 'database'>; plan: Plan } {
  const { values } = parseArgsOrUsage();
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const positive = (name: keyof typeof values) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, not ${String(values[name])}`);
    return n;
  };
  const database = values.database;
  if (database !== 'sqlite' && database !== 'postgres' && database !== 'both') {
    throw new UsageError(`--database must be sqlite, postgres or both, not ${database}`);
  }
  const reportDate = values['report-date'];
  if (!isCalendarDate(reportDate)) throw new UsageError(`--report-date must be a date YYYY-MM-DD, not ${String(reportDate)}`);
  return {
    s: {
      households: positive('households'),
      villages: positive('villages'),
      seconds: positive('seconds'),
      connections: positive('connections'),
      reportConnections: positive('report-connections'),
      pastConnections: positive('past-connections'),
      pool: positive('pool'),
      reportDate,
      keep: values.keep,
    },
    plan: {
      databases: database === 'both' ? ['sqlite', 'postgres'] : [database],
      runs: positive('runs'),
      json: values.json,
      readme: values.readme,
    },
  };
}

class UsageError extends Error {}

/** The commit measured, with "+changes" when src/ or migrations/ differ from it (null outside git). */
function codeVersion(): string | null {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: projectRoot, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return null;
  const dirty = git('status', '--porcelain', '--', 'src', 'migrations').stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? '+changes' : ''}`;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** A fresh database: a SQLite file in a new temporary folder, or a new PostgreSQL database. */
async function freshDatabase(kind: Settings['database']): Promise<{ url: string; describe: string; drop(keep: boolean): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tracker-bench-'));
    const path = join(dir, 'bench.sqlite');
    return {
      url: `sqlite:${path}`,
      describe: path,
      drop: async (keep) => {
        if (keep) log(`kept the database: ${path}`);
        else rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const fromEnvironment = process.env.DATABASE_URL;
  const adminUrl =
    fromEnvironment && /^postgres(ql)?:\/\//.test(fromEnvironment) ? fromEnvironment : 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `tracker_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    describe: `${url.host}/${name}`,
    drop: async (keep) => {
      if (keep) log(`kept the database: ${name}`);
      else {
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        log(`dropped database ${name}`);
      }
    },
  };
}

/**
 * Households the transitions cycle through: in progress or completed, spread evenly over the
 * whole dataset (every k-th id), so the writes touch every village's counters.
 */
async function choosePool(dataSource: DataSource, households: number, size: number): Promise<number[]> {
  const step = Math.max(1, Math.floor((households * 0.4) / size));
  const p = (n: number) => (dataSource.options.type === 'postgres' ? `$${n}` : '?');
  const rows: { id: unknown }[] = await dataSource.query(
    `SELECT id FROM households WHERE status IN ('in_progress', 'completed') AND grade IN ('B', 'C') AND id % ${p(1)} = 0 ORDER BY id LIMIT ${p(2)}`,
    [step, size],
  );
  return rows.map((r) => Number(r.id));
}

/** The pool's current status and version, read from the database. */
async function poolState(dataSource: DataSource, ids: number[]): Promise<TransitionTarget[]> {
  const postgres = dataSource.options.type === 'postgres';
  const state: TransitionTarget[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const list = chunk.map((_, n) => (postgres ? `$${n + 1}` : '?')).join(', ');
    const rows: { id: unknown; status: string; version: unknown }[] = await dataSource.query(
      `SELECT id, status, version FROM households WHERE id IN (${list}) ORDER BY id`,
      chunk,
    );
    for (const r of rows) {
      if (r.status === 'in_progress' || r.status === 'completed')
        state.push({ id: Number(r.id), status: r.status, version: Number(r.version) });
    }
  }
  return state;
}

/**
 * Runs one workload against `server` and measures, besides its figures, how much of the
 * machine's CPU went to processes other than the server, the load generator, this one and
 * (with PostgreSQL) the local postgres processes.
 */
async function measured(
  server: ServerProcess,
  spec: LoadSpec,
  database: Settings['database'],
): Promise<{ result: LoadResult; otherCpu: number | null; cpu: CpuPerResponse | null }> {
  const postgres = database === 'postgres';
  const machineBefore = machineTicks();
  const serverBefore = processTicks(server.pid);
  const databaseBefore = postgres ? ticksOfProcessesNamed('postgres') : new Map<number, number>();
  const selfBefore = process.cpuUsage();
  const result = await runLoad(spec);
  const machineAfter = machineTicks();
  const serverAfter = processTicks(server.pid);
  const databaseUsed = postgres ? ticksSince(databaseBefore, 'postgres') : 0;
  const self = process.cpuUsage(selfBefore);
  if (!machineBefore || !machineAfter || serverBefore === null || serverAfter === null) return { result, otherCpu: null, cpu: null };
  const ours = serverAfter - serverBefore + databaseUsed + ((result.cpuMs + (self.user + self.system) / 1000) / 1000) * TICKS_PER_SECOND;
  const other = machineAfter.busy - machineBefore.busy - ours;
  const perResponse = (ticks: number) => (result.ok > 0 ? (ticks / TICKS_PER_SECOND / result.ok) * 1e6 : null);
  return {
    result,
    otherCpu: Math.max(0, (100 * other) / (machineAfter.total - machineBefore.total)),
    cpu: {
      serverUs: perResponse(serverAfter - serverBefore),
      databaseUs: postgres ? perResponse(databaseUsed) : null,
    },
  };
}

/**
 * CPU time per 2xx response, microseconds: the server process's (all its threads), and with
 * PostgreSQL the local postgres processes'. Less noisy than req/s on a shared 2-core machine,
 * and it says where a move's time goes.
 */
interface CpuPerResponse {
  serverUs: number | null;
  databaseUs: number | null;
}

/** Waits until the server answers again (a long report may still be running after a workload). */
async function drain(server: ServerProcess, path: string): Promise<void> {
  await fetch(`${server.baseUrl}${path}`, { signal: AbortSignal.timeout(300_000) });
}

interface Row {
  workload: string;
  result: LoadResult;
  /** Share of the machine's CPU that processes other than the benchmark's used meanwhile (%). */
  otherCpu: number | null;
  cpu: CpuPerResponse | null;
  /** The server's peak resident memory so far, when the workload ended (MiB). */
  peakMb?: number;
}

const ms = (v: number | null | undefined) => (v == null ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const micros = (v: number | null | undefined) => (v == null ? '' : v.toFixed(0));
const busy = (v: number | null) => (v === null ? 'unknown' : `${v.toFixed(0)}%`);
const round = (v: number | null | undefined, digits = 2) => (v == null ? null : Number(v.toFixed(digits)));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface ApplicationFigures {
  rows: Row[];
  weeklyXlsxRuns: number[];
  weeklyXlsxBytes: number;
  startedMb: number;
  peakMb: number;
  busyBefore: number | null;
}

/** The real server under load: every workload, then the weekly XLSX, then the server stopped. */
async function benchApplication(
  s: Settings,
  url: string,
  dataSource: DataSource,
  poolIds: number[],
  today: string,
): Promise<ApplicationFigures> {
  const adminPassword = `bench-${randomBytes(9).toString('hex')}`;
  const app = await startApplication(
    {
      DATABASE_URL: url,
      SEED: 'none',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ADMIN_PASSWORD: adminPassword,
      JWT_SECRET: randomBytes(36).toString('base64'),
    },
    await freePort(),
  );
  log(`application server pid ${app.pid} at ${app.baseUrl}`);
  const figures: ApplicationFigures = {
    rows: [],
    weeklyXlsxRuns: [],
    weeklyXlsxBytes: 0,
    startedMb: app.peakRssMb(),
    peakMb: 0,
    busyBefore: null,
  };
  try {
    const login = await fetch(`${app.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: adminPassword }),
    });
    if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };
    const base = { url: app.baseUrl, seconds: s.seconds, headers };
    // Reports are asked for as a browser asks (every browser accepts gzip).
    const report = { ...base, headers: { ...headers, 'accept-encoding': 'gzip' } };
    const workload = async (name: string, spec: LoadSpec) => {
      log(`${name}: ${spec.connections} connections, ${spec.seconds} s`);
      const { result, otherCpu, cpu } = await measured(app, spec, s.database);
      await drain(app, '/api/health');
      figures.rows.push({ workload: name, result, otherCpu, cpu, peakMb: app.peakRssMb() });
    };
    // One request each and a second of transitions first, so the figures are not a cold start's.
    for (const path of [
      '/api/households/1',
      '/api/reports/progress?groupBy=village',
      `/api/reports/progress?asOf=${s.reportDate}&groupBy=village`,
    ]) {
      const response = await fetch(`${app.baseUrl}${path}`, { headers, signal: AbortSignal.timeout(300_000) });
      if (!response.ok) throw new Error(`warm-up GET ${path}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    }
    const transitions = async (): Promise<LoadSpec> => ({
      ...base,
      kind: 'transitions',
      style: 'api',
      occurredOn: today,
      pool: await poolState(dataSource, poolIds),
      connections: s.connections,
      timeout: 30,
    });
    await runLoad({ ...(await transitions()), seconds: 1 });
    figures.busyBefore = await machineBusyPercent();

    await workload('transitions', await transitions());
    await workload('household reads', {
      ...base,
      kind: 'random-id',
      prefix: '/api/households/',
      maxId: s.households,
      connections: s.connections,
      timeout: 30,
    });
    await workload('progress today, village', {
      ...report,
      kind: 'get',
      path: '/api/reports/progress?groupBy=village',
      connections: s.reportConnections,
      timeout: 120,
    });
    await workload('progress today, county', {
      ...report,
      kind: 'get',
      path: '/api/reports/progress?groupBy=county',
      connections: s.reportConnections,
      timeout: 120,
    });
    await workload(`progress ${s.reportDate}, village`, {
      ...report,
      kind: 'get',
      path: `/api/reports/progress?asOf=${s.reportDate}&groupBy=village`,
      connections: s.pastConnections,
      timeout: 300,
    });

    log('weekly XLSX: 3 sequential requests');
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const response = await fetch(`${app.baseUrl}/api/reports/period?period=week&date=${s.reportDate}&groupBy=village&format=xlsx`, {
        headers,
        signal: AbortSignal.timeout(600_000),
      });
      const body = await response.arrayBuffer();
      if (!response.ok) throw new Error(`weekly XLSX: ${response.status} ${Buffer.from(body).toString('utf8').slice(0, 500)}`);
      figures.weeklyXlsxRuns.push(performance.now() - t0);
      figures.weeklyXlsxBytes = body.byteLength;
    }
  } finally {
    figures.peakMb = await app.stop();
  }
  log(`application server stopped; peak RSS ${figures.peakMb.toFixed(0)} MiB`);
  return figures;
}

interface BareFigures {
  rows: Row[];
  peakMb: number;
  busyBefore: number | null;
}

/** The bare reference on the same database, after the application has stopped. */
async function benchBare(s: Settings, url: string, dataSource: DataSource, poolIds: number[], today: string): Promise<BareFigures> {
  const bare = await startServer('the bare reference', bareServerScript(), { DATABASE_URL: url }, await freePort(), '/health');
  log(`bare reference pid ${bare.pid} at ${bare.baseUrl}`);
  const figures: BareFigures = { rows: [], peakMb: 0, busyBefore: null };
  try {
    const base = { url: bare.baseUrl, seconds: s.seconds, headers: {} };
    const workload = async (name: string, spec: LoadSpec) => {
      log(`bare ${name}: ${spec.connections} connections, ${spec.seconds} s`);
      const { result, otherCpu, cpu } = await measured(bare, spec, s.database);
      await drain(bare, '/health');
      figures.rows.push({ workload: `bare: ${name}`, result, otherCpu, cpu, peakMb: bare.peakRssMb() });
    };
    const transitions = async (): Promise<LoadSpec> => ({
      ...base,
      kind: 'transitions',
      style: 'bare',
      occurredOn: today,
      pool: await poolState(dataSource, poolIds),
      connections: s.connections,
      timeout: 30,
    });
    // Warmed up like the application.
    await (await fetch(`${bare.baseUrl}/progress`)).arrayBuffer();
    await runLoad({ ...(await transitions()), seconds: 1 });
    figures.busyBefore = await machineBusyPercent();
    await workload('transitions', await transitions());
    await workload('progress today', { ...base, kind: 'get', path: '/progress', connections: s.reportConnections, timeout: 120 });
    await workload(`progress ${s.reportDate}`, {
      ...base,
      kind: 'get',
      path: `/progress?asOf=${s.reportDate}`,
      connections: s.pastConnections,
      timeout: 300,
    });
  } finally {
    figures.peakMb = await bare.stop();
  }
  return figures;
}

async function checkCounters(dataSource: DataSource, when: string): Promise<CounterCheck> {
  const started = performance.now();
  const check = await checkStatusCounters(dataSource);
  const verdict = check.consistent ? 'consistent' : `INCONSISTENT: ${check.differences.slice(0, 10).join('; ')}`;
  log(`counters ${when}: ${verdict} (checked in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return check;
}

interface Outcome {
  code: string | null;
  dataset: DatasetSummary;
  generationMs: number;
  today: string;
  app: ApplicationFigures;
  bare: BareFigures;
  check: CounterCheck;
  bareCheck: CounterCheck;
}

/** The figures under the keys other tools read (see issue 5), plus details. */
type Figures = ReturnType<typeof figuresJson>;

function figuresJson(s: Settings, o: Outcome) {
  const find = (rows: Row[], name: string) => rows.find((r) => r.workload === name)!.result;
  const cpuOf = (rows: Row[], name: string) => rows.find((r) => r.workload === name)!.cpu;
  const moveCpu = cpuOf(o.app.rows, 'transitions');
  const bareMoveCpu = cpuOf(o.bare.rows, 'bare: transitions');
  const transitions = find(o.app.rows, 'transitions');
  const bareTransitions = find(o.bare.rows, 'bare: transitions');
  const reads = find(o.app.rows, 'household reads');
  const todayVillage = find(o.app.rows, 'progress today, village');
  const todayCounty = find(o.app.rows, 'progress today, county');
  const past = find(o.app.rows, `progress ${s.reportDate}, village`);
  const bareToday = find(o.bare.rows, 'bare: progress today');
  const barePast = find(o.bare.rows, `bare: progress ${s.reportDate}`);
  const ratio = bareTransitions.rps > 0 ? transitions.rps / bareTransitions.rps : null;
  return {
    households: s.households,
    database: s.database,
    code: o.code,
    villages: o.dataset.villages,
    statusChanges: o.dataset.statusChanges,
    generationSeconds: round(o.generationMs / 1000, 1),
    seconds: s.seconds,
    today: o.today,
    reportDate: s.reportDate,
    transitions: {
      rps: round(transitions.rps, 1),
      p50Ms: round(transitions.p50Ms),
      p99Ms: round(transitions.p99Ms),
      bareRps: round(bareTransitions.rps, 1),
      ratio: round(ratio, 3),
      non2xx: transitions.non2xx,
      bareP50Ms: round(bareTransitions.p50Ms),
      bareP99Ms: round(bareTransitions.p99Ms),
      bareNon2xx: bareTransitions.non2xx,
      /** CPU per move, microseconds: the server's, and the local PostgreSQL's (null on SQLite). */
      serverCpuUs: round(moveCpu?.serverUs, 0),
      databaseCpuUs: round(moveCpu?.databaseUs, 0),
      bareServerCpuUs: round(bareMoveCpu?.serverUs, 0),
      bareDatabaseCpuUs: round(bareMoveCpu?.databaseUs, 0),
    },
    householdReads: { rps: round(reads.rps, 1), p50Ms: round(reads.p50Ms), p99Ms: round(reads.p99Ms), non2xx: reads.non2xx },
    progressToday: {
      p50Ms: round(todayVillage.p50Ms),
      p99Ms: round(todayVillage.p99Ms),
      rps: round(todayVillage.rps, 1),
      non2xx: todayVillage.non2xx,
      county: {
        rps: round(todayCounty.rps, 1),
        p50Ms: round(todayCounty.p50Ms),
        p99Ms: round(todayCounty.p99Ms),
        non2xx: todayCounty.non2xx,
      },
      bareP50Ms: round(bareToday.p50Ms),
      bareP99Ms: round(bareToday.p99Ms),
    },
    progressPast: {
      p50Ms: round(past.p50Ms),
      p99Ms: round(past.p99Ms),
      rps: round(past.rps, 2),
      requests: past.ok,
      non2xx: past.non2xx,
      bareP50Ms: round(barePast.p50Ms),
      bareP99Ms: round(barePast.p99Ms),
    },
    weeklyXlsx: {
      ms: round(median(o.app.weeklyXlsxRuns), 0),
      runsMs: o.app.weeklyXlsxRuns.map((v) => round(v, 0)),
      bytes: o.app.weeklyXlsxBytes,
    },
    peakRssMb: round(o.app.peakMb, 0),
    bareReferencePeakRssMb: round(o.bare.peakMb, 0),
    countersConsistent: o.check.consistent,
    counterDifferences: o.check.differences.slice(0, 20),
    countersConsistentAfterBare: o.bareCheck.consistent,
    machineBusyPercentBeforeLoad: { application: round(o.app.busyBefore, 0), bare: round(o.bare.busyBefore, 0) },
    otherCpuPercent: Object.fromEntries([...o.app.rows, ...o.bare.rows].map((r) => [r.workload, round(r.otherCpu, 0)])),
  };
}

const times = (ratio: number | null) => (ratio === null ? '—' : `${ratio.toFixed(2)}×`);

/** Issue 15's bars, for one run's figures. */
function barsOf(f: Figures): { bar: string; ok: boolean; value: string }[] {
  const least = f.database === 'sqlite' ? 0.8 : 0.6;
  const below = (value: number | null, limit: number) => value !== null && value < limit;
  return [
    {
      bar: `transitions ≥ ${least}× the bare reference`,
      ok: f.transitions.ratio !== null && f.transitions.ratio >= least,
      value: times(f.transitions.ratio),
    },
    { bar: "today's progress p50 < 50 ms (village)", ok: below(f.progressToday.p50Ms, 50), value: `${ms(f.progressToday.p50Ms)} ms` },
    { bar: 'past-day progress p50 < 1 s (village)', ok: below(f.progressPast.p50Ms, 1000), value: `${ms(f.progressPast.p50Ms)} ms` },
    { bar: 'weekly XLSX < 3 s (median of 3)', ok: below(f.weeklyXlsx.ms, 3000), value: `${f.weeklyXlsx.ms} ms` },
    { bar: 'server peak RSS < 300 MB', ok: below(f.peakRssMb, 300 / 1.048576), value: `${f.peakRssMb} MiB` },
    { bar: 'counters exact after the load', ok: f.countersConsistent, value: String(f.countersConsistent) },
  ];
}

/** The runs of each database side by side ("run 1 / run 2"): the README's tables. */
function summaryTables(runs: readonly Figures[]): string {
  const join = (values: (number | string | null)[]) =>
    values.map((v) => (v === null ? '—' : typeof v === 'number' ? v.toLocaleString('en') : v)).join(' / ');
  const tables: string[] = [];
  for (const database of ['sqlite', 'postgres'] as const) {
    const of = runs.filter((r) => r.database === database);
    if (of.length === 0) continue;
    const pick = (read: (f: Figures) => number | string | null) => join(of.map(read));
    const first = of[0];
    tables.push(
      [
        `**${database === 'sqlite' ? 'SQLite' : 'PostgreSQL'}**, ${first.households.toLocaleString('en')} households, ${first.statusChanges.toLocaleString('en')} history rows, ` +
          `${first.seconds} s per workload, code ${join(of.map((r) => r.code))}:`,
        '',
        '| | application | bare reference | ratio |',
        '|---|---:|---:|---:|',
        `| transitions, req/s (50 connections) | ${pick((f) => (f.transitions.rps === null ? null : Math.round(f.transitions.rps)))} | ${pick((f) => (f.transitions.bareRps === null ? null : Math.round(f.transitions.bareRps)))} | ${pick((f) => times(f.transitions.ratio))} |`,
        `| transitions, p50–p99 ms | ${pick((f) => `${ms(f.transitions.p50Ms)}–${ms(f.transitions.p99Ms)}`)} | ${pick((f) => `${ms(f.transitions.bareP50Ms)}–${ms(f.transitions.bareP99Ms)}`)} | |`,
        `| transitions, server CPU µs per move | ${pick((f) => f.transitions.serverCpuUs)} | ${pick((f) => f.transitions.bareServerCpuUs)} | |`,
        ...(database === 'postgres'
          ? [
              `| transitions, PostgreSQL CPU µs per move | ${pick((f) => f.transitions.databaseCpuUs)} | ${pick((f) => f.transitions.bareDatabaseCpuUs)} | |`,
            ]
          : []),
        `| household reads, req/s (50) | ${pick((f) => (f.householdReads.rps === null ? null : Math.round(f.householdReads.rps)))} | | |`,
        `| progress today by village, p50 ms (10) | ${pick((f) => ms(f.progressToday.p50Ms))} | ${pick((f) => ms(f.progressToday.bareP50Ms))} | |`,
        `| progress today by village, p99 ms | ${pick((f) => ms(f.progressToday.p99Ms))} | ${pick((f) => ms(f.progressToday.bareP99Ms))} | |`,
        `| progress today by county, p50 ms (10) | ${pick((f) => ms(f.progressToday.county.p50Ms))} | | |`,
        `| progress on ${first.reportDate} by village, p50 ms (4) | ${pick((f) => ms(f.progressPast.p50Ms))} | ${pick((f) => ms(f.progressPast.bareP50Ms))} | |`,
        `| progress on ${first.reportDate} by village, p99 ms | ${pick((f) => ms(f.progressPast.p99Ms))} | ${pick((f) => ms(f.progressPast.bareP99Ms))} | |`,
        `| weekly XLSX, ms (median of 3) | ${pick((f) => f.weeklyXlsx.ms)} | | |`,
        `| server peak RSS, MiB | ${pick((f) => f.peakRssMb)} | ${pick((f) => f.bareReferencePeakRssMb)} | |`,
        `| counters exact after the load | ${pick((f) => String(f.countersConsistent))} | ${pick((f) => String(f.countersConsistentAfterBare))} | |`,
        '',
        ...barsOf(first).map(
          (b, i) => `- ${b.bar}: ${join(of.map((f) => `${barsOf(f)[i].ok ? 'pass' : 'FAIL'} (${barsOf(f)[i].value})`))}`,
        ),
      ].join('\n'),
    );
  }
  return tables.join('\n\n');
}

const README_BEGIN = '<!-- bench:begin (written by npm run bench -- --readme) -->';
const README_END = '<!-- bench:end -->';

/** Rewrites the README's block between the bench markers with these runs' tables. */
function rewriteReadme(runs: readonly Figures[]): void {
  const path = join(projectRoot, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no block between ${README_BEGIN} and ${README_END}`);
  const block = [
    README_BEGIN,
    `Measured ${calendarDateAt(new Date())} on this machine (${os.cpus().length} cores, node ${process.version}) by ` +
      `\`npm run bench -- ${process.argv.slice(2).join(' ')}\`:`,
    '',
    summaryTables(runs),
    README_END,
  ].join('\n');
  writeFileSync(path, readme.slice(0, begin) + block + readme.slice(end + README_END.length));
}

/** The printed report: a markdown table of the workloads, then the totals and the bars. */
function printedReport(s: Settings, o: Outcome): string {
  const rows = [...o.app.rows, ...o.bare.rows];
  const connectionsOf = (name: string) =>
    name.includes('transitions') || name.includes('reads')
      ? s.connections
      : name.includes(s.reportDate)
        ? s.pastConnections
        : s.reportConnections;
  const xlsxMs = median(o.app.weeklyXlsxRuns);
  const result = (name: string) => rows.find((r) => r.workload === name)!.result;
  const bareRps = result('bare: transitions').rps;
  const ratio = bareRps > 0 ? result('transitions').rps / bareRps : null;
  const ratioOf = (name: string) => (name === 'transitions' && ratio !== null ? `${ratio.toFixed(2)}×` : '');
  const f = figuresJson(s, o);
  const busyOthers = [o.app.busyBefore, o.bare.busyBefore, ...rows.map((r) => r.otherCpu)].some((b) => b !== null && b > 10);
  return [
    `households ${s.households.toLocaleString('en')} in ${o.dataset.villages} villages, ${o.dataset.townships} townships, ${o.dataset.counties} counties; ` +
      `${o.dataset.statusChanges.toLocaleString('en')} history rows; database ${s.database}`,
    `generated in ${(o.generationMs / 1000).toFixed(1)} s; ${s.seconds} s per workload; today ${o.today}, past date ${s.reportDate}; ` +
      `node ${process.version}; code ${o.code ?? 'unknown'}`,
    '',
    '| workload | conns | req/s | p50 ms | p99 ms | 2xx | non-2xx | ratio | server CPU µs/req | database CPU µs/req | server peak MiB | other CPU |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| (application server started) | | | | | | | | | | ${o.app.startedMb.toFixed(0)} | |`,
    ...rows.map(
      (r) =>
        `| ${r.workload} | ${connectionsOf(r.workload)} | ${r.result.rps.toFixed(r.result.rps < 10 ? 2 : 0)} | ${ms(r.result.p50Ms)} | ${ms(r.result.p99Ms)} | ` +
        `${r.result.ok} | ${r.result.non2xx + r.result.errors} | ${ratioOf(r.workload)} | ${micros(r.cpu?.serverUs)} | ${micros(r.cpu?.databaseUs)} | ` +
        `${r.peakMb?.toFixed(0) ?? ''} | ${busy(r.otherCpu)} |`,
    ),
    `| weekly XLSX, ${s.reportDate} (median of 3) | 1 | | ${xlsxMs.toFixed(0)} | | 3 | 0 | | | | ${o.app.peakMb.toFixed(0)} | |`,
    '',
    `weekly XLSX runs ${o.app.weeklyXlsxRuns.map((v) => v.toFixed(0)).join(' / ')} ms, ${(o.app.weeklyXlsxBytes / 1024).toFixed(0)} KiB`,
    `server peak memory ${o.app.peakMb.toFixed(0)} MiB (bare reference ${o.bare.peakMb.toFixed(0)} MiB)`,
    `counters consistent: ${o.check.consistent} after the application's load, ${o.bareCheck.consistent} after the bare reference's`,
    `machine CPU busy just before the load (other processes): ${busy(o.app.busyBefore)} before the application's, ${busy(o.bare.busyBefore)} before the bare reference's`,
    ...(busyOthers
      ? [
          'WARNING: other processes used a noticeable share of the CPU (column "other CPU": CPU used by anything but the server, ' +
            'the load generator, the benchmark and the database, 100% = all cores): those figures are low',
        ]
      : []),
    ...rows
      .filter((r) => r.result.sampleErrors.length > 0)
      .map((r) => `${r.workload} errors (first few): ${r.result.sampleErrors.join(' | ')}`),
    '',
    `against the bare reference: transitions ${times(f.transitions.ratio)} its req/s; progress today p50 ${ms(f.progressToday.p50Ms)} ms ` +
      `(bare ${ms(f.progressToday.bareP50Ms)}); progress ${s.reportDate} p50 ${ms(f.progressPast.p50Ms)} ms (bare ${ms(f.progressPast.bareP50Ms)})`,
    '',
    `bars${s.households === 1_000_000 && s.villages === 3000 ? '' : ' (set for 1,000,000 households in 3,000 villages; this run is smaller)'}:`,
    ...barsOf(f).map((b) => `  ${b.ok ? 'pass' : 'FAIL'}  ${b.bar}: ${b.value}`),
  ].join('\n');
}

/** One run on one database: a fresh dataset, the application, the bare reference, the figures. */
async function runOnce(s: Settings, code: string | null): Promise<{ figures: Figures; printed: string }> {
  const today = calendarDateAt(new Date());
  const database = await freshDatabase(s.database);
  let dataSource: DataSource | undefined;
  const cleanup = async () => {
    await stopAllServers();
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database.drop(s.keep);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the servers and removing the database`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    log(`generating ${s.households.toLocaleString('en')} households in ${s.villages} villages on ${s.database} (${database.describe})`);
    const started = performance.now();
    dataSource = await createMigratedDataSource(database.url);
    const migratedMs = performance.now() - started;
    const dataset = await loadDataset(dataSource, { households: s.households, villages: s.villages, reportDate: s.reportDate });
    const countersStarted = performance.now();
    await rebuildStatusCounters(dataSource);
    const countersMs = performance.now() - countersStarted;
    const generationMs = performance.now() - started;
    log(
      `generated ${dataset.households.toLocaleString('en')} households and ${dataset.statusChanges.toLocaleString('en')} history rows in ` +
        `${(generationMs / 1000).toFixed(1)} s (migrations ${(migratedMs / 1000).toFixed(1)} s, rows ${(dataset.ms / 1000).toFixed(1)} s, ` +
        `counters ${(countersMs / 1000).toFixed(1)} s); statuses ${JSON.stringify(dataset.statuses)}`,
    );
    const poolIds = await choosePool(dataSource, s.households, s.pool);

    const app = await benchApplication(s, database.url, dataSource, poolIds, today);
    const check = await checkCounters(dataSource, "after the application's load");
    const bare = await benchBare(s, database.url, dataSource, poolIds, today);
    const bareCheck = await checkCounters(dataSource, "after the bare reference's load");

    const outcome: Outcome = { code, dataset, generationMs, today, app, bare, check, bareCheck };
    return { figures: figuresJson(s, outcome), printed: printedReport(s, outcome) };
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cleanup();
  }
}

async function main(): Promise<void> {
  const { s, plan } = settings();
  // The code npm run bench built before starting: edits made while it runs are not measured.
  const code = codeVersion();
  const runs: Figures[] = [];
  for (const database of plan.databases) {
    for (let run = 1; run <= plan.runs; run++) {
      log(`${database}, run ${run} of ${plan.runs}`);
      const { figures, printed } = await runOnce({ ...s, database }, code);
      process.stdout.write(`${printed}\n\n`);
      runs.push(figures);
    }
  }
  if (runs.length > 1) process.stdout.write(`${summaryTables(runs)}\n`);
  if (plan.json) {
    writeFileSync(plan.json, `${JSON.stringify(runs.length === 1 ? runs[0] : runs, null, 2)}\n`);
    log(`wrote ${plan.json}`);
  }
  if (plan.readme) {
    rewriteReadme(runs);
    log('rewrote the benchmark tables in README.md');
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
