import { DeferredStore } from './deferred-store.js';
import { IdbQueueStore } from './idb-store.js';
import { MoveQueue } from './queue.js';

/**
 * The page's one offline queue, shared by the household page, the ledger's batch and the
 * header. Other tabs of the same browser hear of each change (BroadcastChannel, where the
 * browser has it: Safari before 15.4 does not, and then a tab sees the others' moves on its next
 * page load), so their counts and badges follow.
 */

const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('tracker-move-queue') : null;

export const queueStore = new DeferredStore(IdbQueueStore.open());

export const moveQueue = new MoveQueue(queueStore, Date.now, () => channel?.postMessage('changed'));

channel?.addEventListener('message', () => moveQueue.notify());

let syncRequest: () => void = () => undefined;

/** main.ts says how a sync starts (it holds the API and the session). */
export function setSyncRequest(start: () => void): void {
  syncRequest = start;
}

/** Asks for a sync now (a move was queued behind others while online). */
export function requestSync(): void {
  syncRequest();
}
