/**
 * The ledger import benchmark: `npm run bench:import` builds the app, writes a county ledger of
 * 100,000 households over 100 villages (ledger-workbook.ts: a title above the canonical
 * headers, valid and unique ID-card numbers, milestone dates in order), and for each database
 * starts the real server (as `npm start` runs it, production settings) on a fresh one (a
 * SQLite file in a temporary folder; a PostgreSQL database created for the run and dropped
 * after it), lets its migrations build the schema, creates the county, townships and villages
 * through the API as the admin, then:
 *
 *   1. uploads the file (multipart POST /api/imports) and polls GET /api/imports/:id until it
 *      is validated: the validation time, from the upload's first byte;
 *   2. commits it (POST /api/imports/:id/commit) and polls until committed, while GET
 *      /api/health is asked one request at a time every 20 ms: the commit time and health's
 *      p50/p95/max (health is sampled during validation too);
 *   3. checks the result: GET /api/households total = the file's rows, and the progress report
 *      (by village and in total) counts what the file says, grade by grade and status by status;
 *   4. the server's peak resident memory over the whole run (VmHWM, and VmRSS sampled every
 *      250 ms), and where the CPU went in each phase (server, PostgreSQL, the rest).
 *
 *   npm run bench:import                                   # both databases, 100,000 rows, 100 villages
 *   npm run bench:import -- --db sqlite --rows 2000
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import -- --db postgres
 *
 * Flags: --db sqlite|postgres|both (both) --rows N (100000) --villages N (100) --out FILE (keep
 * the generated XLSX there) --inline-strings (write inline strings, not a shared-string table)
 * --json FILE (the figures as JSON) --server-node-options=OPTS (NODE_OPTIONS for the server alone,
 * e.g. '--max-old-space-size=192' to see what a heap cap does to the peak). PostgreSQL: the databases are created on DATABASE_URL when
 * it is a postgres:// URL, else on postgres://postgres@127.0.0.1:5432/postgres.
 *
 * Exits 1 when a run fails or a check does not hold; targets not met are reported, not failed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  Api,
  ApiError,
  CpuMeter,
  createRegions,
  freshDatabase,
  HealthSampler,
  memoryMb,
  type CpuFigures,
  type DatabaseKind,
  type FreshDatabase,
  type LatencyFigures,
} from './import-harness.js';
import { planRegions, selfCheck, writeLedgerFile, type LedgerFile, type LedgerGrade, type StatusCounts } from './ledger-workbook.js';
import { freePort, machineBusyPercent, startApplication, stopAllServers, type ServerProcess } from './processes.js';

const USAGE = `npm run bench:import -- [--db sqlite|postgres|both] [--rows 100000] [--villages 100] [--out FILE] [--inline-strings] [--json FILE]
  [--server-node-options='--max-old-space-size=192']`;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_NAME = '基准测试县因灾受损房屋修缮台账.xlsx';
const POLL_MS = 250;
const HEALTH_EVERY_MS = 20;
const VALIDATION_TIMEOUT_MS = 15 * 60_000;
const COMMIT_TIMEOUT_MS = 20 * 60_000;

const TARGETS = {
  validationS: 30,
  commitS: 60,
  peakRssMb: 300,
  healthP95Ms: 100,
};

class UsageError extends Error {}

interface Settings {
  databases: DatabaseKind[];
  rows: number;
  villages: number;
  out: string | undefined;
  inlineStrings: boolean;
  json: string | undefined;
  /** NODE_OPTIONS for the server only (--max-old-space-size=192, to see what a heap cap does). */
  serverNodeOptions: string | undefined;
}

