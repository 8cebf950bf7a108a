import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Placeholder, placeholderFor } from '../database/prepared-query.js';
import { WriteTransactions } from '../database/write-transactions.js';
import { judgeKey, type ThrottleLimits, type Verdict, waitOf } from './login-throttle.js';

const WINDOW_MS = 15 * 60 * 1000;

/** Five password checks per account, or twenty per address, in fifteen minutes, unless they succeed. */
export const ACCOUNT_LIMITS: ThrottleLimits = { maxAttempts: 5, windowMs: WINDOW_MS };
export const ADDRESS_LIMITS: ThrottleLimits = { maxAttempts: 20, windowMs: WINDOW_MS };

/**
 * How often an instance also deletes every key's old rows, not only the keys it is judging:
 * names and addresses seen once (a password spray) would otherwise stay in the table for good.
 */
const SWEEP_EVERY_MS = 60 * 1000;

/** The two places one sign-in holds while its password is checked: their rows' ids. */
export interface Places {
  /** Whose failures a success forgives. */
  readonly accountKey: string;
  readonly accountAttempt: number;
  readonly addressAttempt: number;
}

/** Both places, or how long to wait for the one (or two) that had no room. */
export type Reservation = { places: Places } | { retryAfterSeconds: number };

interface KeyToJudge {
  key: string;
  limits: ThrottleLimits;
}

interface AttemptRow {
  key: string;
  /** A string on PostgreSQL (bigint), a number on SQLite. */
  at_ms: number | string;
}

/**
 * The sign-in throttle's counts, in the table sign_in_attempts, so that every instance on the
 * database counts the same attempts: one row per attempt still counted, from the moment its
 * place is taken (before its password is checked) until it succeeds, is given back, or leaves
 * the window. No count is kept in memory.
 */
@Injectable()
export class SignInAttempts {
  private readonly logger = new Logger(SignInAttempts.name);
  /** When this instance next sweeps the whole table (a time, not a count: see SWEEP_EVERY_MS). */
  private nextSweepAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly writes: WriteTransactions) {}

  /**
   * Takes a place for the account and one for the address, or neither: both keys are read,
   * judged and written in one transaction, so no other request (on any instance) can take the
   * last place between this one's read and its insert.
   */
  reserveBoth(username: string, address: string, now: number): Promise<Reservation> {
    const account: KeyToJudge = { key: keyOf('account', username), limits: ACCOUNT_LIMITS };
    const from: KeyToJudge = { key: keyOf('address', address), limits: ADDRESS_LIMITS };
    const sweep = now >= this.nextSweepAt;
    if (sweep) this.nextSweepAt = now + SWEEP_EVERY_MS;
    return this.writes.run(async (manager) => {
      await lockKeys(manager, [account.key, from.key]);
      await forgetOldAttempts(manager, sweep ? 'every key' : [account, from], now);
      const countedAt = await countedAttempts(manager, [account.key, from.key]);
      const forAccount = judgeKey(countedAt.get(account.key) ?? [], account.limits, now);
      const forAddress = judgeKey(countedAt.get(from.key) ?? [], from.limits, now);
      if (!forAccount.placeFree || !forAddress.placeFree) return { retryAfterSeconds: longestWait(forAccount, forAddress) };
      const ids = await insertAttempts(manager, [account.key, from.key], now);
      return { places: { accountKey: account.key, accountAttempt: idOf(ids, account.key), addressAttempt: idOf(ids, from.key) } };
    });
  }

  /** The password was wrong: both attempts stay counted for the rest of the window. */
  fail(places: Places): Promise<void> {
    return this.settle('fail', async (manager, p) => {
      await manager.query(`UPDATE sign_in_attempts SET failed = TRUE WHERE id IN (${p(1)}, ${p(2)})`, [
        places.accountAttempt,
        places.addressAttempt,
      ]);
    });
  }

  /** The password was never checked (the server was too busy, the database failed): both places are given back. */
  release(places: Places): Promise<void> {
    return this.settle('release', (manager, p) => deleteAttempts(manager, p, [places.accountAttempt, places.addressAttempt]));
  }

  /**
   * The password was right: both places are given back and the account's earlier failures are
   * forgiven. Its attempts still under way stay counted, so a success can't open the door to a
   * burst sent beside it. The address keeps its failures: one person signing in doesn't vouch
   * for the others behind the same address.
   */
  succeed(places: Places): Promise<void> {
    return this.settle('succeed', async (manager, p) => {
      await deleteAttempts(manager, p, [places.accountAttempt, places.addressAttempt]);
      await manager.query(`DELETE FROM sign_in_attempts WHERE key = ${p(1)} AND failed = TRUE`, [places.accountKey]);
    });
  }

  /**
   * Runs a change to attempts already counted. If it fails, the sign-in's answer stands and the
   * attempts stay counted until they leave the window: the stricter side, and no reason to turn
   * a right password into an error.
   */
  private async settle(what: string, change: (manager: EntityManager, p: Placeholder) => Promise<void>): Promise<void> {
    try {
      await this.writes.run((manager) => change(manager, placeholderFor(manager.dataSource)));
    } catch (error) {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error), settle: what }, 'sign-in attempt not settled');
    }
  }
}

