import type { HouseholdPageResponse, HouseholdResponse, RepairStatus } from '../api-types.js';
import type { PageContext } from '../context.js';
import { field, h, replace, uid } from '../dom.js';
import { todayInCounty } from '../format.js';
import { t } from '../i18n/i18n.js';
import { newClientId } from '../offline/client-id.js';
import { expectedState, type QueuedMove } from '../offline/queue.js';
import { moveQueue, requestSync } from '../offline/runtime.js';
import { sendBatch, type BatchRow, type OutgoingMove } from '../offline/send-moves.js';
import { formatRoute, type LedgerFilters } from '../routes.js';
import {
  batchTargets,
  countRows,
  FETCH_PAGE_SIZE,
  pageCount,
  planBatch,
  SELECTION_CAP,
  type BatchPlan,
  type RowOutcome,
  type Selected,
  type SkipReason,
} from './batch-move-model.js';
import { alertBox, describeError, recordTable, tableRegion } from './common.js';

/**
 * The ledger's batch move: the selection's toolbar (this page, every household the filter
 * matches), one move for all selected (the new status, one date, one note), a confirmation, then
 * the moves sent in requests of at most 500 (offline or unreachable: queued), and the outcome of
 * each household with the counts. Households that cannot make the move are skipped before
 * sending and listed with why; the server judges the rest, each on its own.
 */

export interface BatchHost {
  ctx: PageContext;
  filters: LedgerFilters;
  /** The ledger page on show. */
  page(): HouseholdResponse[];
  total(): number;
  /** The user's queued moves, so that a household is planned from the status it is expected to reach. */
  queued(): QueuedMove[];
  /** The selected households, as the ledger listed them (their versions are the moves' base). */
  selection: Map<number, HouseholdResponse>;
  /** The rows' checkboxes follow a selection made here. */
  selectionChanged(): void;
  reload(): void;
}

/** The form's values outlive a redraw of the ledger (a page turn, the queue's news). */
const form = { to: '', date: '', note: '' };

