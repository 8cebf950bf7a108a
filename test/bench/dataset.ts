/**
 * A province-sized benchmark dataset, loaded fast: a fresh database built by the real migrations,
 * then 10 counties → 100 townships → `villages` villages → `households` households, each with a
 * baseline history entry (from_status NULL) and one entry per later move, dated over the six
 * weeks before `reportDate`.
 *
 * SQLite: prepared statements on the raw better-sqlite3 handle in large transactions, with the
 * secondary indexes dropped during the load and rebuilt afterwards. PostgreSQL: the same rows in
 * `INSERT … SELECT * FROM unnest($1::int[], …)` batches (one round trip per 20,000 rows), the
 * same index treatment, then the id sequences moved past the loaded ids and ANALYZE (what
 * autovacuum would do within a minute).
 *
 * The data is deterministic for a given size and seed: two runs build the same rows.
 */
import type { Database } from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { addDays } from '../../src/common/dates.js';
import { buildDataSourceOptions, createDataSource } from '../../src/database/data-source-options.js';

export interface DatasetOptions {
  households: number;
  villages: number;
  /** Last date any history entry may carry (the past-date report's date). */
  reportDate: string;
  seed?: number;
}

export interface DatasetSummary {
  households: number;
  statusChanges: number;
  villages: number;
  townships: number;
  counties: number;
  /** Households per status after the load. */
  statuses: Record<Status, number>;
  ms: number;
}

type Status = 'pending' | 'in_progress' | 'completed' | 'accepted';
type Grade = 'B' | 'C';

const COUNTIES = 10;
const TOWNSHIPS_PER_COUNTY = 10;
const HOUSEHOLD_TABLES = ['households', 'status_changes'];
const FAILED_ACCEPTANCE_NOTE = '验收不合格：墙体裂缝未修补，返工';
const LATE_ENTRY_NOTE = '补录：录入前已完工';
const ACTOR = '基准测试';

