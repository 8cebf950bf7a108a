import { MemoryQueueStore, type QueuedMove, type QueueStore } from './queue.js';

/**
 * A store usable at once while the real one opens: every call waits for it. If IndexedDB cannot
 * be opened (refused, a private window of an old browser), the queue is kept in memory, and
 * says so (`persistent`), so the page can tell the user to stay online until it has synced.
 */
export class DeferredStore implements QueueStore {
  private readonly ready: Promise<{ store: QueueStore; persistent: boolean }>;

  constructor(opening: Promise<QueueStore>) {
    this.ready = opening.then(
      (store) => ({ store, persistent: true }),
      () => ({ store: new MemoryQueueStore(), persistent: false }),
    );
  }

  async persistent(): Promise<boolean> {
    return (await this.ready).persistent;
  }

  async all(): Promise<QueuedMove[]> {
    return (await this.ready).store.all();
  }

  async put(entries: readonly QueuedMove[]): Promise<void> {
    await (await this.ready).store.put(entries);
  }

  async delete(clientIds: readonly string[]): Promise<void> {
    await (await this.ready).store.delete(clientIds);
  }

  async update(change: (entries: QueuedMove[]) => QueuedMove[]): Promise<QueuedMove[]> {
    return (await this.ready).store.update(change);
  }
}
