import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, FindOneOptions } from 'typeorm';

/**
 * The lock for rows a write transaction reads in order to change them: FOR UPDATE on PostgreSQL,
 * where instances and connections write at the same time and a plain read may be stale by the
 * time the UPDATE runs; none on SQLite, where WriteTransactions already runs writes one at a time
 * (and TypeORM refuses a lock mode there).
 */
export function lockForUpdate(manager: EntityManager): FindOneOptions['lock'] {
  return manager.dataSource.options.type === 'postgres' ? { mode: 'pessimistic_write' } : undefined;
}

/**
 * Runs write transactions. On SQLite, TypeORM shares one connection between requests, so two
 * transactions in flight at once are not isolated (one's rows can survive its failure, the other
 * fails with "cannot start a transaction within a transaction"): writes are queued
 * here and run one after another. PostgreSQL gives each transaction its own connection.
 */
@Injectable()
export class WriteTransactions {
  private tail: Promise<unknown> = Promise.resolve();
  private openSessions = 0;

  /**
   * Whether a long SQLite write session (an import's commit) is open on the shared connection:
   * reads made meanwhile see its uncommitted rows, so nothing read then may be cached.
   */
  get sessionOpen(): boolean {
    return this.openSessions > 0;
  }

  /** Marks a long session open for the time `work` runs. */
  async longSession<T>(work: () => Promise<T>): Promise<T> {
    this.openSessions += 1;
    try {
      return await work();
    } finally {
      this.openSessions -= 1;
    }
  }

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type !== 'better-sqlite3') {
      return this.dataSource.transaction(work);
    }
    return this.exclusive(() => this.dataSource.transaction(work));
  }

  /**
   * Runs `work` on SQLite when no other write is in flight, for writers that use the driver
   * directly (a synchronous better-sqlite3 transaction must never open inside TypeORM's).
   */
  exclusive<T>(work: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
