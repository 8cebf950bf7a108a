import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { QueuedMove, QueueStore } from './queue.js';

/**
 * The offline queue in IndexedDB, so queued moves outlive a reload, a closed tab and a switched-off
 * PC. IndexedDB works on plain HTTP too (unlike the service worker), so an intranet page keeps
 * its moves even where it cannot load offline.
 */

interface QueueSchema extends DBSchema {
  moves: { key: string; value: QueuedMove };
}

const DATABASE = 'tracker-offline';
const STORE = 'moves';

export class IdbQueueStore implements QueueStore {
  private constructor(private readonly db: IDBPDatabase<QueueSchema>) {}

  /** Opens (creating on first use) the database; rejects where IndexedDB is unavailable or refused. */
  static async open(): Promise<IdbQueueStore> {
    const db = await openDB<QueueSchema>(DATABASE, 1, {
      upgrade(database) {
        database.createObjectStore(STORE, { keyPath: 'clientId' });
      },
    });
    return new IdbQueueStore(db);
  }

  all(): Promise<QueuedMove[]> {
    return this.db.getAll(STORE);
  }

  async put(entries: readonly QueuedMove[]): Promise<void> {
    if (entries.length === 0) return;
    const tx = this.db.transaction(STORE, 'readwrite');
    await Promise.all([...entries.map((e) => tx.store.put(e)), tx.done]);
  }

  async delete(clientIds: readonly string[]): Promise<void> {
    if (clientIds.length === 0) return;
    const tx = this.db.transaction(STORE, 'readwrite');
    await Promise.all([...clientIds.map((id) => tx.store.delete(id)), tx.done]);
  }

  async update(change: (entries: QueuedMove[]) => QueuedMove[]): Promise<QueuedMove[]> {
    // One readwrite transaction: a second tab's update waits until this one has written.
    const tx = this.db.transaction(STORE, 'readwrite');
    const changed = change(await tx.store.getAll());
    await Promise.all([...changed.map((e) => tx.store.put(e)), tx.done]);
    return changed;
  }
}
