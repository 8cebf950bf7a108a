/**
 * The bare reference: the same transition SQL and the same progress query as the application,
 * behind a minimal node:http handler, with no framework, no authentication and no validation.
 * It is the ceiling the application's figures are compared with.
 *
 *   DATABASE_URL=sqlite:/tmp/…/bench.sqlite PORT=4000 HOST=127.0.0.1 node dist/test/bench/bare-server.js
 *
 * POST /transition {id, to, version, occurredOn, note} → 200 {id, villageId, grade, status, version}
 *   in one transaction, the rows a transition writes (src/household-writes/: the stores and
 *   the steps of src/household-writes/write-steps.ts): read the household, UPDATE it WHERE id = ? AND
 *   version = ? (409 when no row matched), INSERT the history row, then the counters with the
 *   application's own statements and order: status_counts and status_count_deltas (+1 for the
 *   new status, −1 for the old, in counterSteps order), the day's status_entries row and the
 *   household's report generation (src/database/report-generations.ts); on PostgreSQL all of
 *   these after the read in the application's one statement (FLUSH_STATEMENT). Not the checks
 *   around them (scope, workflow, permissions, the date against the last change), nor the
 *   application's row lock on the read (FOR UPDATE).
 * GET /progress[?asOf=YYYY-MM-DD] → 200 the tally rows, from the SQL ProgressCountsRepository
 *   runs (currentTallies without asOf; with it, the rows counted on each side of the date and
 *   then the counts summed on the side with fewer rows), uncached, with no tree arithmetic.
 * GET /health → 200.
 *
 * SQLite: better-sqlite3 with the application's own settings (WAL, foreign keys and SQLITE_PRAGMAS:
 *   synchronous=NORMAL, the same 16 MiB page cache, …).
 * PostgreSQL: a `pg` pool of 10 connections (the application's size), one client per transaction.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Database from 'better-sqlite3';
import pg from 'pg';
import { parseDatabaseUrl } from '../../src/database/database-url.js';
import { SQLITE_PRAGMAS } from '../../src/database/data-source-options.js';
import type { RepairStatus } from '../../src/repairs/repair-status.js';
import { UPSERT_COUNT, UPSERT_DELTA, UPSERT_ENTRY } from '../../src/household-writes/status-counters.js';
import { statusCounterSteps } from '../../src/household-writes/write-steps.js';
import { FLUSH_STATEMENT } from '../../src/household-writes/typeorm-household-store.js';
import { householdShard, RAISE_GENERATION } from '../../src/database/report-generations.js';
import { DELTA_SIDES_SQL, deltaSidesParams, SUMMED_COUNTS_SQL } from '../../src/reports/progress-counts.repository.js';
import { summedSide } from '../../src/reports/past-tallies.js';
import { toCount } from '../../src/database/sql-values.js';

/** The (status, ±1) pairs of the status_counts rows a move touches, in the order the tracker takes them. */
function counterSteps(from: RepairStatus, to: RepairStatus): [RepairStatus, number][] {
  return statusCounterSteps({ villageId: 0, grade: 'B' }, from, to, '')
    .filter((step) => step.kind === 'count')
    .map((step) => [step.status, step.delta]);
}

interface TransitionBody {
  id: number;
  to: RepairStatus;
  version: number;
  occurredOn: string;
  note?: string | null;
}

interface HouseholdState {
  id: number;
  villageId: number;
  grade: string;
  status: RepairStatus;
  version: number;
}

interface Sides {
  up_to: unknown;
  after: unknown;
}

const sideOf = (sides: Sides) => summedSide(toCount(sides.up_to), toCount(sides.after));

class StaleVersion extends Error {}
class NotFound extends Error {}

interface Backend {
  transition(body: TransitionBody): Promise<HouseholdState> | HouseholdState;
  progress(asOf: string | null): Promise<unknown[]> | unknown[];
}

const ACTOR = '基准测试（裸参照）';

/** The SQL, with placeholders from `p`: ?, ?, … for SQLite or $1, $2, … for PostgreSQL. */
function statements(p: (n: number) => string) {
  return {
    read: `SELECT village_id, grade, status, version FROM households WHERE id = ${p(1)}`,
    update: `UPDATE households SET status = ${p(1)}, last_change_on = ${p(2)}, version = version + 1, updated_at = ${p(3)}
              WHERE id = ${p(4)} AND version = ${p(5)}`,
    insert: `INSERT INTO status_changes (household_id, from_status, to_status, occurred_on, recorded_at, actor, actor_user_id, note)
             VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, '${ACTOR}', NULL, ${p(6)})`,
    upsertCount: UPSERT_COUNT(p),
    upsertDelta: UPSERT_DELTA(p),
    upsertEntry: UPSERT_ENTRY(p),
    raiseGeneration: RAISE_GENERATION(p),
    /**
     * PostgreSQL: a move's UPDATE, history row, counter changes and report generation in one
     * statement, as the application writes them (the same columns in the same order).
     */
    move: FLUSH_STATEMENT({
      update: ['status', 'lastChangeOn', 'updatedAt'],
      changes: 1,
      counts: 2,
      deltas: 2,
      entries: 1,
      generations: 1,
    }),
    today: `SELECT village_id, grade, status, households FROM status_counts WHERE grade IN ('B', 'C') AND households <> 0`,
    deltaSides: DELTA_SIDES_SQL(p),
    upTo: SUMMED_COUNTS_SQL('up_to', p),
    after: SUMMED_COUNTS_SQL('after', p),
  };
}

