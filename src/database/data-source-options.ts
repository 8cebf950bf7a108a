import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { InitialSchema1795400000000 } from '../../migrations/1795400000000-initial-schema.js';
import { AccountsAndPersonalData1795500000000 } from '../../migrations/1795500000000-accounts-and-personal-data.js';
import { StatusCounters1795600000000 } from '../../migrations/1795600000000-status-counters.js';
import { PeriodReportIndex1795700000000 } from '../../migrations/1795700000000-period-report-index.js';
import { StalledCountIndex1795800000000 } from '../../migrations/1795800000000-stalled-count-index.js';
import { LedgerImports1795900000000 } from '../../migrations/1795900000000-ledger-imports.js';
import { FieldWork1796000000000 } from '../../migrations/1796000000000-field-work.js';
import { ReportGenerations1797000000000 } from '../../migrations/1797000000000-report-generations.js';
import { SignInAttempts1797100000000 } from '../../migrations/1797100000000-sign-in-attempts.js';
import { DeltasDayIndex1797200000000 } from '../../migrations/1797200000000-deltas-day-index.js';
import { parseDatabaseUrl } from './database-url.js';
import { ENTITIES } from './entities.js';
import { bindIntegerParameters } from './sqlite-integer-parameters.js';

/** Migrations in the order they run. */
export const MIGRATIONS = [
  InitialSchema1795400000000,
  AccountsAndPersonalData1795500000000,
  StatusCounters1795600000000,
  PeriodReportIndex1795700000000,
  StalledCountIndex1795800000000,
  LedgerImports1795900000000,
  FieldWork1796000000000,
  ReportGenerations1797000000000,
  SignInAttempts1797100000000,
  DeltasDayIndex1797200000000,
];

/**
 * SQLite settings measured to work well here: WAL journal, synchronous=NORMAL (durable across a
 * process crash; FULL also survives power loss at about 40% of the write rate), a busy timeout,
 * foreign keys on, temporary tables in memory. The page cache is
 * 16 MiB: the operating system caches the file as well, and at 1,000,000 households a 64 MiB
 * cache only added its size to the server's memory, with the same throughput (issue 5).
 */
export const SQLITE_PRAGMAS = ['synchronous = NORMAL', 'busy_timeout = 5000', 'temp_store = MEMORY', 'cache_size = -16384'] as const;

/** TypeORM itself turns on WAL (enableWAL) and foreign keys. */
function prepareSqlite(db: { pragma(source: string): unknown }): void {
  for (const pragma of SQLITE_PRAGMAS) db.pragma(pragma);
}

/**
 * The one place DataSource options are built, from `DATABASE_URL`. The Nest module and the
 * TypeORM CLI (src/database/data-source.ts) both call it. Schema synchronisation is never on.
 */
export function buildDataSourceOptions(databaseUrl: string): DataSourceOptions {
  const location = parseDatabaseUrl(databaseUrl);
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
  };
  if (location.kind === 'postgres') {
    return { ...common, type: 'postgres', url: location.url, extra: { max: 10 } };
  }
  if (location.path !== ':memory:') mkdirSync(dirname(location.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: location.path,
    enableWAL: location.path !== ':memory:',
    prepareDatabase: prepareSqlite,
  };
}

/**
 * A data source (not yet initialised) as every part of the project makes one: the server, the
 * TypeORM CLI, the seed, the benchmarks and the tests. On SQLite it binds integer parameters
 * instead of writing them into the SQL (sqlite-integer-parameters.ts).
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  return bindIntegerParameters(new DataSource(options));
}