function settings(): Settings {
  let values;
  try {
    values = parseArgs({
      options: {
        db: { type: 'string', default: 'both' },
        rows: { type: 'string', default: '100000' },
        villages: { type: 'string', default: '100' },
        out: { type: 'string' },
        'inline-strings': { type: 'boolean', default: false },
        json: { type: 'string' },
        'server-node-options': { type: 'string' },
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
  const positive = (name: 'rows' | 'villages') => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, not ${values[name]}`);
    return n;
  };
  const db = values.db;
  if (db !== 'sqlite' && db !== 'postgres' && db !== 'both') throw new UsageError(`--db must be sqlite, postgres or both, not ${db}`);
  const rows = positive('rows');
  const villages = positive('villages');
  if (villages > rows) throw new UsageError('--villages must not exceed --rows');
  return {
    databases: db === 'both' ? ['sqlite', 'postgres'] : [db],
    rows,
    villages,
    out: values.out,
    inlineStrings: values['inline-strings'],
    json: values.json,
    serverNodeOptions: values['server-node-options'],
  };
}

function log(message: string): void {
  process.stderr.write(`[bench:import] ${message}\n`);
}

/** The import as GET /api/imports/:id answers it (the fields the benchmark reads). */
interface ImportView {
  id: number;
  status: 'validating' | 'validated' | 'committing' | 'committed' | 'failed';
  progress: { rowsDone: number; rowsTotal: number | null };
  summary: {
    rows: number;
    create: number;
    update: number;
    unchanged: number;
    invalid: number;
    removedPlaceholders: number;
  } | null;
  warnings: { code: string; message: string }[];
  errors: { row: number; column: string; value: unknown; message: string; code: string }[];
  errorsTotal: number;
  failure: { code: string; message: string } | null;
}

interface ProgressRow {
  unit: { id: number | null; name: string; level: string };
  grade: 'B' | 'C';
  appraised: number;
  completed: number;
  accepted: number;
  pending: number;
  inProgress: number;
}

interface ProgressReport {
  rows: ProgressRow[];
  total: ProgressRow[];
  notYetRecorded: number;
}

/** Memory (MiB) when a phase ended: the peak so far and the resident size then. */
interface MemoryMark {
  phase: string;
  peakMb: number;
  rssMb: number | null;
}

interface Phase {
  seconds: number;
  health: LatencyFigures;
  cpu: CpuFigures;
  /** rowsDone as polled: [seconds since the phase started, rowsDone]. */
  timeline: [number, number][];
}

interface RunFigures {
  database: DatabaseKind;
  describe: string;
  startupS: number;
  regionsS: number;
  uploadS: number;
  validation: Phase;
  commit: Phase;
  peakRssMb: number;
  memory: MemoryMark[];
  databaseMb: number | null;
  summary: ImportView['summary'];
  warnings: string[];
  checks: { name: string; ok: boolean; detail: string }[];
  busyBeforePercent: number | null;
}

interface FailedRun {
  database: DatabaseKind;
  error: string;
  peakRssMb: number | null;
  memory: MemoryMark[];
}

/**
 * Polls the import until its status leaves `whileStatus`, logging its progress every 5 s; the
 * seconds are counted from `origin` (performance.now() when the phase began), and so is the
 * timeline of rowsDone.
 */
async function pollImport(
  api: Api,
  id: number,
  whileStatus: ImportView['status'],
  timeoutMs: number,
  server: ServerProcess,
  timeline: [number, number][],
  origin: number,
): Promise<{ view: ImportView; seconds: number }> {
  let lastLog = performance.now();
  for (;;) {
    const view = await api.json<ImportView>('GET', `/api/imports/${id}`);
    const now = performance.now();
    const seconds = (now - origin) / 1000;
    timeline.push([seconds, view.progress.rowsDone]);
    if (view.status !== whileStatus) return { view, seconds };
    if (now - lastLog > 5000) {
      lastLog = now;
      const memory = memoryMb(server.pid);
      log(
        `  ${whileStatus}: ${view.progress.rowsDone.toLocaleString('en')} / ${view.progress.rowsTotal?.toLocaleString('en') ?? '?'} rows ` +
          `after ${seconds.toFixed(0)} s; server RSS ${memory?.rss.toFixed(0) ?? '?'} MiB (peak ${server.peakRssMb().toFixed(0)})`,
      );
    }
    if (now - origin > timeoutMs) throw new Error(`import ${id} still ${whileStatus} after ${(timeoutMs / 60_000).toFixed(0)} minutes`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Runs `action` with GET /api/health sampled and the CPU metered, both stopped however it ends. */
async function measuredPhase(
  server: ServerProcess,
  withPostgres: boolean,
  action: (timeline: [number, number][]) => Promise<{ view: ImportView; seconds: number }>,
): Promise<{ view: ImportView; phase: Phase }> {
  const timeline: [number, number][] = [];
  const health = new HealthSampler(server.baseUrl, HEALTH_EVERY_MS);
  const cpu = new CpuMeter(server.pid, withPostgres);
  health.start();
  let result: { view: ImportView; seconds: number };
  try {
    result = await action(timeline);
  } catch (error) {
    await health.stop(); // so that the sampler does not outlive a failed run
    throw error;
  }
  const cpuFigures = cpu.read();
  return { view: result.view, phase: { seconds: result.seconds, health: await health.stop(), cpu: cpuFigures, timeline } };
}

const counted = (c: StatusCounts) => ({
  appraised: c.pending + c.in_progress + c.completed + c.accepted,
  completed: c.completed + c.accepted,
  accepted: c.accepted,
  pending: c.pending,
  inProgress: c.in_progress,
});

type Counted = ReturnType<typeof counted>;
const FIELDS: (keyof Counted)[] = ['appraised', 'completed', 'accepted', 'pending', 'inProgress'];

function differences(what: string, expected: Counted, row: ProgressRow | undefined): string[] {
  if (!row) return expected.appraised === 0 ? [] : [`${what}: no row`];
  return FIELDS.filter((f) => row[f] !== expected[f]).map((f) => `${what} ${f}: ${row[f]}, the file says ${expected[f]}`);
}

/** The import's own account of itself against the file. */
function importChecks(view: ImportView, file: LedgerFile): RunFigures['checks'] {
  const summary = view.summary;
  const rows = file.summary.rows;
  return [
    {
      name: 'import summary: every row created, none invalid',
      ok: summary !== null && summary.rows === rows && summary.create === rows && summary.invalid === 0 && view.errorsTotal === 0,
      detail:
        summary === null
          ? 'no summary'
          : `rows ${summary.rows}, create ${summary.create}, invalid ${summary.invalid}, errors ${view.errorsTotal}`,
    },
    {
      name: 'import progress: rowsDone = rowsTotal = rows',
      ok: view.progress.rowsTotal === rows && view.progress.rowsDone === rows,
      detail: `${view.progress.rowsDone} / ${view.progress.rowsTotal}`,
    },
  ];
}

/** GET /api/households total and the progress report against the file. */
async function checkResult(api: Api, file: LedgerFile, villageIds: Map<string, number>): Promise<RunFigures['checks']> {
  const checks: RunFigures['checks'] = [];
  const households = await api.json<{ total: number }>('GET', '/api/households?pageSize=1');
  checks.push({
    name: 'GET /api/households total = rows',
    ok: households.total === file.summary.rows,
    detail: `${households.total.toLocaleString('en')} (file ${file.summary.rows.toLocaleString('en')})`,
  });
  const report = await api.json<ProgressReport>('GET', '/api/reports/progress?groupBy=village', undefined, 300_000);
  const grades: LedgerGrade[] = ['B', 'C'];
  const totalProblems = grades.flatMap((g) =>
    differences(
      `total ${g}`,
      counted(file.summary.byGrade[g]),
      report.total.find((r) => r.grade === g),
    ),
  );
  const totals = grades
    .map((g) => {
      const r = report.total.find((row) => row.grade === g);
      return r ? `${g} 鉴定${r.appraised} 完工${r.completed} 验收${r.accepted}` : `${g} missing`;
    })
    .join('; ');
  checks.push({
    name: 'progress report totals = the file (B, C)',
    ok: totalProblems.length === 0,
    detail: totalProblems.length === 0 ? totals : totalProblems.slice(0, 5).join('; '),
  });
  const villageProblems: string[] = [];
  for (const [name, byGrade] of file.summary.byVillage) {
    const id = villageIds.get(name);
    for (const g of grades) {
      villageProblems.push(
        ...differences(
          `${name} ${g}`,
          counted(byGrade[g]),
          report.rows.find((r) => r.unit.id === id && r.grade === g),
        ),
      );
    }
  }
  checks.push({
    name: 'progress report by village = the file',
    ok: villageProblems.length === 0,
    detail: villageProblems.length === 0 ? `${file.summary.byVillage.size} villages × B, C` : villageProblems.slice(0, 5).join('; '),
  });
  checks.push({
    name: 'nothing "not yet recorded"',
    ok: report.notYetRecorded === 0,
    detail: String(report.notYetRecorded),
  });
  return checks;
}

async function runOne(kind: DatabaseKind, file: LedgerFile, bytes: Uint8Array, s: Settings): Promise<RunFigures | FailedRun> {
  const database: FreshDatabase = await freshDatabase(kind);
  log(`${kind}: fresh database ${database.describe}`);
  const memory: MemoryMark[] = [];
  let server: ServerProcess | undefined;
  const mark = (phase: string) => {
    if (!server) return;
    memory.push({ phase, peakMb: server.peakRssMb(), rssMb: memoryMb(server.pid)?.rss ?? null });
  };
  try {
    const busyBeforePercent = await machineBusyPercent();
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
        ...(s.serverNodeOptions === undefined ? {} : { NODE_OPTIONS: s.serverNodeOptions }),
      },
      await freePort(),
    );
    server = app;
    const startupS = (performance.now() - startedAt) / 1000;
    log(`${kind}: server pid ${app.pid} at ${app.baseUrl}, started (migrations included) in ${startupS.toFixed(1)} s`);
    mark('started');
    const api = new Api(app.baseUrl);
    await api.signIn('admin', adminPassword);

    const regionsStarted = performance.now();
    const villageIds = await createRegions(api, planRegions(s.villages));
    const regionsS = (performance.now() - regionsStarted) / 1000;
    log(`${kind}: ${villageIds.size} villages created through the API in ${regionsS.toFixed(1)} s`);
    mark('regions created');

    // 1. Upload and validation, timed from the upload's first byte.
    const withPostgres = kind === 'postgres';
    let created: ImportView | undefined;
    let uploadS = 0;
    const validation = await measuredPhase(app, withPostgres, async (timeline) => {
      const uploadStarted = performance.now();
      created = await api.upload<ImportView>('/api/imports', { bytes, name: FILE_NAME, type: XLSX_TYPE });
      uploadS = (performance.now() - uploadStarted) / 1000;
      log(
        `${kind}: uploaded ${(bytes.length / 1024 / 1024).toFixed(1)} MiB in ${uploadS.toFixed(2)} s: import ${created.id}, ${created.status}`,
      );
      return pollImport(api, created.id, 'validating', VALIDATION_TIMEOUT_MS, app, timeline, uploadStarted);
    });
    mark('validated');
    const view = validation.view;
    if (view.status !== 'validated') throw new Error(`validation ended ${view.status}: ${JSON.stringify(view.failure)}`);
    log(`${kind}: validated in ${validation.phase.seconds.toFixed(1)} s: ${JSON.stringify(view.summary)}`);
    if (view.warnings.length > 0) log(`${kind}: warnings: ${view.warnings.map((w) => `${w.code}: ${w.message}`).join(' | ')}`);
    if (view.errorsTotal > 0) {
      throw new Error(
        `${view.errorsTotal} invalid rows in a file meant to be valid; the first: ` +
          view.errors
            .slice(0, 5)
            .map((e) => `row ${e.row} ${e.column} ${JSON.stringify(e.value)}: ${e.code} ${e.message}`)
            .join(' | '),
      );
    }
    const id = created!.id;

    // 2. Commit, timed from the POST, with health sampled throughout.
    const commit = await measuredPhase(app, withPostgres, async (timeline) => {
      const commitStarted = performance.now();
      const accepted = await api.json<ImportView>('POST', `/api/imports/${id}/commit`, {});
      log(`${kind}: commit answered in ${((performance.now() - commitStarted) / 1000).toFixed(2)} s: ${accepted.status}`);
      return pollImport(api, id, 'committing', COMMIT_TIMEOUT_MS, app, timeline, commitStarted);
    });
    mark('committed');
    if (commit.view.status !== 'committed') throw new Error(`commit ended ${commit.view.status}: ${JSON.stringify(commit.view.failure)}`);
    log(`${kind}: committed in ${commit.phase.seconds.toFixed(1)} s: ${JSON.stringify(commit.view.summary)}`);

    // 3. The result.
    const checks = [...importChecks(commit.view, file), ...(await checkResult(api, file, villageIds))];
    mark('checked');
    const databaseMb = ((await database.sizeBytes()) ?? NaN) / 1024 / 1024;
    const peakRssMb = await app.stop();
    return {
      database: kind,
      describe: database.describe,
      startupS,
      regionsS,
      uploadS,
      validation: validation.phase,
      commit: commit.phase,
      peakRssMb,
      memory,
      databaseMb: Number.isNaN(databaseMb) ? null : databaseMb,
      summary: commit.view.summary,
      warnings: view.warnings.map((w) => `${w.code}: ${w.message}`),
      checks,
      busyBeforePercent,
    };
  } catch (error) {
    const message = error instanceof ApiError || !(error instanceof Error) ? String(error) : (error.stack ?? error.message);
    log(`${kind}: FAILED: ${message}`);
    mark('failed');
    const peakRssMb = server ? await server.stop() : null;
    return { database: kind, error: error instanceof Error ? error.message : String(error), peakRssMb, memory };
  } finally {
    await server?.stop();
    await database.drop();
    log(`${kind}: database dropped`);
  }
}

const sec = (v: number) => `${v.toFixed(1)} s`;
const msText = (v: number | null) => (v === null ? '—' : v < 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(0)} ms`);
const mib = (v: number | null) => (v === null ? '—' : `${v.toFixed(0)} MiB`);
const isFailed = (r: RunFigures | FailedRun): r is FailedRun => 'error' in r;

function cpuLine(cpu: CpuFigures): string {
  const parts = [
    `server ${cpu.serverS?.toFixed(1) ?? '?'} s`,
    ...(cpu.postgresS > 0 ? [`postgres ${cpu.postgresS.toFixed(1)} s`] : []),
    `benchmark ${cpu.benchS.toFixed(1)} s`,
    `other processes ${cpu.otherS?.toFixed(1) ?? '?'} s`,
  ];
  return `CPU over ${cpu.wallS.toFixed(1)} s: ${parts.join(', ')}`;
}

function healthLine(h: LatencyFigures): string {
  return (
    `health ${h.requests} requests: p50 ${msText(h.p50Ms)}, p95 ${msText(h.p95Ms)}, max ${msText(h.maxMs)}` +
    (h.failures > 0 ? `, ${h.failures} failed (first: ${h.firstFailure})` : '') +
    `; slowest ${h.slowest.map((x) => `${msText(x.ms)} at ${x.atS.toFixed(1)} s`).join(', ')}`
  );
}

/**
 * How rowsDone moved over the phase, from the polled timeline: when rows were first counted,
 * and the rows per second in each quarter of the rows (a rate that falls from quarter to
 * quarter is work that grows with what is already written). Empty when the import showed no
 * progress before it finished.
 */
function rowsLine(timeline: [number, number][], total: number): string {
  const moving = timeline.filter(([, n]) => n > 0);
  if (moving.length < 2 || moving[0][1] >= total) return 'no progress shown before it ended';
  const at = (rows: number) => moving.find(([, n]) => n >= rows) ?? moving[moving.length - 1];
  const marks = [moving[0], at(total / 4), at(total / 2), at((3 * total) / 4), at(total)];
  const rates: string[] = [];
  for (let i = 1; i < marks.length; i++) {
    const [t0, n0] = marks[i - 1];
    const [t1, n1] = marks[i];
    rates.push(t1 > t0 ? Math.round((n1 - n0) / (t1 - t0)).toLocaleString('en') : '—');
  }
  return `rows first counted at ${moving[0][0].toFixed(1)} s (${moving[0][1].toLocaleString('en')}); rows/s by quarter ${rates.join(' / ')}`;
}

function printRun(r: RunFigures | FailedRun): string {
  if (isFailed(r)) {
    return [
      `## ${r.database}: FAILED`,
      r.error,
      `peak RSS ${mib(r.peakRssMb)}; ${r.memory.map((m) => `${m.phase} ${mib(m.rssMb)} (peak ${mib(m.peakMb)})`).join(', ')}`,
    ].join('\n');
  }
  return [
    `## ${r.database} (${r.describe})`,
    `machine busy before the run: ${r.busyBeforePercent === null ? '?' : `${r.busyBeforePercent.toFixed(0)}%`}; ` +
      `server start (migrations) ${sec(r.startupS)}; regions through the API ${sec(r.regionsS)}`,
    `upload (POST answered) ${r.uploadS.toFixed(2)} s`,
    `validation ${sec(r.validation.seconds)}; ${rowsLine(r.validation.timeline, r.summary?.rows ?? 0)}`,
    `  ${healthLine(r.validation.health)}`,
    `  ${cpuLine(r.validation.cpu)}`,
    `commit ${sec(r.commit.seconds)}; ${rowsLine(r.commit.timeline, r.summary?.rows ?? 0)}`,
    `  ${healthLine(r.commit.health)}`,
    `  ${cpuLine(r.commit.cpu)}`,
    `summary ${JSON.stringify(r.summary)}`,
    ...(r.warnings.length > 0 ? [`warnings: ${r.warnings.join(' | ')}`] : []),
    `server memory: ${r.memory.map((m) => `${m.phase} RSS ${mib(m.rssMb)} (peak so far ${mib(m.peakMb)})`).join('; ')}; peak ${mib(r.peakRssMb)}`,
    `database size after the import ${mib(r.databaseMb)}`,
    ...r.checks.map((c) => `check ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`),
  ].join('\n');
}

function printTable(runs: (RunFigures | FailedRun)[], s: Settings): string {
  const verdict = (ok: boolean | null) => (ok === null ? '' : ok ? ' met' : ' NOT MET');
  const cell = (r: RunFigures | FailedRun, pick: (x: RunFigures) => [string, boolean | null]) => {
    if (isFailed(r)) return 'failed';
    const [text, ok] = pick(r);
    return `${text}${verdict(ok)}`;
  };
  const metrics: { name: string; target: string; pick: (x: RunFigures) => [string, boolean | null] }[] = [
    {
      name: 'validation',
      target: `< ${TARGETS.validationS} s`,
      pick: (x) => [sec(x.validation.seconds), x.validation.seconds < TARGETS.validationS],
    },
    { name: 'commit', target: `< ${TARGETS.commitS} s`, pick: (x) => [sec(x.commit.seconds), x.commit.seconds < TARGETS.commitS] },
    { name: 'server peak RSS', target: `< ${TARGETS.peakRssMb} MB`, pick: (x) => [mib(x.peakRssMb), x.peakRssMb < TARGETS.peakRssMb] },
    {
      name: 'health p95 during commit',
      target: `< ${TARGETS.healthP95Ms} ms`,
      pick: (x) => [msText(x.commit.health.p95Ms), x.commit.health.p95Ms !== null && x.commit.health.p95Ms < TARGETS.healthP95Ms],
    },
    {
      name: 'health p50 / max during commit',
      target: '',
      pick: (x) => [`${msText(x.commit.health.p50Ms)} / ${msText(x.commit.health.maxMs)}`, null],
    },
    {
      name: 'health p50 / p95 / max during validation',
      target: '',
      pick: (x) => [
        `${msText(x.validation.health.p50Ms)} / ${msText(x.validation.health.p95Ms)} / ${msText(x.validation.health.maxMs)}`,
        null,
      ],
    },
    {
      name: 'result checks',
      target: 'all hold',
      pick: (x) => [`${x.checks.filter((c) => c.ok).length}/${x.checks.length}`, x.checks.every((c) => c.ok)],
    },
  ];
  return [
    `| ${s.rows.toLocaleString('en')} rows, ${s.villages} villages | ${runs.map((r) => r.database).join(' | ')} | target |`,
    `|---|${runs.map(() => '---|').join('')}---|`,
    ...metrics.map((m) => `| ${m.name} | ${runs.map((r) => cell(r, m.pick)).join(' | ')} | ${m.target} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const s = settings();
  const workDir = mkdtempSync(join(tmpdir(), 'tracker-import-file-'));
  const cleanup = async () => {
    await stopAllServers();
    rmSync(workDir, { recursive: true, force: true });
  };
  process.once('SIGINT', (signal) => {
    log(`${signal}: stopping the server`);
    void cleanup().finally(() => process.exit(130));
  });
  process.once('SIGTERM', (signal) => {
    log(`${signal}: stopping the server`);
    void cleanup().finally(() => process.exit(143));
  });
  try {
    const problems = selfCheck(s.rows);
    if (problems.length > 0) throw new Error(`the generated values break the import's rules:\n${problems.join('\n')}`);
    const path = s.out ?? join(workDir, FILE_NAME);
    log(`writing ${s.rows.toLocaleString('en')} rows over ${s.villages} villages to ${path}`);
    const file = await writeLedgerFile({ rows: s.rows, villages: s.villages, path, inlineStrings: s.inlineStrings });
    const bytes = readFileSync(path);
    log(
      `ledger written in ${(file.ms / 1000).toFixed(1)} s: ${(file.bytes / 1024 / 1024).toFixed(2)} MiB; ` +
        `开工 ${file.summary.withStarted.toLocaleString('en')}, 完工 ${file.summary.withCompleted.toLocaleString('en')}, ` +
        `验收 ${file.summary.withAccepted.toLocaleString('en')} rows`,
    );
    const runs: (RunFigures | FailedRun)[] = [];
    for (const kind of s.databases) runs.push(await runOne(kind, file, bytes, s));

    process.stdout.write(
      [
        `ledger import: ${s.rows.toLocaleString('en')} rows over ${s.villages} villages, ${(file.bytes / 1024 / 1024).toFixed(2)} MiB XLSX ` +
          `${s.inlineStrings ? '(inline strings)' : '(shared strings)'}, written in ${(file.ms / 1000).toFixed(1)} s; node ${process.version}` +
          (s.serverNodeOptions === undefined ? '' : `; server NODE_OPTIONS=${s.serverNodeOptions}`),
        '',
        ...runs.flatMap((r) => [printRun(r), '']),
        printTable(runs, s),
        '',
      ].join('\n'),
    );
    if (s.json) {
      writeFileSync(
        s.json,
        `${JSON.stringify({ rows: s.rows, villages: s.villages, fileBytes: file.bytes, fileMs: file.ms, targets: TARGETS, runs }, null, 2)}\n`,
      );
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
  process.stderr.write(`Import benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
