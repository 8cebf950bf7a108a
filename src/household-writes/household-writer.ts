import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { sqliteHandle } from '../database/prepared-query.js';
import { WriteTransactions } from '../database/write-transactions.js';
import { SqliteHouseholdStore } from './sqlite-household-store.js';
import { TypeormHouseholdStore } from './typeorm-household-store.js';
import type { Command, Settled } from './write-steps.js';

/** Commands per SQLite transaction in runEach: about 20 ms of the event loop each. */
const RUN_EACH_CHUNK = 50;

/** A long transaction's handle: reads through `manager`, writes through `runAll`. */
export interface WriteSession {
  manager: EntityManager;
  runAll<T>(commands: readonly Command<T>[]): Promise<T[]>;
}

/**
 * The one way households, their history, their edit log and the progress counters are written
 * (commands.ts decides; a store writes): on SQLite as one synchronous transaction of prepared
 * statements, on PostgreSQL as one TypeORM transaction. No other code inserts into those tables
 * outside a bulk rebuild (status-counters.ts).
 */
@Injectable()
export class HouseholdWriter {
  private sqlite: SqliteHouseholdStore | null | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteTransactions,
  ) {}

  /** Runs one command in its own transaction. */
  async run<T>(command: Command<T>): Promise<T> {
    const [result] = await this.runAll([command]);
    return result;
  }

  /** Runs the commands in one transaction, in order: every one is written, or (on the first refusal or failure) none. */
  runAll<T>(commands: readonly Command<T>[]): Promise<T[]> {
    const sqlite = (this.sqlite ??= this.openSqlite());
    if (sqlite) return this.writes.exclusive(() => sqlite.runAll(commands));
    return this.writes.run((manager) => new TypeormHouseholdStore(manager).runAll(commands));
  }

  /**
   * Runs each command on its own (a batch of moves): one refused changes nothing for the
   * others. `isRefusal` tells a refusal (answered per command) from a fault (thrown; what was
   * committed before it stays: a retry with the same clientIds answers those as duplicates). On
   * PostgreSQL each command is its own transaction. On SQLite it is one transaction with a
   * savepoint per command, per RUN_EACH_CHUNK commands: a few commits for a batch of 500, and other requests
   * answered between them (one transaction for all 500 held every other request for 0.2 s).
   */
  runEach<T>(commands: readonly Command<T>[], isRefusal: (error: unknown) => boolean): Promise<Settled<T>[]> {
    const sqlite = (this.sqlite ??= this.openSqlite());
    if (sqlite) {
      return (async () => {
        const settled: Settled<T>[] = [];
        for (let i = 0; i < commands.length; i += RUN_EACH_CHUNK) {
          const chunk = commands.slice(i, i + RUN_EACH_CHUNK);
          settled.push(...(await this.writes.exclusive(() => sqlite.runEach(chunk, isRefusal))));
          // A macrotask turn, so requests that arrived meanwhile are answered before the next chunk.
          if (i + RUN_EACH_CHUNK < commands.length) await new Promise((resolve) => setImmediate(resolve));
        }
        return settled;
      })();
    }
    return (async () => {
      const settled: Settled<T>[] = [];
      for (const command of commands) {
        try {
          const [value] = await this.writes.run((manager) => new TypeormHouseholdStore(manager).runAll([command]));
          settled.push({ ok: true, value });
        } catch (error) {
          if (!isRefusal(error)) throw error;
          settled.push({ ok: false, error });
        }
      }
      return settled;
    })();
  }

  /**
   * One transaction held open while `work` runs batches of commands, reading between them
   * through `manager` (an import's commit: tens of thousands of households, all or none). On
   * SQLite it is BEGIN IMMEDIATE on the driver's connection, each batch a synchronous savepoint,
   * so the event loop runs between batches; other writes wait (WriteTransactions.exclusive),
   * and reads made meanwhile see the session's rows (ReportCache caches nothing then). On
   * PostgreSQL it is one TypeORM transaction. A throw anywhere rolls all of it back.
   */
  session<T>(work: (session: WriteSession) => Promise<T>): Promise<T> {
    const handle = sqliteHandle(this.dataSource);
    if (handle) {
      const store = (this.sqlite ??= this.openSqlite())!;
      return this.writes.exclusive(() =>
        this.writes.longSession(async () => {
          handle.exec('BEGIN IMMEDIATE');
          try {
            const result = await work({ manager: this.dataSource.manager, runAll: (commands) => Promise.resolve(store.runAll(commands)) });
            handle.exec('COMMIT');
            return result;
          } catch (error) {
            if (handle.inTransaction) handle.exec('ROLLBACK');
            throw error;
          }
        }),
      );
    }
    return this.writes.run(async (manager) => {
      const store = new TypeormHouseholdStore(manager, true);
      const result = await work({ manager, runAll: (commands) => store.runAll(commands) });
      await store.raiseGenerations();
      return result;
    });
  }

  /**
   * Runs the commands inside a transaction the caller holds (the seed, which writes its regions
   * in the same transaction), through TypeORM on either database.
   */
  static within<T>(manager: EntityManager, commands: readonly Command<T>[]): Promise<T[]> {
    return new TypeormHouseholdStore(manager).runAll(commands);
  }

  private openSqlite(): SqliteHouseholdStore | null {
    const handle = sqliteHandle(this.dataSource);
    return handle ? new SqliteHouseholdStore(handle) : null;
  }
}
