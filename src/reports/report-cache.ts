import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JsonBody } from '../common/compression.js';
import { PreparedQuery, sqliteHandle } from '../database/prepared-query.js';
import { WriteTransactions } from '../database/write-transactions.js';

const MAX_ENTRIES = 256;

const MARKER_SQL = `SELECT (SELECT MAX(id) FROM status_changes) AS c, (SELECT MAX(id) FROM household_edits) AS e,
  (SELECT MAX(id) FROM report_remarks) AS r, (SELECT MAX(id) FROM regions) AS g, (SELECT MAX(id) FROM region_aliases) AS a`;

/**
 * Finished report bodies, kept (with their compressed bytes) until anything they count changes. On SQLite every write is
 * serialised, so the highest ids of the append-only tables (history, edits, remarks, regions,
 * households) change exactly when a report's inputs do; one query of five index lookups tells.
 * An import's commit is the exception (it runs in one long transaction, may delete placeholder
 * rows, and a rollback frees ids for reuse): nothing is cached while one is open, and the count
 * of ended ones is part of the marker.
 * On PostgreSQL ids from concurrent transactions can commit out of order, so a body could be
 * cached without a row committed later under a lower id: there, reports are always rebuilt.
 */
@Injectable()
export class ReportCache {
  private readonly entries = new Map<string, { marker: string; body: JsonBody }>();
  private readonly markerQuery: PreparedQuery<Record<'c' | 'e' | 'r' | 'g' | 'a', number | string | null>>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteTransactions,
  ) {
    this.markerQuery = new PreparedQuery(dataSource, () => MARKER_SQL);
  }

  async body(key: string, build: () => Promise<unknown>): Promise<JsonBody> {
    if (sqliteHandle(this.dataSource) === null || this.writes.sessionOpen) return new JsonBody(JSON.stringify(await build()));
    const marker = await this.marker();
    const hit = this.entries.get(key);
    if (hit?.marker === marker) return hit.body;
    const body = new JsonBody(JSON.stringify(await build()));
    this.entries.delete(key);
    this.entries.set(key, { marker, body });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return body;
  }

  private async marker(): Promise<string> {
    const [row] = await this.markerQuery.all();
    // A long session (an import) may delete rows or roll back ids that later writes reuse: the ids alone would not tell.
    return `${row.c}/${row.e}/${row.r}/${row.g}/${row.a}/${this.writes.sessionsEnded}`;
  }
}
