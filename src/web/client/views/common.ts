import { ApiError } from '../api.js';
import type { RepairStatus } from '../api-types.js';
import { h, type Child, type Props } from '../dom.js';
import { t, type MessageKey } from '../i18n/i18n.js';

/** The page's heading; focused after each navigation so keyboard and screen-reader users start there. */
export function pageHeading(text: string): HTMLHeadingElement {
  return h('h1', { tabindex: -1, class: 'page-title' }, text);
}

export function statusBadge(status: RepairStatus): HTMLSpanElement {
  return h('span', { class: `badge status-${status}` }, t(`status.${status}`));
}

export function gradeName(grade: string): string {
  return t('grade.name', { grade });
}

export function loading(key: MessageKey = 'app.loading'): HTMLParagraphElement {
  return h('p', { class: 'loading', role: 'status' }, t(key));
}

/**
 * What went wrong, for people. The server writes its message in the page's language (the page
 * sends it as Accept-Language), so it is shown as it is; a fault of the server's own also names
 * the request id to quote. Without the server's error shape (unreachable, a proxy's page), the
 * kind of failure in the page's words.
 */
export function describeError(error: unknown): { headline: string; detail: string | null } {
  if (error instanceof ApiError) {
    if (error.status === 0) return { headline: t('error.network'), detail: null };
    if (error.code !== null) {
      const id = error.status >= 500 && error.status !== 503 && error.requestId ? t('error.requestId', { id: error.requestId }) : '';
      return { headline: error.message + id, detail: null };
    }
    if (error.status >= 500) return { headline: t('error.server', { status: error.status }), detail: null };
    return { headline: error.message, detail: null };
  }
  return { headline: error instanceof Error ? error.message : String(error), detail: null };
}

/** An alert with a headline and, when the server explained, its explanation. */
export function alertBox(headline: string, detail?: string | null, ...actions: HTMLElement[]): HTMLDivElement {
  return h(
    'div',
    { class: 'alert', role: 'alert' },
    h('p', { class: 'alert-headline' }, headline),
    detail ? h('p', { class: 'alert-detail' }, t('error.detail', { message: detail })) : null,
    actions.length ? h('p', { class: 'actions' }, actions) : null,
  );
}

export function errorBox(error: unknown, retry?: () => void): HTMLDivElement {
  const { headline } = describeError(error);
  const retryButton = retry ? h('button', { type: 'button', class: 'secondary', onclick: retry }, t('error.retry')) : null;
  return retryButton ? alertBox(headline, null, retryButton) : alertBox(headline);
}

/** A table inside a scrollable, keyboard-focusable region (wide tables on a phone). */
export function tableRegion(label: string, table: HTMLTableElement): HTMLDivElement {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': label, tabindex: 0 }, table);
}

/** A <dl> of label/value pairs. */
export function facts(pairs: readonly [string, string | Node][]): HTMLDListElement {
  return h(
    'dl',
    { class: 'facts' },
    pairs.map(([term, value]) => [h('dt', null, term), h('dd', null, value)]),
  );
}

/**
 * A table of records: one row per record, its first cell heading the row. On a phone each row
 * becomes a card whose cells carry their column's name (styles.css, table.cards).
 */
export function recordTable<T>(
  className: string,
  columns: readonly string[],
  records: readonly T[],
  cells: (record: T) => readonly Child[],
  rowProps?: (record: T) => Props,
): HTMLTableElement {
  return h(
    'table',
    { class: `${className} cards` },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        columns.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      null,
      records.map((record) =>
        h(
          'tr',
          rowProps?.(record) ?? null,
          cells(record).map((cell, i) =>
            i === 0 ? h('th', { scope: 'row', 'data-label': columns[i] }, cell) : h('td', { 'data-label': columns[i] }, cell),
          ),
        ),
      ),
    ),
  );
}
