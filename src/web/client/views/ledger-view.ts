import type { HouseholdPageResponse } from '../api-types.js';
import type { PageContext } from '../context.js';
import { field, h, replace, select } from '../dom.js';
import { t } from '../i18n/i18n.js';
import { EMPTY_FILTERS, formatRoute, type LedgerFilters } from '../routes.js';
import { errorBox, gradeName, loading, pageHeading, recordTable, statusBadge, tableRegion } from './common.js';

/** 住户台账: the households in scope, filtered by village, grade, status and name, a page at a time. */

export const PAGE_SIZE = 50;
const GRADES = ['A', 'B', 'C', 'D'] as const;
const STATUSES = ['pending', 'in_progress', 'completed', 'accepted'] as const;

/** The filters last shown, so a household page links back to the same list. */
let lastFilters: LedgerFilters = EMPTY_FILTERS;

export function lastLedgerFilters(): LedgerFilters {
  return lastFilters;
}

export async function renderLedger(main: HTMLElement, ctx: PageContext, filters: LedgerFilters): Promise<void> {
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

  let page: HouseholdPageResponse;
  try {
    page = await ctx.api.get<HouseholdPageResponse>('/households', {
      villageId: filters.village,
      grade: filters.grade,
      status: filters.status,
      q: filters.q.trim(),
      page: filters.page,
      pageSize: PAGE_SIZE,
    });
  } catch (error) {
    if (ctx.isCurrent())
      replace(
        results,
        errorBox(error, () => ctx.navigate({ name: 'ledger', filters })),
      );
    return;
  }
  if (!ctx.isCurrent()) return;

  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const count = h('p', { class: 'count', role: 'status' }, t('ledger.total', { total: page.total }));
  if (page.items.length === 0) {
    replace(results, count, h('p', null, t('ledger.empty')));
    return;
  }
  const table = recordTable(
    'ledger-table',
    [t('col.householder'), t('col.village'), t('col.grade'), t('col.status'), t('col.address')],
    page.items,
    (household) => [
      h(
        'span',
        null,
        h('a', { href: formatRoute({ name: 'household', id: household.id }) }, household.householder),
        household.placeholder ? h('span', { class: 'tag' }, t('ledger.placeholder')) : null,
      ),
      ctx.regions.villageLabel(household.villageId),
      gradeName(household.grade),
      statusBadge(household.status),
      household.address ?? '—',
    ],
    (household) => ({ 'data-household': household.id }),
  );
  replace(results, count, tableRegion(t('ledger.title'), table), pager(filters, page.page, pages));
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