/** A small deterministic generator, so two runs build the same data. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A DataSource on `url` with the real migrations run: an empty tracker database. */
export async function createMigratedDataSource(url: string): Promise<DataSource> {
  const dataSource = createDataSource(buildDataSourceOptions(url));
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

/** One household as generated: its grade, and the statuses it went through with their dates. */
interface PlannedHousehold {
  grade: Grade;
  /** path[0] is the baseline; each later entry is one recorded move. */
  path: Status[];
  dates: string[];
}

/**
 * A realistic mix: about 20% pending, 15% in progress, 25% completed, 40% accepted; grades 64% B,
 * 36% C; 8% of the households that reached completion failed an acceptance once and were
 * reworked; 3% of the completed ones were entered late, straight from pending to completed.
 */
function planHousehold(rand: () => number, firstDay: string, reportDate: string): PlannedHousehold {
  const grade: Grade = rand() < 0.64 ? 'B' : 'C';
  const r = rand();
  const reached = r < 0.2 ? 0 : r < 0.35 ? 1 : r < 0.6 ? 2 : 3;
  let path: Status[];
  if (reached === 0) path = ['pending'];
  else {
    const reworked = rand() < 0.08;
    const late = reached >= 2 && !reworked && rand() < 0.03;
    if (late) path = ['pending', 'completed'];
    else {
      path = ['pending', 'in_progress'];
      if (reworked) path.push('completed', 'in_progress');
      if (reached >= 2) path.push('completed');
    }
    if (reached === 3) path.push('accepted');
  }
  // Baselines in the first three of the six weeks; the later moves on days drawn evenly
  // between the baseline and the report date (sorted, as history never goes back), so every
  // week up to the report date has its share of the work.
  const baseline = Math.floor(rand() * 21);
  const span = daysBetween(firstDay, reportDate) - baseline;
  const offsets = path
    .slice(1)
    .map(() => Math.floor(rand() * (span + 1)))
    .sort((a, b) => a - b);
  const dates = [0, ...offsets].map((offset) => addDays(firstDay, baseline + offset));
  return { grade, path, dates };
}

/** The region tree with ids fixed in advance: each county, then each of its townships followed by its villages. */
function planRegions(villages: number): { id: number; level: string; parentId: number | null; name: string }[] {
  const rows: { id: number; level: string; parentId: number | null; name: string }[] = [];
  let id = 0;
  const townships = COUNTIES * TOWNSHIPS_PER_COUNTY;
  for (let c = 0; c < COUNTIES; c++) {
    const county = ++id;
    rows.push({ id: county, level: 'county', parentId: null, name: `测试${c + 1}县` });
    for (let t = 0; t < TOWNSHIPS_PER_COUNTY; t++) {
      const township = ++id;
      rows.push({ id: township, level: 'township', parentId: county, name: `测试${c + 1}县${t + 1}镇` });
      const index = c * TOWNSHIPS_PER_COUNTY + t;
      const count = Math.floor(villages / townships) + (index < villages % townships ? 1 : 0);
      for (let v = 0; v < count; v++) rows.push({ id: ++id, level: 'village', parentId: township, name: `${c + 1}-${t + 1}-${v + 1}村` });
    }
  }
  return rows;
}

/** Every household in id order (ids from 1), with its village: villages get consecutive blocks. */
function* households(options: DatasetOptions, villageIds: number[]): Generator<PlannedHousehold & { id: number; villageId: number }> {
  const rand = random(options.seed ?? 2021);
  const firstDay = addDays(options.reportDate, -41);
  const total = options.households;
  for (let i = 0; i < total; i++) {
    const village = villageIds[Math.floor((i * villageIds.length) / total)];
    yield { id: i + 1, villageId: village, ...planHousehold(rand, firstDay, options.reportDate) };
  }
}

function emptyStatuses(): Record<Status, number> {
  return { pending: 0, in_progress: 0, completed: 0, accepted: 0 };
}

/**
 * Loads the dataset into a freshly migrated, empty database. Counter tables (if the schema has
 * any) are not touched: call rebuildStatusCounters afterwards.
 */
export async function loadDataset(dataSource: DataSource, options: DatasetOptions): Promise<DatasetSummary> {
  if (options.villages < 1 || options.households < 1) throw new Error('the dataset needs at least one village and one household');
  const started = performance.now();
  const regions = planRegions(options.villages);
  const villageIds = regions.filter((r) => r.level === 'village').map((r) => r.id);
  const load = dataSource.options.type === 'postgres' ? loadPostgres : loadSqlite;
  const { statusChanges, statuses } = await load(dataSource, options, regions, villageIds);
  return {
    households: options.households,
    statusChanges,
    villages: villageIds.length,
    townships: COUNTIES * TOWNSHIPS_PER_COUNTY,
    counties: COUNTIES,
    statuses,
    ms: performance.now() - started,
  };
}

type Loader = (
  dataSource: DataSource,
  options: DatasetOptions,
  regions: ReturnType<typeof planRegions>,
  villageIds: number[],
) => Promise<{ statusChanges: number; statuses: Record<Status, number> }>;

const loadSqlite: Loader = async (dataSource, options, regions, villageIds) => {
  const db = (dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
  // Secondary indexes are rebuilt once at the end: much faster than maintaining them row by row.
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master
        WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${HOUSEHOLD_TABLES.map(() => '?').join(', ')})`,
    )
    .all(...HOUSEHOLD_TABLES) as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
  db.pragma('foreign_keys = OFF');
  db.pragma('synchronous = OFF');

  const region = db.prepare('INSERT INTO regions (id, level, parent_id, name, code) VALUES (?, ?, ?, ?, NULL)');
  db.transaction(() => {
    for (const r of regions) region.run(r.id, r.level, r.parentId, r.name);
  })();

  const household = db.prepare(
    `INSERT INTO households (id, village_id, householder, rooms, grade, status, appraisal_agency, appraisal_date,
                             is_placeholder, version, created_at, updated_at, first_recorded_on, last_change_on)
     VALUES (?, ?, ?, ?, ?, ?, '基准测试鉴定机构', ?, 1, ?, ?, ?, ?, ?)`,
  );
  const change = db.prepare(
    `INSERT INTO status_changes (household_id, from_status, to_status, occurred_on, recorded_at, actor, note)
     VALUES (?, ?, ?, ?, ?, '${ACTOR}', ?)`,
  );
  const statuses = emptyStatuses();
  let statusChanges = 0;
  const batch = 50_000;
  const iterator = households(options, villageIds);
  const insertBatch = db.transaction(() => {
    for (let n = 0; n < batch; n++) {
      const next = iterator.next();
      if (next.done) return true;
      const h = next.value;
      const status = h.path[h.path.length - 1];
      statuses[status]++;
      const created = `${h.dates[0]} 09:00:00`;
      const last = h.dates[h.dates.length - 1];
      household.run(
        h.id,
        h.villageId,
        `测试户${h.id}`,
        2 + (h.id % 5),
        h.grade,
        status,
        h.dates[0],
        h.path.length,
        created,
        `${last} 18:00:00`,
        h.dates[0],
        last,
      );
      for (let s = 0; s < h.path.length; s++) {
        const from = s === 0 ? null : h.path[s - 1];
        const note =
          from === 'completed' && h.path[s] === 'in_progress'
            ? FAILED_ACCEPTANCE_NOTE
            : from === 'pending' && h.path[s] === 'completed'
              ? LATE_ENTRY_NOTE
              : null;
        change.run(h.id, from, h.path[s], h.dates[s], `${h.dates[s]} 18:00:00`, note);
        statusChanges++;
      }
    }
    return false;
  });
  while (!insertBatch()) {
    // one transaction per batch keeps the WAL small
  }
  for (const index of indexes) db.exec(index.sql);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { statusChanges, statuses };
};

const loadPostgres: Loader = async (dataSource, options, regions, villageIds) => {
  const indexes: { indexname: string; indexdef: string }[] = await dataSource.query(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [HOUSEHOLD_TABLES],
  );
  for (const index of indexes) await dataSource.query(`DROP INDEX "${index.indexname}"`);

  await dataSource.query(
    `INSERT INTO regions (id, level, parent_id, name) SELECT * FROM unnest($1::int[], $2::varchar[], $3::int[], $4::varchar[])`,
    [regions.map((r) => r.id), regions.map((r) => r.level), regions.map((r) => r.parentId), regions.map((r) => r.name)],
  );

  const statuses = emptyStatuses();
  let statusChanges = 0;
  const batch = 20_000;
  let h: Record<string, unknown[]> = {};
  let c: Record<string, unknown[]> = {};
  const reset = () => {
    h = {
      id: [],
      village: [],
      name: [],
      rooms: [],
      grade: [],
      status: [],
      appraised: [],
      version: [],
      created: [],
      updated: [],
      lastChange: [],
    };
    c = { household: [], from: [], to: [], on: [], at: [], note: [] };
  };
  const flush = async () => {
    if (h.id.length === 0) return;
    await dataSource.query(
      `INSERT INTO households (id, village_id, householder, rooms, grade, status, appraisal_agency, appraisal_date,
                               is_placeholder, version, created_at, updated_at, first_recorded_on, last_change_on)
       SELECT id, village, name, rooms, grade, status, '基准测试鉴定机构', appraised, true, version, created, updated, appraised, last_change
         FROM unnest($1::int[], $2::int[], $3::varchar[], $4::int[], $5::varchar[], $6::varchar[], $7::date[], $8::int[],
                     $9::timestamptz[], $10::timestamptz[], $11::date[])
           AS t(id, village, name, rooms, grade, status, appraised, version, created, updated, last_change)`,
      [h.id, h.village, h.name, h.rooms, h.grade, h.status, h.appraised, h.version, h.created, h.updated, h.lastChange],
    );
    await dataSource.query(
      `INSERT INTO status_changes (household_id, from_status, to_status, occurred_on, recorded_at, actor, note)
       SELECT household, from_status, to_status, occurred_on, recorded_at, '${ACTOR}', note
         FROM unnest($1::int[], $2::varchar[], $3::varchar[], $4::date[], $5::timestamptz[], $6::text[])
           AS t(household, from_status, to_status, occurred_on, recorded_at, note)`,
      [c.household, c.from, c.to, c.on, c.at, c.note],
    );
    reset();
  };
  reset();
  for (const planned of households(options, villageIds)) {
    const status = planned.path[planned.path.length - 1];
    statuses[status]++;
    h.id.push(planned.id);
    h.village.push(planned.villageId);
    h.name.push(`测试户${planned.id}`);
    h.rooms.push(2 + (planned.id % 5));
    h.grade.push(planned.grade);
    h.status.push(status);
    h.appraised.push(planned.dates[0]);
    h.version.push(planned.path.length);
    h.created.push(`${planned.dates[0]} 09:00:00+08`);
    h.updated.push(`${planned.dates[planned.dates.length - 1]} 18:00:00+08`);
    h.lastChange.push(planned.dates[planned.dates.length - 1]);
    for (let s = 0; s < planned.path.length; s++) {
      const from = s === 0 ? null : planned.path[s - 1];
      c.household.push(planned.id);
      c.from.push(from);
      c.to.push(planned.path[s]);
      c.on.push(planned.dates[s]);
      c.at.push(`${planned.dates[s]} 18:00:00+08`);
      c.note.push(
        from === 'completed' && planned.path[s] === 'in_progress'
          ? FAILED_ACCEPTANCE_NOTE
          : from === 'pending' && planned.path[s] === 'completed'
            ? LATE_ENTRY_NOTE
            : null,
      );
      statusChanges++;
    }
    if (h.id.length >= batch) await flush();
  }
  await flush();
  for (const index of indexes) await dataSource.query(index.indexdef);
  for (const table of ['regions', 'households', 'status_changes']) {
    await dataSource.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT MAX(id) FROM ${table}))`);
  }
  await dataSource.query('ANALYZE');
  return { statusChanges, statuses };
};