function sqliteBackend(path: string): Backend {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  for (const pragma of SQLITE_PRAGMAS) db.pragma(pragma);
  const sql = statements(() => '?');
  const read = db.prepare(sql.read);
  const update = db.prepare(sql.update);
  const insert = db.prepare(sql.insert);
  const upsertCount = db.prepare(sql.upsertCount);
  const upsertDelta = db.prepare(sql.upsertDelta);
  const upsertEntry = db.prepare(sql.upsertEntry);
  const today = db.prepare(sql.today);
  const raiseGeneration = db.prepare(sql.raiseGeneration);
  const deltaSides = db.prepare(sql.deltaSides);
  const summed = { up_to: db.prepare(sql.upTo), after: db.prepare(sql.after) };

  const transition = db.transaction((body: TransitionBody): HouseholdState => {
    const current = read.get(body.id) as { village_id: number; grade: string; status: RepairStatus; version: number } | undefined;
    if (!current) throw new NotFound();
    if (current.version !== body.version) throw new StaleVersion();
    // TypeORM's SQLite datetime text: UTC 'YYYY-MM-DD HH:MM:SS.SSS'.
    const now = new Date().toISOString().replace('T', ' ').slice(0, 23);
    if (update.run(body.to, body.occurredOn, now, body.id, body.version).changes !== 1) throw new StaleVersion();
    insert.run(body.id, current.status, body.to, body.occurredOn, now, body.note ?? null);
    const steps = counterSteps(current.status, body.to);
    for (const [status, delta] of steps) upsertCount.run(current.village_id, current.grade, status, delta);
    for (const [status, delta] of steps) upsertDelta.run(current.village_id, current.grade, status, body.occurredOn, delta);
    upsertEntry.run(current.village_id, current.grade, body.to, body.occurredOn, 1);
    raiseGeneration.run(householdShard(body.id));
    return { id: body.id, villageId: current.village_id, grade: current.grade, status: body.to, version: body.version + 1 };
  });
  return {
    transition,
    progress: (asOf) => {
      if (asOf === null) return today.all();
      return summed[sideOf(deltaSides.get(...deltaSidesParams(asOf)) as Sides)].all(asOf);
    },
  };
}

function postgresBackend(url: string): Backend {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // Named statements: each connection prepares them once.
  const sql = Object.fromEntries(
    Object.entries(statements((n) => `$${n}`)).map(([name, text]) => [name, { name: `bare_${name}`, text }]),
  ) as Record<keyof ReturnType<typeof statements>, { name: string; text: string }>;
  return {
    async transition(body) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ village_id: number; grade: string; status: RepairStatus; version: number }>({
          ...sql.read,
          values: [body.id],
        });
        const current = rows.at(0);
        if (!current) throw new NotFound();
        if (current.version !== body.version) throw new StaleVersion();
        const now = new Date();
        // The UPDATE, the history row, the counters and the generation in the application's one statement (FLUSH_STATEMENT).
        const steps = counterSteps(current.status, body.to);
        const key = [current.village_id, current.grade];
        const updated = await client.query({
          ...sql.move,
          values: [
            ...[body.to, body.occurredOn, now, body.id, body.version],
            ...steps.flatMap(([status, delta]) => [...key, status, delta]),
            ...steps.flatMap(([status, delta]) => [...key, status, body.occurredOn, delta]),
            ...key,
            body.to,
            body.occurredOn,
            1,
            ...[body.id, current.status, body.to, body.occurredOn, now, ACTOR, null, body.note ?? null, null],
            householdShard(body.id),
          ],
        });
        if (updated.rowCount !== 1) throw new StaleVersion();
        await client.query('COMMIT');
        return { id: body.id, villageId: current.village_id, grade: current.grade, status: body.to, version: body.version + 1 };
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    async progress(asOf) {
      if (asOf === null) return (await pool.query(sql.today)).rows;
      const sides = (await pool.query<Sides>({ ...sql.deltaSides, values: deltaSidesParams(asOf) })).rows[0];
      return (await pool.query({ ...sql[sideOf(sides) === 'after' ? 'after' : 'upTo'], values: [asOf] })).rows;
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  const location = parseDatabaseUrl(process.env.DATABASE_URL ?? '');
  const backend = location.kind === 'postgres' ? postgresBackend(location.url) : sqliteBackend(location.path);
  const server = createServer((req, res) => {
    const handle = async () => {
      const url = new URL(req.url ?? '/', 'http://bare');
      if (req.method === 'POST' && url.pathname === '/transition') {
        send(res, 200, await backend.transition(JSON.parse(await readBody(req)) as TransitionBody));
        return;
      }
      if (req.method === 'GET' && url.pathname === '/progress') {
        send(res, 200, await backend.progress(url.searchParams.get('asOf')));
        return;
      }
      if (req.method === 'GET' && url.pathname === '/health') {
        send(res, 200, { status: 'ok' });
        return;
      }
      send(res, 404, { message: 'not found' });
    };
    handle().catch((error: unknown) => {
      if (error instanceof StaleVersion) send(res, 409, { message: 'stale version' });
      else if (error instanceof NotFound) send(res, 404, { message: 'unknown household' });
      else send(res, 500, { message: error instanceof Error ? error.message : String(error) });
    });
  });
  const port = Number(process.env.PORT ?? 4000);
  server.listen(port, process.env.HOST ?? '127.0.0.1', () => process.stdout.write(`bare reference listening on ${port}\n`));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`bare reference failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
