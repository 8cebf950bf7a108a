import type { BatchMoveItem, BatchResultResponse } from '../api-types.js';
import type { MoveQueue, QueuedMove } from './queue.js';

/**
 * Sending the offline queue once the connection is back: the user's moves, oldest first, each
 * once, through the batch endpoint (at most BATCH_LIMIT a request, in order; an inspection's
 * findings travel with their move). The first request the server does not answer (unreachable,
 * its own fault, the session ended) stops the sync and gives every move not yet answered back to
 * the queue, in its place, for the next sync.
 */

/** The batch endpoint's limit of items a request. */
export const BATCH_LIMIT = 500;

export function toBatchItem(
  entry: Pick<QueuedMove, 'clientId' | 'householdId' | 'to' | 'occurredOn' | 'note' | 'version' | 'inspection'>,
): BatchMoveItem {
  return {
    clientId: entry.clientId,
    householdId: entry.householdId,
    to: entry.to,
    occurredOn: entry.occurredOn,
    ...(entry.note ? { note: entry.note } : {}),
    version: entry.version,
    ...(entry.inspection ? { inspection: entry.inspection } : {}),
  };
}

export interface SyncTransport {
  /** POST /api/transitions/batch: the results in the order given; rejects when the request as a whole got no such answer. */
  batch(items: BatchMoveItem[]): Promise<BatchResultResponse[]>;
}

export interface SyncReport {
  /** Moves the server answered (settled, or kept with its answer). */
  answered: number;
  /** Moves given back unanswered. */
  returned: number;
  /** Why the sync stopped early; null when every request was answered. */
  stoppedBy: unknown;
}

/** Sends what `userId` has queued, once. */
export async function syncQueue(queue: MoveQueue, transport: SyncTransport, userId: number, limit = BATCH_LIMIT): Promise<SyncReport> {
  const claimed = await queue.claim(userId);
  let answered = 0;
  for (let start = 0; start < claimed.length; start += limit) {
    const piece = claimed.slice(start, start + limit);
    let results: BatchResultResponse[];
    try {
      results = await transport.batch(piece.map(toBatchItem));
    } catch (error) {
      const unanswered = claimed.slice(start);
      await queue.release(unanswered);
      return { answered, returned: unanswered.length, stoppedBy: error };
    }
    await queue.record(piece, results);
    const ids = new Set(results.map((r) => r.clientId));
    answered += piece.filter((e) => ids.has(e.clientId)).length;
  }
  return { answered, returned: 0, stoppedBy: null };
}

/**
 * One sync at a time in this tab: a trigger during a sync (the `online` event and a new queued
 * move together) runs one more sync after it, for what was queued meanwhile. Another tab's sync
 * cannot take the same moves: claiming them is one IndexedDB transaction.
 */
export class Syncer {
  private running: Promise<SyncReport | null> | null = null;
  private again = false;

  constructor(
    private readonly queue: MoveQueue,
    private readonly transport: SyncTransport,
    /** The signed-in user, or null (nothing is sent without one). */
    private readonly user: () => number | null,
    /** Whether the browser believes it is online. */
    private readonly online: () => boolean,
  ) {}

  /** Starts a sync (or asks for one more after the running one); resolves with the last report, null if nothing ran. */
  run(): Promise<SyncReport | null> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(): Promise<SyncReport | null> {
    let report: SyncReport | null = null;
    do {
      this.again = false;
      const userId = this.user();
      if (userId === null || !this.online()) return report;
      report = await syncQueue(this.queue, this.transport, userId);
      // Stopped by an unanswered request: wait for the next trigger rather than retry at once.
      if (report.stoppedBy !== null) return report;
    } while (this.again);
    return report;
  }
}
