import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { JsonBody } from '../common/compression.js';
import { PreparedQuery } from '../database/prepared-query.js';
import { GENERATION_SUM } from '../database/report-generations.js';
import { WriteTransactions } from '../database/write-transactions.js';

const MAX_ENTRIES = 256;

/** The part of a cache key that says what a user may see: everything, or their scope's region ids. */
export function scopeKey(user: Pick<AuthUser, 'role' | 'scopeRegionIds'>): string {
  return user.role === 'admin' ? 'all' : [...user.scopeRegionIds].sort((a, b) => a - b).join(',');
}

/**
 * Finished report bodies (with their compressed bytes and ETag), kept until anything they count
 * changes. The marker is the sum of the report generations (database/report-generations.ts),
 * raised in the same transaction as every such change: read before the report is built, it is
 * never newer than what the report read, so a body is never kept under a marker it misses a
 * commit of, on SQLite or PostgreSQL, in this instance or another on the same database.
 *
 * One exception on SQLite: an import's commit runs in one long transaction on the connection
 * every read shares, so reads made meanwhile see rows that may still be rolled back. Nothing is
 * cached while one is open (its generations are raised inside it, so the commit moves the marker).
 */
@Injectable()
export class ReportCache {
  private readonly entries = new Map<string, { marker: string; body: JsonBody }>();
  private readonly markerQuery: PreparedQuery<{ generation: number | string | null }>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly writes: WriteTransactions,
  ) {
    this.markerQuery = new PreparedQuery(dataSource, () => GENERATION_SUM);
  }

  async body(key: string, build: () => Promise<unknown>): Promise<JsonBody> {
    if (this.writes.sessionOpen) return new JsonBody(JSON.stringify(await build()));
    const [row] = await this.markerQuery.all();
    const marker = String(row.generation);
    const hit = this.entries.get(key);
    if (hit?.marker === marker) return hit.body;
    const body = new JsonBody(JSON.stringify(await build()));
    this.entries.delete(key);
    this.entries.set(key, { marker, body });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return body;
  }
}
