import request from 'supertest';
import type { TestApp } from './test-app.js';

/** supertest against the app's HTTP server. */
export function http(t: TestApp) {
  return request(t.app.getHttpServer());
}

/** Counts the rows of a table, for asserting what was (not) written. */
export async function countRows(t: TestApp, table: string): Promise<number> {
  const [{ n }] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(n);
}

/** Snapshot of every table's row count. */
export async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = ['regions', 'region_aliases', 'households', 'status_changes', 'household_edits', 'report_remarks'];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = await countRows(t, table);
  return counts;
}
