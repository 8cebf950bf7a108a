import type { DataSource } from 'typeorm';

/**
 * Why this exists: TypeORM's SQLite drivers write every number parameter into the SQL text
 * (`WHERE "Household"."id" = 271170`), because better-sqlite3 binds a JavaScript number as
 * REAL and a REAL stored in a text column reads back as '8.0'. So `findOneBy({ id })` is a
 * different statement for every id. TypeORM's better-sqlite3 runner prepares each one and keeps
 * the last 100; the ones it drops hold about 11 KB of SQLite's memory each that V8 does not see,
 * so they are freed only when a full garbage collection happens to run. Under 50 connections of
 * household reads at a million households the server grew by about 16 MB a second and passed
 * 690 MiB in 30 s (README, "Scale and speed").
 *
 * A BigInt is bound as INTEGER, which stores and compares exactly as the written-in number did,
 * so safe integers are handed to TypeORM as BigInts: it then binds them as parameters (`?`) and
 * one prepared statement serves every id. Other numbers (fractions, NaN, huge values) keep
 * TypeORM's own treatment. Results are unchanged: better-sqlite3 still returns plain numbers.
 */
export function integersAsBigInts(parameters: Record<string, unknown>): Record<string, unknown> {
  const bound: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parameters)) {
    bound[key] = Array.isArray(value) ? value.map(asBigIntIfSafe) : asBigIntIfSafe(value);
  }
  return bound;
}

function asBigIntIfSafe(value: unknown): unknown {
  return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
}

/** Makes an SQLite data source bind integer parameters instead of writing them into its SQL; other databases are left as they are. */
export function bindIntegerParameters(dataSource: DataSource): DataSource {
  if (dataSource.options.type !== 'better-sqlite3') return dataSource;
  const driver = dataSource.driver;
  const escape = driver.escapeQueryWithParameters.bind(driver);
  driver.escapeQueryWithParameters = (sql: string, parameters: Record<string, unknown>) =>
    escape(sql, parameters ? integersAsBigInts(parameters) : parameters);
  return dataSource;
}
