import { ApiError, type Api } from '../api.js';
import type { BatchResponse, HouseholdResponse, TransitionRequest } from '../api-types.js';
import type { RowOutcome } from '../views/batch-move-model.js';
import { chunk } from '../views/batch-move-model.js';
import { isPending, type MoveQueue, type NewMove, type QueuedMove } from './queue.js';
import { BATCH_LIMIT, toBatchItem, type SyncTransport } from './sync.js';

/**
 * Sending moves from the pages, online or not. A move gets its clientId when it is made; it goes
 * to the queue instead of the server when the browser is offline, when the request fails without
 * an answer (the same clientId, so a retry of a move that did reach the server is recognised),
 * or when its household already has moves waiting (they must reach the server first).
 */

/** A move as the pages make it: a NewMove with its clientId and maker. */
export type OutgoingMove = NewMove;

function isUnreachable(error: unknown): boolean {
  return error instanceof ApiError && error.status === 0;
}

async function waitingHouseholds(queue: MoveQueue, userId: number): Promise<Set<number>> {
  return new Set((await queue.list(userId)).filter(isPending).map((e) => e.householdId));
}

function transitionBody(move: Pick<QueuedMove, 'to' | 'occurredOn' | 'note' | 'version' | 'clientId' | 'inspection'>): TransitionRequest {
  return {
    to: move.to,
    occurredOn: move.occurredOn,
    ...(move.note ? { note: move.note } : {}),
    version: move.version,
    clientId: move.clientId,
    ...(move.inspection ? { inspection: move.inspection } : {}),
  };
}

/**
 * One move from the household page: the household in its new state, or `queued`. An answer
 * other than 2xx is thrown (ApiError) for the page to explain, as before.
 */
export async function sendMove(
  api: Api,
  queue: MoveQueue,
  move: OutgoingMove,
): Promise<{ queued: false; household: HouseholdResponse } | { queued: true }> {
  const behindOthers = (await waitingHouseholds(queue, move.userId)).has(move.householdId);
  if (navigator.onLine && !behindOthers) {
    try {
      const household = await api.post<HouseholdResponse>(`/households/${move.householdId}/transitions`, transitionBody(move));
      return { queued: false, household };
    } catch (error) {
      if (!isUnreachable(error)) throw error;
    }
  }
  await queue.add([move]);
  return { queued: true };
}

export interface BatchRow {
  householdId: number;
  householder: string;
  outcome: RowOutcome;
  /** The server's words (or the page's, for a skipped household); null when it went through. */
  message: string | null;
}

export interface BatchRun {
  rows: BatchRow[];
  /** A request the server refused as a whole (not unreachable): the moves it did not judge, to retry. */
  failure: { error: unknown; unsent: OutgoingMove[] } | null;
}

/**
 * The ledger's batch: in requests of at most BATCH_LIMIT, in order. Moves that cannot be sent now
 * (offline, unreachable, behind queued moves) are queued and reported as such.
 */
export async function sendBatch(
  api: Api,
  queue: MoveQueue,
  moves: readonly OutgoingMove[],
  onProgress: (sent: number, total: number) => void = () => undefined,
): Promise<BatchRun> {
  const rows: BatchRow[] = [];
  const waiting = moves.length > 0 ? await waitingHouseholds(queue, moves[0].userId) : new Set<number>();
  const toQueue = moves.filter((m) => waiting.has(m.householdId));
  const direct = moves.filter((m) => !waiting.has(m.householdId));
  const pieces = chunk(direct, BATCH_LIMIT);
  let sent = 0;
  for (const [i, piece] of pieces.entries()) {
    if (!navigator.onLine) {
      toQueue.push(...pieces.slice(i).flat());
      break;
    }
    let response: BatchResponse;
    try {
      response = await api.post<BatchResponse>('/transitions/batch', { items: piece.map(toBatchItem) });
    } catch (error) {
      if (isUnreachable(error)) {
        toQueue.push(...pieces.slice(i).flat());
        break;
      }
      await queueAndReport(queue, toQueue, rows);
      return { rows, failure: { error, unsent: pieces.slice(i).flat() } };
    }
    const byId = new Map(response.results.map((r) => [r.clientId, r]));
    for (const move of piece) {
      const result = byId.get(move.clientId);
      rows.push({
        householdId: move.householdId,
        householder: move.householder,
        outcome: result?.outcome ?? 'invalid',
        message: result ? result.message : null,
      });
    }
    sent += piece.length;
    onProgress(sent, direct.length);
  }
  await queueAndReport(queue, toQueue, rows);
  return { rows, failure: null };
}

async function queueAndReport(queue: MoveQueue, moves: readonly OutgoingMove[], rows: BatchRow[]): Promise<void> {
  if (moves.length === 0) return;
  await queue.add(moves);
  for (const move of moves) rows.push({ householdId: move.householdId, householder: move.householder, outcome: 'queued', message: null });
}

/** How the offline queue reaches the server. */
export function apiTransport(api: Api): SyncTransport {
  return {
    batch: async (items) => (await api.post<BatchResponse>('/transitions/batch', { items })).results,
  };
}
