import type BetterSqlite3 from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { namedPoolQuery } from './named-statements.js';

/**
 * better-sqlite3's own connection under TypeORM's, or null on PostgreSQL. Hot paths prepare
 * their statements on it once and keep them: TypeORM keeps only its last 100 statements, and
 * its query() costs a query runner and its events on every call.
 * TypeORM's better-sqlite3 driver has one connection, so statements run here share its
 * transactions (see WriteTransactions).
 */
export function sqliteHandle(dataSource: DataSource): BetterSqlite3.Database | null {
  if (dataSource.options.type !== 'better-sqlite3') return null;
  return (dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
}

/** Placeholder for the n-th parameter (1-based): `?` on SQLite, `$n` on PostgreSQL. */
export type Placeholder = (n: number) => string;

/** The placeholders of `dataSource`'s database. */
export function placeholderFor(dataSource: DataSource): Placeholder {
  return dataSource.options.type === 'postgres' ? (n) => `$${n}` : () => '?';
}

/**
 * One fixed read statement that runs on every request (the signed-in user, the region tree's
 * marker): prepared once on SQLite; on PostgreSQL a named statement sent through the pool
 * (namedPoolQuery), without a TypeORM query runner for each call.
 */
export class PreparedQuery<Row> {
  private statement: BetterSqlite3.Statement | undefined;
  private text: string | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: (p: Placeholder) => string,
  ) {}

  async all(params: readonly unknown[] = []): Promise<Row[]> {
    const sqlite = sqliteHandle(this.dataSource);
    if (sqlite) return (this.statement ??= sqlite.prepare(this.sql(() => '?'))).all(...params) as Row[];
    return (await namedPoolQuery(this.dataSource, (this.text ??= this.sql(placeholderFor(this.dataSource))), params)) as Row[];
  }
}
