import { h, replace } from '../dom.js';
import { t } from '../i18n/i18n.js';
import type { Syncer } from '../offline/sync.js';
import { moveQueue, queueStore } from '../offline/runtime.js';
import { describeError } from './common.js';
import { queuePanel } from './sync-queue-view.js';

/**
 * The header's offline indicator (离线; "N 条待同步", "N 条需处理") and the panel it opens, under
 * the header, listing the user's queued moves. Both follow the connection and the queue; the
 * element lives across page changes, the header puts it back each time it is drawn.
 */
export class SyncStatus {
  /** In the header. */
  readonly indicator = h('div', { class: 'sync-status', 'data-testid': 'sync-status' });
  /** Between the header and <main>. */
  readonly panel = h('section', { id: 'sync-queue', class: 'sync-queue', 'aria-labelledby': 'sync-queue-title', hidden: true });

  private open = false;
  private syncing = false;
  private trouble: string | null = null;
  private persistent = true;
  private drawn = 0;

  constructor(
    private readonly syncer: Syncer,
    /** The signed-in user, or null. */
    private readonly user: () => number | null,
  ) {
    window.addEventListener('online', () => void this.sync());
    window.addEventListener('offline', () => void this.refresh());
    moveQueue.onChange(() => void this.refresh());
    void queueStore.persistent().then((persistent) => {
      this.persistent = persistent;
      void this.refresh();
    });
  }

  /** Sends the queue (on the `online` event, after signing in, on request) and shows how it went. */
  async sync(): Promise<void> {
    if (this.user() === null || !navigator.onLine) {
      await this.refresh();
      return;
    }
    this.syncing = true;
    await this.refresh();
    try {
      const report = await this.syncer.run();
      if (report) this.trouble = report.stoppedBy === null ? null : describeError(report.stoppedBy).headline;
    } finally {
      this.syncing = false;
      await this.refresh();
    }
  }

  /** Redraws the indicator and, when open, the panel. */
  async refresh(): Promise<void> {
    const turn = ++this.drawn;
    const userId = this.user();
    const entries = userId === null ? [] : await moveQueue.list(userId);
    // A later refresh started meanwhile draws the newer state.
    if (turn !== this.drawn) return;
    const pending = entries.filter((e) => e.state !== 'attention').length;
    const attention = entries.length - pending;
    const offline = !navigator.onLine;
    const toggle =
      entries.length > 0
        ? h(
            'button',
            {
              type: 'button',
              class: attention > 0 ? 'link-button sync-toggle attention' : 'link-button sync-toggle',
              'aria-expanded': this.open ? 'true' : 'false',
              'aria-controls': 'sync-queue',
              'data-testid': 'sync-toggle',
              onclick: () => this.toggle(),
            },
            [
              pending > 0 ? t('offline.pending', { count: pending }) : null,
              attention > 0 ? t('offline.attention', { count: attention }) : null,
            ]
              .filter(Boolean)
              .join(' · '),
          )
        : null;
    replace(
      this.indicator,
      offline
        ? h('span', { class: 'offline-badge', title: t('offline.offlineHint'), 'data-testid': 'offline' }, t('offline.offline'))
        : null,
      toggle,
    );
    if (userId === null || (entries.length === 0 && !this.open)) {
      this.open = false;
      this.panel.hidden = true;
      replace(this.panel);
      return;
    }
    this.panel.hidden = !this.open;
    if (!this.open) return;
    replace(
      this.panel,
      queuePanel(entries, {
        userId,
        persistent: this.persistent,
        online: !offline,
        syncing: this.syncing,
        trouble: this.trouble,
        syncNow: () => void this.sync(),
        close: () => this.toggle(),
      }),
    );
  }

  private toggle(): void {
    this.open = !this.open;
    void this.refresh().then(() => {
      if (this.open) this.panel.querySelector<HTMLElement>('#sync-queue-title')?.focus();
      else this.indicator.querySelector<HTMLElement>('.sync-toggle')?.focus();
    });
  }
}
