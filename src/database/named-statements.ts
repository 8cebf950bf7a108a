import { createHash } from 'node:crypto';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';

type Row = Record<string, unknown>;

/** The part of a pg client used here. */
interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: Row[]; rowCount: number | null }>;
}

const names = new Map<string, string>();

/**
 * Statements named at most: past them a new text runs unnamed (parsed at every call, as
 * manager.query runs it), so an unforeseen variety of texts (an edit's set of columns) cannot
 * fill every connection's memory with prepared statements.
 */
export const NAMED_STATEMENTS_MAX = 200;

/**
 * A statement's name from its text: the same text always gets the same name, and two texts
 * never share one; undefined once NAMED_STATEMENTS_MAX texts have names.
 */
export function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < NAMED_STATEMENTS_MAX) {
    name = `tracker_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * PostgreSQL: runs `text` as a named prepared statement on the connection of the transaction
 * `manager` holds, so each connection parses and plans it once instead of at every call (a
 * status move runs about ten statements, and the server and PostgreSQL share this machine's
 * CPU). Only for statements whose text comes from a small fixed set (each name stays prepared
 * on every connection of the pool for as long as it lives); not through a pooler in
 * transaction mode, which would hand the name to another session. A failure is thrown as
 * TypeORM's QueryFailedError, as `manager.query` would throw it (error-response.ts reads it).
 */
export async function namedQuery(
  manager: EntityManager,
  text: string,
  values: readonly unknown[],
): Promise<{ rows: Row[]; rowCount: number }> {
  const runner = manager.queryRunner;
  if (manager.dataSource.options.type !== 'postgres' || !runner) {
    throw new Error('namedQuery runs on PostgreSQL, inside a transaction');
  }
  const result = await runNamed((await runner.connect()) as PgClient, text, values);
  return { rows: result.rows, rowCount: result.rowCount ?? 0 };
}

/**
 * PostgreSQL: a read outside any transaction as a named statement through TypeORM's own pool
 * (each pooled connection prepares it once), without a query runner per call: for the fixed
 * reads every request makes (PreparedQuery). Fails as QueryFailedError, as namedQuery does.
 */
export async function namedPoolQuery(dataSource: DataSource, text: string, values: readonly unknown[]): Promise<Row[]> {
  const pool = dataSource.options.type === 'postgres' ? (dataSource.driver as unknown as { master?: PgClient }).master : undefined;
  if (!pool) throw new Error('namedPoolQuery runs on PostgreSQL');
  return (await runNamed(pool, text, values)).rows;
}

/** Runs `text` under its name on a pg client or pool; a failure as TypeORM's QueryFailedError, as manager.query throws it. */
async function runNamed(client: PgClient, text: string, values: readonly unknown[]) {
  try {
    return await client.query({ name: statementName(text), text, values: [...values] });
  } catch (error) {
    throw new QueryFailedError(text, [...values], error as Error);
  }
}
