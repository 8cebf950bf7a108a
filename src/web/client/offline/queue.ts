import type { BatchOutcome, BatchResultResponse, RepairStatus, TransitionInspection } from '../api-types.js';

/**
 * The moves waiting to reach the server (made offline, or sent when the connection broke), as
 * kept in the browser (IndexedDB, idb-store.ts). A move keeps its clientId from the moment it
 * was made, so sending it again can never record it twice. The rules here are pure; the store
 * is handed in, so the tests use the in-memory one.
 *
 * A move is `queued` (待同步) until a sync takes it (`sending`, 同步中). The server's answer
 * settles it: applied or duplicate and it leaves the queue; any other answer (conflict, refused,
 * not found, invalid) leaves it as `attention`, with that answer, until the person who made it
 * discards it. Nothing leaves the queue without either.
 */

export type QueueState = 'queued' | 'sending' | 'attention';

/** The server's answer to a move that did not settle it. */
export interface QueueAnswer {
  outcome: Exclude<BatchOutcome, 'applied' | 'duplicate'>;
  statusCode: number;
  code: string | null;
  message: string;
}

export interface QueuedMove {
  clientId: string;
  /** Who made it: only they send it, only they see it (an office PC is shared). */
  userId: number;
  householdId: number;
  /** For the queue's list: the name the household had when the move was made. */
  householder: string;
  from: RepairStatus;
  to: RepairStatus;
  occurredOn: string;
  note: string | null;
  /** An inspection verdict's findings (验收记录), sent with the move. */
  inspection: TransitionInspection | null;
  /** The household version the move was based on. */
  version: number;
  /** When it was made (ms since the epoch), and its place among moves made at the same instant. */
  createdAt: number;
  seq: number;
  state: QueueState;
  /** When a sync took it (`sending`); null otherwise. */
  claimedAt: number | null;
  answer: QueueAnswer | null;
}

/** What the caller says about a new move; the queue adds its state. */
export type NewMove = Omit<QueuedMove, 'state' | 'claimedAt' | 'answer' | 'seq' | 'createdAt'>;

/**
 * A sync that took moves and never let them go (the tab was closed while it waited for the
 * answer) is given up after this long, and the moves are sent again, which the clientId makes
 * safe. Longer than any answer takes: a sync still running is not overtaken.
 */
export const STALE_CLAIM_MS = 2 * 60_000;

/**
 * Whether the server is done with the move: recorded now, or recorded already by an earlier send
 * of the same clientId. Every other outcome is an answer a person has to read.
 */
export function isSettled(outcome: BatchOutcome): boolean {
  return outcome === 'applied' || outcome === 'duplicate';
}

/** Oldest first; moves made together keep the order they were made in. */
export function byAge(a: QueuedMove, b: QueuedMove): number {
  return a.createdAt - b.createdAt || a.seq - b.seq;
}

/** Whether a sync for `userId` at `now` may take this move. */
export function isClaimable(entry: QueuedMove, userId: number, now: number): boolean {
  if (entry.userId !== userId) return false;
  if (entry.state === 'queued') return true;
  return entry.state === 'sending' && (entry.claimedAt === null || now - entry.claimedAt >= STALE_CLAIM_MS);
}

/** What the server's answer does to a move: gone from the queue (null), or kept with the answer. */
export function settle(
  entry: QueuedMove,
  result: Pick<BatchResultResponse, 'outcome' | 'statusCode' | 'code' | 'message'>,
): QueuedMove | null {
  if (isSettled(result.outcome)) return null;
  const outcome = result.outcome as QueueAnswer['outcome'];
  return {
    ...entry,
    state: 'attention',
    claimedAt: null,
    answer: { outcome, statusCode: result.statusCode, code: result.code, message: result.message ?? '' },
  };
}

/** Waiting or on its way: the household shows it as not yet synced. */
export function isPending(entry: QueuedMove): boolean {
  return entry.state !== 'attention';
}

/**
 * A household as the page should show it with its queued moves: the moves that follow on from
 * the version the page has, in order, give the status it is expected to reach (and the version
 * a further move must be based on). A move based on another version (the page's copy is older or
 * newer than the move) is not applied: the server will judge it.
 */
export function expectedState(
  household: { id: number; status: RepairStatus; version: number },
  entries: readonly QueuedMove[],
): { status: RepairStatus; version: number; pending: QueuedMove[]; attention: QueuedMove[] } {
  const mine = entries.filter((e) => e.householdId === household.id).sort(byAge);
  let status = household.status;
  let version = household.version;
  for (const entry of mine) {
    if (!isPending(entry) || entry.version !== version || entry.from !== status) continue;
    status = entry.to;
    version += 1;
  }
  return { status, version, pending: mine.filter(isPending), attention: mine.filter((e) => !isPending(e)) };
}