export function batchMovePanel(host: BatchHost): { element: HTMLElement; update(): void } {
  const { ctx } = host;
  const message = h('div', { class: 'message', 'aria-live': 'polite' });
  const results = h('div', { class: 'batch-results' });

  const pageBoxId = uid('select-page');
  const pageBox = h('input', { type: 'checkbox', id: pageBoxId, 'data-select-page': true });
  const count = h('p', { class: 'batch-count', role: 'status', 'data-testid': 'batch-count' });
  const selectAll = h('button', { type: 'button', class: 'secondary', 'data-select-all': true });
  const clear = h('button', { type: 'button', class: 'secondary' }, t('batch.clear'));

  const target = h('select', { name: 'batchTo' });
  const today = todayInCounty();
  const date = h('input', {
    type: 'date',
    name: 'batchOccurredOn',
    value: form.date && form.date <= today ? form.date : today,
    max: today,
  });
  const note = h('textarea', { name: 'batchNote', rows: 2, maxlength: 500 });
  note.value = form.note;
  const plan = h('div', { class: 'batch-plan', 'aria-live': 'polite' });
  const submit = h('button', { type: 'button', 'data-batch': 'submit' }, t('batch.submit'));
  const confirmation = h('div', { class: 'confirm', hidden: true });
  const moveForm = h(
    'div',
    { class: 'batch-form' },
    h(
      'div',
      { class: 'batch-fields' },
      field(t('batch.to'), target),
      field(t('batch.date'), date, t('batch.dateHint')),
      field(t('batch.note'), note, t('batch.noteHint')),
    ),
    plan,
    h('p', { class: 'actions' }, submit),
    confirmation,
  );

  const element = h(
    'section',
    { class: 'panel batch', 'aria-labelledby': 'batch-title' },
    h('h2', { id: 'batch-title', tabindex: -1 }, t('batch.title')),
    h(
      'div',
      { class: 'batch-toolbar' },
      h('div', { class: 'check-row' }, pageBox, h('label', { for: pageBoxId }, t('batch.selectPage'))),
      selectAll,
      count,
      clear,
    ),
    message,
    moveForm,
    results,
  );

  let busy = false;

  /** The selection as it will be planned: each household at the status its queued moves lead to. */
  function planned(): HouseholdResponse[] {
    const entries = host.queued();
    return [...host.selection.values()].map((household) => {
      const expected = expectedState(household, entries);
      return { ...household, status: expected.status, version: expected.version };
    });
  }

  function currentPlan(): BatchPlan<HouseholdResponse> | null {
    return form.to ? planBatch(ctx.me.role, planned(), form.to as RepairStatus) : null;
  }

  function update(): void {
    const page = host.page();
    const onPage = page.filter((hh) => host.selection.has(hh.id)).length;
    pageBox.checked = page.length > 0 && onPage === page.length;
    pageBox.indeterminate = onPage > 0 && onPage < page.length;
    pageBox.disabled = busy || page.length === 0;
    const total = host.total();
    selectAll.textContent = t('batch.selectAll', { total });
    selectAll.hidden = total <= page.length || host.selection.size >= total;
    selectAll.disabled = busy;
    clear.hidden = host.selection.size === 0;
    clear.disabled = busy;
    replace(count, host.selection.size === 0 ? t('batch.none') : t('batch.selected', { count: host.selection.size }));
    moveForm.hidden = host.selection.size === 0;
    if (host.selection.size === 0) return;

    const targets = batchTargets(ctx.me.role, planned());
    if (form.to && !targets.includes(form.to as RepairStatus)) form.to = '';
    replace(
      target,
      h('option', { value: '' }, t('batch.choose')),
      targets.map((to) => h('option', { value: to, selected: to === form.to }, t(`status.${to}`))),
    );
    target.value = form.to;
    target.disabled = busy || targets.length === 0;
    date.disabled = busy;
    note.disabled = busy;
    submit.disabled = busy || targets.length === 0;
    const chosen = currentPlan();
    replace(
      plan,
      targets.length === 0
        ? h('p', { class: 'notice warn' }, t('batch.noTargets'))
        : chosen
          ? [
              h(
                'p',
                null,
                chosen.eligible.length > 0
                  ? t('batch.plan', { count: chosen.eligible.length, to: t(`status.${form.to as RepairStatus}`) })
                  : t('batch.planNone', { to: t(`status.${form.to as RepairStatus}`) }),
              ),
              chosen.skipped.length > 0
                ? h(
                    'details',
                    { class: 'batch-skipped' },
                    h('summary', null, t('batch.planSkipped', { count: chosen.skipped.length })),
                    h(
                      'ul',
                      null,
                      chosen.skipped.map(({ household, reason }) =>
                        h(
                          'li',
                          null,
                          h('strong', null, household.householder),
                          '：',
                          skipMessage(household, reason, form.to as RepairStatus),
                        ),
                      ),
                    ),
                  )
                : null,
            ]
          : null,
    );
  }

  pageBox.addEventListener('change', () => {
    for (const household of host.page()) {
      if (pageBox.checked) host.selection.set(household.id, household);
      else host.selection.delete(household.id);
    }
    host.selectionChanged();
  });
  clear.addEventListener('click', () => {
    host.selection.clear();
    host.selectionChanged();
  });
  selectAll.addEventListener('click', () => void selectEveryMatch());
  target.addEventListener('change', () => {
    form.to = target.value;
    replace(message);
    update();
  });
  date.addEventListener('change', () => (form.date = date.value));
  note.addEventListener('input', () => (form.note = note.value));
  submit.addEventListener('click', () => ask());

  /** Every household the filter matches, up to SELECTION_CAP, fetched 500 at a time. */
  async function selectEveryMatch(): Promise<void> {
    const total = host.total();
    if (total > SELECTION_CAP) {
      replace(message, alertBox(t('batch.tooMany', { total, cap: SELECTION_CAP })));
      return;
    }
    busy = true;
    update();
    const found: HouseholdResponse[] = [];
    try {
      const pages = pageCount(total, FETCH_PAGE_SIZE);
      for (let page = 1; page <= pages; page++) {
        replace(message, h('p', { role: 'status' }, t('batch.selectingAll', { done: found.length, total })));
        const answer = await ctx.api.get<HouseholdPageResponse>('/households', {
          ...ledgerQuery(host.filters),
          page,
          pageSize: FETCH_PAGE_SIZE,
        });
        found.push(...answer.items);
        if (answer.items.length < FETCH_PAGE_SIZE) break;
      }
    } catch (error) {
      if (ctx.isCurrent()) replace(message, alertBox(t('batch.selectAllFailed'), describeError(error).headline));
      return;
    } finally {
      busy = false;
    }
    if (!ctx.isCurrent()) return;
    for (const household of found.slice(0, SELECTION_CAP)) host.selection.set(household.id, household);
    replace(message);
    host.selectionChanged();
  }

  /** Checks the form, then asks before anything is sent. */
  function ask(): void {
    replace(message);
    if (!form.to) {
      replace(message, alertBox(t('batch.chooseTarget')));
      target.focus();
      return;
    }
    if (!date.value || date.value > todayInCounty()) {
      replace(message, alertBox(t('move.badDate')));
      date.focus();
      return;
    }
    const chosen = currentPlan();
    if (!chosen || chosen.eligible.length === 0) {
      replace(message, alertBox(t('batch.planNone', { to: t(`status.${form.to as RepairStatus}`) })));
      return;
    }
    if (chosen.needsNote && !note.value.trim()) {
      replace(message, alertBox(t('batch.noteRequired')));
      note.focus();
      return;
    }
    const to = form.to as RepairStatus;
    const questionId = uid('batch-confirm');
    const yes = h('button', { type: 'button', 'data-batch': 'confirm', 'aria-describedby': questionId }, t('batch.confirmYes'));
    const no = h('button', { type: 'button', class: 'secondary' }, t('batch.confirmNo'));
    replace(
      confirmation,
      h(
        'p',
        { class: 'confirm-question', id: questionId },
        t('batch.confirm', { count: chosen.eligible.length, to: t(`status.${to}`), date: date.value }),
      ),
      h('p', { class: 'actions' }, yes, no),
    );
    confirmation.hidden = false;
    yes.focus();
    no.addEventListener('click', () => {
      confirmation.hidden = true;
      submit.focus();
    });
    yes.addEventListener('click', () => {
      confirmation.hidden = true;
      void run(chosen, to, date.value, note.value.trim() || null);
    });
  }

  async function run(chosen: BatchPlan<HouseholdResponse>, to: RepairStatus, occurredOn: string, text: string | null): Promise<void> {
    busy = true;
    update();
    const moves: OutgoingMove[] = chosen.eligible.map((household) => ({
      clientId: newClientId(),
      userId: ctx.me.id,
      householdId: household.id,
      householder: household.householder,
      from: household.status,
      to,
      occurredOn,
      note: text,
      inspection: null,
      version: household.version,
    }));
    const order = [...host.selection.keys()];
    const skipped: BatchRow[] = chosen.skipped.map(({ household, reason }) => ({
      householdId: household.id,
      householder: household.householder,
      outcome: 'skipped',
      message: skipMessage(household, reason, to),
    }));
    let rows: BatchRow[] = [];
    const send = async (batch: readonly OutgoingMove[]) => {
      replace(message, h('p', { role: 'status' }, t('batch.sending', { sent: 0, total: batch.length })));
      const answer = await sendBatch(ctx.api, moveQueue, batch, (sent, total) =>
        replace(message, h('p', { role: 'status' }, t('batch.sending', { sent, total }))),
      );
      rows = [...rows, ...answer.rows];
      return answer;
    };
    let answer = await send(moves);
    busy = false;
    if (!ctx.isCurrent()) return;
    host.selection.clear();
    host.selectionChanged();
    replace(message);
    if (rows.some((r) => r.outcome === 'queued')) requestSync();

    const show = (): void => {
      const all = [...rows, ...skipped].sort((a, b) => order.indexOf(a.householdId) - order.indexOf(b.householdId));
      const failure = answer.failure;
      const retry = failure
        ? h('button', { type: 'button', 'data-batch': 'retry' }, t('batch.retry', { count: failure.unsent.length }))
        : null;
      retry?.addEventListener('click', () => {
        if (!failure) return;
        retry.disabled = true;
        void send(failure.unsent).then((next) => {
          answer = next;
          if (ctx.isCurrent()) show();
        });
      });
      replace(
        results,
        h('h3', { id: 'batch-result-title', tabindex: -1 }, t('batch.result')),
        failure && retry
          ? alertBox(
              t('batch.failed'),
              `${describeError(failure.error).headline} ${t('batch.unsent', { count: failure.unsent.length })}`,
              retry,
            )
          : null,
        outcomeCounts(all),
        tableRegion(t('batch.result'), resultTable(all)),
        h('p', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => host.reload() }, t('batch.reload'))),
      );
      results.querySelector<HTMLElement>('#batch-result-title')?.focus();
    };
    show();
  }

  update();
  return { element, update };
}

