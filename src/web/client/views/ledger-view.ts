import type { HouseholdPageResponse, HouseholdResponse } from '../api-types.js';
import type { Cleanup, PageContext } from '../context.js';
import { field, h, replace, select } from '../dom.js';
import { t } from '../i18n/i18n.js';
import { expectedState, type QueuedMove } from '../offline/queue.js';
import { moveQueue } from '../offline/runtime.js';
import { EMPTY_FILTERS, formatRoute, type LedgerFilters } from '../routes.js';
import { mayMoveAny } from './batch-move-model.js';
import { batchMovePanel, ledgerQuery } from './batch-move-view.js';
import { errorBox, gradeName, loading, pageHeading, recordTable, statusBadge, tableRegion } from './common.js';
import { attentionTag, queueSignature, unsyncedTag } from './sync-queue-view.js';

/**
 * 住户台账: the households in scope, filtered by village, grade, status and name, a page at a
 * time. Roles that record moves can tick households (on several pages, or every one the filter
 * matches) and record one move for all of them (batch-move-view.ts). A household with moves
 * waiting in the offline queue shows the status they lead to, marked 待同步.
 */

export const PAGE_SIZE = 50;
const GRADES = ['A', 'B', 'C', 'D'] as const;
const STATUSES = ['pending', 'in_progress', 'completed', 'accepted'] as const;

/** The filters last shown, so a household page links back to the same list. */
let lastFilters: LedgerFilters = EMPTY_FILTERS;

export function lastLedgerFilters(): LedgerFilters {
  return lastFilters;
}

/** The ticked households, kept across the pages of one filter (another filter starts afresh). */
let selection: { key: string; households: Map<number, HouseholdResponse> } = { key: '', households: new Map() };

function selectionFor(filters: LedgerFilters): Map<number, HouseholdResponse> {
  const key = JSON.stringify(ledgerQuery(filters));
  if (selection.key !== key) selection = { key, households: new Map() };
  return selection.households;
}

export async function renderLedger(main: HTMLElement, ctx: PageContext, filters: LedgerFilters): Promise<Cleanup | undefined> {
  lastFilters = filters;
  const results = h('div', { class: 'results' }, loading());
  const canCreate = ctx.me.role === 'staff' || ctx.me.role === 'admin';
  replace(
    main,
    pageHeading(t('ledger.title')),
    canCreate
      ? h('p', { class: 'actions' }, h('a', { class: 'button', href: formatRoute({ name: 'newHousehold' }) }, t('ledger.new')))
      : null,
    filterForm(ctx, filters),
    results,
  );

  const fetchPage = () =>
    ctx.api.get<HouseholdPageResponse>('/households', { ...ledgerQuery(filters), page: filters.page, pageSize: PAGE_SIZE });
  let page: HouseholdPageResponse;
  let queued: QueuedMove[];
  try {
    [page, queued] = await Promise.all([fetchPage(), moveQueue.list(ctx.me.id)]);
  } catch (error) {
    if (ctx.isCurrent())
      replace(
        results,
        errorBox(error, () => ctx.navigate({ name: 'ledger', filters })),
      );
    return undefined;
  }
  if (!ctx.isCurrent()) return undefined;

  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const count = h('p', { class: 'count', role: 'status' }, t('ledger.total', { total: page.total }));
  if (page.items.length === 0) {
    replace(results, count, h('p', null, t('ledger.empty')));
    return undefined;
  }
  const selectable = mayMoveAny(ctx.me.role);
  const selected = selectionFor(filters);
  const tableHost = h('div', { class: 'ledger-rows' });
  const batch = selectable
    ? batchMovePanel({
        ctx,
        filters,
        page: () => page.items,
        total: () => page.total,
        queued: () => queued,
        selection: selected,
        selectionChanged: () => {
          syncCheckboxes();
          batch?.update();
        },
        reload: () => ctx.navigate({ name: 'ledger', filters }),
      })
    : null;

  function drawRows(): void {
    const table = recordTable(
      'ledger-table',
      [t('col.householder'), t('col.village'), t('col.grade'), t('col.status'), t('col.address')],
      page.items,
      (household) => {
        const expected = expectedState(household, queued);
        return [
          h(
            'span',
            { class: 'householder' },
            selectable ? checkbox(household) : null,
            h('a', { href: formatRoute({ name: 'household', id: household.id }) }, household.householder),
            household.placeholder ? h('span', { class: 'tag' }, t('ledger.placeholder')) : null,
          ),
          ctx.regions.villageLabel(household.villageId),
          gradeName(household.grade),
          h(
            'span',
            { class: 'row-status' },
            statusBadge(expected.status),
            expected.pending.length > 0 ? unsyncedTag() : null,
            expected.attention.length > 0 ? attentionTag() : null,
          ),
          household.address ?? '—',
        ];
      },
      (household) => ({ 'data-household': household.id }),
    );
    replace(tableHost, tableRegion(t('ledger.title'), table));
  }

  function checkbox(household: HouseholdResponse): HTMLInputElement {
    const box = h('input', {
      type: 'checkbox',
      class: 'pick',
      'data-select': household.id,
      'aria-label': t('batch.select', { name: household.householder }),
      checked: selected.has(household.id),
    });
    box.addEventListener('change', () => {
      if (box.checked) selected.set(household.id, household);
      else selected.delete(household.id);
      batch?.update();
    });
    return box;
  }

  function syncCheckboxes(): void {
    for (const box of tableHost.querySelectorAll<HTMLInputElement>('input[data-select]')) {
      box.checked = selected.has(Number(box.dataset.select));
    }
  }

  drawRows();
  replace(results, count, batch?.element ?? null, tableHost, pager(filters, page.page, pages));

  // The queue's news (a sync answered, a move queued): redraw the rows, from the server again once a listed household's move reached it.
  let signature = queueSignature(queued);
  return moveQueue.onChange(() => {
    void moveQueue.list(ctx.me.id).then(async (entries) => {
      if (!ctx.isCurrent()) return;
      const next = queueSignature(entries);
      if (next === signature) return;
      const left = queued.some((e) => !entries.some((n) => n.clientId === e.clientId));
      signature = next;
      queued = entries;
      if (left && navigator.onLine) {
        try {
          page = await fetchPage();
        } catch {
          // Keep the rows on show: the next change or a reload tries again.
        }
      }
      if (!ctx.isCurrent()) return;
      drawRows();
      batch?.update();
    });
  });
}