/** Where the queue is kept. `update` reads and writes in one transaction, so two tabs cannot both take a move. */
export interface QueueStore {
  all(): Promise<QueuedMove[]>;
  put(entries: readonly QueuedMove[]): Promise<void>;
  delete(clientIds: readonly string[]): Promise<void>;
  /** Replaces the entries `change` returns (by clientId) in the same transaction that read them. */
  update(change: (entries: QueuedMove[]) => QueuedMove[]): Promise<QueuedMove[]>;
}

/** The store when IndexedDB is unavailable (and the tests' store): the queue lasts while the page is open. */
export class MemoryQueueStore implements QueueStore {
  private readonly entries = new Map<string, QueuedMove>();

  all(): Promise<QueuedMove[]> {
    return Promise.resolve([...this.entries.values()].map((e) => ({ ...e })));
  }

  put(entries: readonly QueuedMove[]): Promise<void> {
    for (const entry of entries) this.entries.set(entry.clientId, { ...entry });
    return Promise.resolve();
  }

  delete(clientIds: readonly string[]): Promise<void> {
    for (const id of clientIds) this.entries.delete(id);
    return Promise.resolve();
  }

  async update(change: (entries: QueuedMove[]) => QueuedMove[]): Promise<QueuedMove[]> {
    const changed = change(await this.all());
    await this.put(changed);
    return changed;
  }
}

/** The queue's operations over a store; `onChange` hears of every change (the header's count, the pages' badges). */
export class MoveQueue {
  private seq = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: QueueStore,
    private readonly clock: () => number = Date.now,
    /** Tells the other tabs (their `notify`); not called for what they told this one. */
    private readonly announce: () => void = () => undefined,
  ) {}

  /** Adds moves, in the order given, as made now. */
  async add(moves: readonly NewMove[]): Promise<QueuedMove[]> {
    const createdAt = this.clock();
    const entries = moves.map((move) => ({
      ...move,
      createdAt,
      seq: this.seq++,
      state: 'queued' as const,
      claimedAt: null,
      answer: null,
    }));
    await this.store.put(entries);
    this.changed();
    return entries;
  }

  /** The user's moves, oldest first. */
  async list(userId: number): Promise<QueuedMove[]> {
    return (await this.store.all()).filter((e) => e.userId === userId).sort(byAge);
  }

  /** Takes the user's moves to send (marks them `sending`), oldest first. */
  async claim(userId: number): Promise<QueuedMove[]> {
    const now = this.clock();
    const claimed = await this.store.update((entries) =>
      entries.filter((e) => isClaimable(e, userId, now)).map((e) => ({ ...e, state: 'sending' as const, claimedAt: now })),
    );
    if (claimed.length > 0) this.changed();
    return claimed.sort(byAge);
  }

  /** Gives moves back unanswered (the server could not be reached): they wait for the next sync. */
  async release(entries: readonly QueuedMove[]): Promise<void> {
    if (entries.length === 0) return;
    const ids = new Set(entries.map((e) => e.clientId));
    await this.store.update((all) =>
      all.filter((e) => ids.has(e.clientId) && e.state === 'sending').map((e) => ({ ...e, state: 'queued' as const, claimedAt: null })),
    );
    this.changed();
  }

  /**
   * Records the server's answers: settled moves leave, the others keep their answer. A move the
   * answers do not mention is given back, to be sent again.
   */
  async record(sent: readonly QueuedMove[], results: readonly BatchResultResponse[]): Promise<void> {
    const answers = new Map(results.map((r) => [r.clientId, r]));
    const done: string[] = [];
    const kept: QueuedMove[] = [];
    const unanswered: QueuedMove[] = [];
    for (const entry of sent) {
      const result = answers.get(entry.clientId);
      if (!result) {
        unanswered.push(entry);
        continue;
      }
      const next = settle(entry, result);
      if (next) kept.push(next);
      else done.push(entry.clientId);
    }
    await this.store.delete(done);
    await this.store.put(kept);
    await this.release(unanswered);
    this.changed();
  }

  /** The person who made the move gives it up (after reading the server's answer, or before it is sent). */
  async discard(clientId: string): Promise<void> {
    await this.store.delete([clientId]);
    this.changed();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Another tab changed the queue: tell this tab's listeners. */
  notify(): void {
    for (const listener of this.listeners) listener();
  }

  private changed(): void {
    this.notify();
    this.announce();
  }
}