/** Why a household is left out, for people. */
function skipMessage(household: Selected, reason: SkipReason, to: RepairStatus): string {
  return reason === 'workflow'
    ? t('batch.skip.workflow', { status: t(`status.${household.status}`), to: t(`status.${to}`) })
    : t('batch.skip.role');
}

/** The ledger's filters as the API's query (the same list the ledger shows). */
export function ledgerQuery(filters: LedgerFilters): Record<string, string | number | null> {
  return { villageId: filters.village, grade: filters.grade, status: filters.status, q: filters.q.trim() };
}

function outcomeCounts(rows: readonly BatchRow[]): HTMLElement {
  return h(
    'ul',
    { class: 'batch-counts', 'aria-label': t('batch.counts') },
    countRows(rows).map(([outcome, n]) => h('li', { 'data-count': outcome }, outcomeTag(outcome), ' ', t('batch.count', { count: n }))),
  );
}

export function outcomeTag(outcome: RowOutcome): HTMLSpanElement {
  return h('span', { class: `outcome outcome-${outcome}` }, t(`batch.outcome.${outcome}`));
}

function resultTable(rows: readonly BatchRow[]): HTMLTableElement {
  return recordTable(
    'batch-result-table',
    [t('batch.col.householder'), t('batch.col.outcome'), t('batch.col.message')],
    rows,
    (row) => [
      h('a', { href: formatRoute({ name: 'household', id: row.householdId }) }, row.householder),
      outcomeTag(row.outcome),
      row.message ?? (row.outcome === 'queued' ? t('batch.queuedHint') : '—'),
    ],
    (row) => ({ 'data-result': row.householdId, 'data-outcome': row.outcome }),
  );
}