/**
 * The key an account or address is counted under: a digest, not the name or address itself, so
 * the table never holds what someone typed as a username (a phone number, now and then).
 */
function keyOf(kind: 'account' | 'address', value: string): string {
  return `${kind}:${createHash('sha256').update(value).digest('base64url')}`;
}

function idOf(ids: ReadonlyMap<string, number>, key: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error('the database did not answer the id of a sign-in attempt it recorded');
  return id;
}

const longestWait = (...verdicts: Verdict[]): number => Math.max(...verdicts.map(waitOf));

/**
 * On PostgreSQL, where instances reserve at the same time, holds each key's advisory lock until
 * the transaction ends, so reservations for the same key run one after another. The locks are
 * taken in the order of their numbers (the keys' hashes; sorting the keys themselves would not
 * do, as two keys may share a hash), the same order in every transaction, so two of them never
 * wait for each other. SQLite needs none: its transaction holds the
 * database's write lock from its first statement, a DELETE (forgetOldAttempts).
 */
async function lockKeys(manager: EntityManager, keys: readonly string[]): Promise<void> {
  if (manager.dataSource.options.type !== 'postgres') return;
  const hashes: { lock: number }[] = await manager.query('SELECT DISTINCT hashtext(k) AS lock FROM unnest($1::text[]) AS k', [keys]);
  for (const lock of hashes.map((h) => h.lock).sort((a, b) => a - b)) {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [lock]);
  }
}

/** Deletes the keys' rows (or every key's) that have left their window, so the table holds only what still counts. */
async function forgetOldAttempts(manager: EntityManager, keys: readonly KeyToJudge[] | 'every key', now: number): Promise<void> {
  const p = placeholderFor(manager.dataSource);
  if (keys === 'every key') {
    const longestWindow = Math.max(ACCOUNT_LIMITS.windowMs, ADDRESS_LIMITS.windowMs);
    await manager.query(`DELETE FROM sign_in_attempts WHERE at_ms <= ${p(1)}`, [now - longestWindow]);
    return;
  }
  for (const { key, limits } of keys) {
    await manager.query(`DELETE FROM sign_in_attempts WHERE key = ${p(1)} AND at_ms <= ${p(2)}`, [key, now - limits.windowMs]);
  }
}

/** The times of the keys' counted attempts (all of them: older ones were just deleted), by key. */
async function countedAttempts(manager: EntityManager, keys: readonly string[]): Promise<Map<string, number[]>> {
  const p = placeholderFor(manager.dataSource);
  const rows: AttemptRow[] = await manager.query(
    `SELECT key, at_ms FROM sign_in_attempts WHERE key IN (${keys.map((_, i) => p(i + 1)).join(', ')})`,
    [...keys],
  );
  const byKey = new Map<string, number[]>();
  for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), Number(row.at_ms)]);
  return byKey;
}

/** Counts one attempt per key, under way; answers the new rows' ids by key. */
async function insertAttempts(manager: EntityManager, keys: readonly string[], now: number): Promise<Map<string, number>> {
  const p = placeholderFor(manager.dataSource);
  const values = keys.map((_, i) => `(${p(2 * i + 1)}, ${p(2 * i + 2)}, FALSE)`).join(', ');
  const rows: { id: number; key: string }[] = await manager.query(
    `INSERT INTO sign_in_attempts (key, at_ms, failed) VALUES ${values} RETURNING id, key`,
    keys.flatMap((key) => [key, now]),
  );
  return new Map(rows.map((row) => [row.key, row.id]));
}

async function deleteAttempts(manager: EntityManager, p: Placeholder, ids: readonly number[]): Promise<void> {
  await manager.query(`DELETE FROM sign_in_attempts WHERE id IN (${ids.map((_, i) => p(i + 1)).join(', ')})`, [...ids]);
}
