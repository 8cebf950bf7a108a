import { h, replace } from '../dom.js';
import { countyDateTime } from '../format.js';
import { t } from '../i18n/i18n.js';
import type { QueuedMove } from '../offline/queue.js';
import { moveQueue } from '../offline/runtime.js';
import { formatRoute } from '../routes.js';
import { recordTable, statusBadge, tableRegion } from './common.js';

/**
 * The offline queue on the pages: the 待同步 tag beside a status that is only expected, the
 * list of a household's queued moves (on its page) and of all the user's (the header's panel),
 * each with its state and, for a move the server did not accept, its answer and a way to give
 * the move up. Nothing is dropped without the user's second click.
 */

/** Beside a status the server has not confirmed yet. */
export function unsyncedTag(): HTMLSpanElement {
  return h('span', { class: 'sync-tag', title: t('offline.unsyncedHint') }, t('offline.unsynced'));
}

export function attentionTag(): HTMLSpanElement {
  return h('span', { class: 'sync-tag attention' }, t('offline.needsAttention'));
}

/** Changes when a move is added, changes state or leaves: pages redraw only then. */
export function queueSignature(entries: readonly QueuedMove[]): string {
  return entries
    .map((e) => `${e.clientId}:${e.state}`)
    .sort()
    .join('|');
}

function stateTag(entry: QueuedMove): HTMLSpanElement {
  return h('span', { class: `sync-tag state-${entry.state}` }, t(`queue.state.${entry.state}`));
}

function moveCell(entry: QueuedMove): HTMLSpanElement {
  return h('span', { class: 'queued-move' }, statusBadge(entry.from), ' → ', statusBadge(entry.to));
}

/** The server's answer to a move it did not accept, in its words. */
function answerOf(entry: QueuedMove): HTMLElement | null {
  if (!entry.answer) return null;
  return h(
    'p',
    { class: 'queue-answer' },
    h('strong', null, t(`batch.outcome.${entry.answer.outcome}`)),
    entry.answer.message ? `：${entry.answer.message}` : null,
  );
}

/** 放弃, which asks once more before the move is given up; not while a sync is sending it. */
function discardButton(entry: QueuedMove, announce: (text: string) => void): HTMLButtonElement | null {
  if (entry.state === 'sending') return null;
  const label = t('queue.discardOf', { name: entry.householder });
  const button = h(
    'button',
    { type: 'button', class: 'secondary small', 'aria-label': label, 'data-discard': entry.clientId },
    t('queue.discard'),
  );
  let armed = false;
  button.addEventListener('click', () => {
    if (!armed) {
      armed = true;
      button.textContent = t('queue.confirmDiscard');
      button.classList.add('danger');
      button.setAttribute('aria-label', `${t('queue.confirmDiscard')}：${label}`);
      return;
    }
    button.disabled = true;
    void moveQueue.discard(entry.clientId).then(() => announce(t('queue.discarded', { name: entry.householder })));
  });
  return button;
}

/** A household's queued moves, on its page. */
export function queuedMovesList(entries: readonly QueuedMove[]): HTMLElement {
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  const attention = entries.some((e) => e.state === 'attention');
  const pending = entries.some((e) => e.state !== 'attention');
  return h(
    'div',
    { class: attention ? 'queued-moves attention' : 'queued-moves', 'data-testid': 'queued-moves' },
    h('h3', null, t('move.waitingTitle')),
    pending ? h('p', { class: 'hint' }, t('move.waitingIntro')) : null,
    attention ? h('p', { class: 'hint' }, t('move.attentionIntro')) : null,
    h(
      'ul',
      null,
      entries.map((entry) =>
        h(
          'li',
          { 'data-queued': entry.clientId, 'data-state': entry.state },
          h(
            'p',
            { class: 'queued-line' },
            moveCell(entry),
            ' ',
            h('time', { datetime: entry.occurredOn }, entry.occurredOn),
            ' ',
            stateTag(entry),
          ),
          answerOf(entry),
          discardButton(entry, (text) => replace(status, text)),
        ),
      ),
    ),
    status,
  );
}

export interface QueuePanelOptions {
  userId: number;
  /** Whether the queue lives on (IndexedDB) or only while the page is open. */
  persistent: boolean;
  online: boolean;
  syncing: boolean;
  /** The last sync's trouble, for people; null when none. */
  trouble: string | null;
  syncNow: () => void;
  close: () => void;
}

/** The header's panel: every queued move of the user, oldest first. */
export function queuePanel(entries: readonly QueuedMove[], options: QueuePanelOptions): HTMLElement {
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  const announce = (text: string) => replace(status, text);
  const waiting = entries.some((e) => e.state === 'queued');
  const table =
    entries.length === 0
      ? h('p', null, t('queue.empty'))
      : tableRegion(
          t('queue.title'),
          recordTable(
            'queue-table',
            [
              t('queue.col.householder'),
              t('queue.col.move'),
              t('queue.col.occurredOn'),
              t('queue.col.state'),
              t('queue.col.answer'),
              t('queue.col.madeAt'),
              t('queue.col.actions'),
            ],
            entries,
            (entry) => [
              h(
                'a',
                {
                  href: formatRoute({ name: 'household', id: entry.householdId }),
                  'aria-label': `${t('queue.open')}：${entry.householder}`,
                },
                entry.householder,
              ),
              moveCell(entry),
              h('time', { datetime: entry.occurredOn }, entry.occurredOn),
              stateTag(entry),
              answerOf(entry) ?? '—',
              h('time', { datetime: new Date(entry.createdAt).toISOString() }, countyDateTime(new Date(entry.createdAt).toISOString())),
              discardButton(entry, announce),
            ],
            (entry) => ({ 'data-queued': entry.clientId, 'data-state': entry.state }),
          ),
        );
  return h(
    'div',
    { class: 'queue-panel' },
    h(
      'div',
      { class: 'queue-head' },
      h('h2', { id: 'sync-queue-title', tabindex: -1 }, t('queue.title')),
      h('button', { type: 'button', class: 'secondary small', onclick: options.close }, t('queue.close')),
    ),
    h('p', { class: 'hint' }, t('queue.intro')),
    options.persistent ? null : h('p', { class: 'notice warn' }, t('queue.notPersistent')),
    options.trouble ? h('p', { class: 'notice warn', role: 'status' }, t('queue.stopped', { reason: options.trouble })) : null,
    table,
    waiting
      ? h(
          'p',
          { class: 'actions' },
          h(
            'button',
            { type: 'button', disabled: !options.online || options.syncing, onclick: options.syncNow },
            options.syncing ? t('queue.syncing') : t('queue.syncNow'),
          ),
        )
      : null,
    status,
  );
}