function filterForm(ctx: PageContext, filters: LedgerFilters): HTMLFormElement {
  const all = { value: '', label: t('ledger.all') };
  const village = select(
    'village',
    [all, ...ctx.regions.villages().map((v) => ({ value: String(v.id), label: ctx.regions.villageLabel(v.id) }))],
    filters.village ? String(filters.village) : '',
  );
  const grade = select('grade', [all, ...GRADES.map((g) => ({ value: g, label: gradeName(g) }))], filters.grade ?? '');
  const status = select('status', [all, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))], filters.status ?? '');
  const q = h('input', { type: 'search', name: 'q', value: filters.q, maxlength: 50, autocomplete: 'off' });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('ledger.filters') },
    field(t('ledger.village'), village),
    field(t('ledger.grade'), grade),
    field(t('ledger.status'), status),
    field(t('ledger.search'), q),
    h(
      'p',
      { class: 'actions' },
      h('button', { type: 'submit' }, t('ledger.apply')),
      h('a', { class: 'button secondary', href: formatRoute({ name: 'ledger', filters: EMPTY_FILTERS }) }, t('ledger.reset')),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate({
      name: 'ledger',
      filters: {
        village: village.value ? Number(village.value) : null,
        grade: grade.value || null,
        status: status.value || null,
        q: q.value.trim(),
        page: 1,
      },
    });
  });
  return form;
}

function pager(filters: LedgerFilters, page: number, pages: number): HTMLElement {
  const link = (target: number, label: string, rel: string) =>
    target < 1 || target > pages
      ? h('span', { class: 'button secondary disabled', 'aria-disabled': 'true' }, label)
      : h('a', { class: 'button secondary', rel, href: formatRoute({ name: 'ledger', filters: { ...filters, page: target } }) }, label);
  return h(
    'nav',
    { class: 'pager', 'aria-label': t('ledger.pages') },
    link(page - 1, t('ledger.prev'), 'prev'),
    h('span', { class: 'page-of' }, t('ledger.page', { page, pages })),
    link(page + 1, t('ledger.next'), 'next'),
  );
}
