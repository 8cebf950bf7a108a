import { ApiError } from '../api.js';
import type { HouseholdResponse, RepairStatus, StatusChangeResponse } from '../api-types.js';
import type { PageContext } from '../context.js';
import { field, h, replace } from '../dom.js';
import { countyDateTime, todayInCounty } from '../format.js';
import { isMessageKey, t } from '../i18n/i18n.js';
import { movesFor, needsNote } from '../moves.js';
import { formatRoute } from '../routes.js';
import { lastLedgerFilters } from './ledger-view.js';
import { alertBox, errorBox, facts, gradeName, loading, pageHeading, recordTable, statusBadge, tableRegion } from './common.js';

/**
 * One household: its facts and appraisal, the status moves the user's role may record (as
 * buttons, with the date and a note), its history and remarks.
 */
export async function renderHousehold(main: HTMLElement, ctx: PageContext, id: number): Promise<void> {
  const heading = pageHeading(t('app.loading'));
  const body = h('div', { class: 'household' }, loading());
  replace(
    main,
    h('p', { class: 'back' }, h('a', { href: formatRoute({ name: 'ledger', filters: lastLedgerFilters() }) }, t('household.back'))),
    heading,
    body,
  );

  /** The move form's values survive a reload after a 409, so nothing typed is lost. */
  const kept = { date: todayInCounty(), note: '' };
  let notice: HTMLElement | null = null;

  async function load(): Promise<void> {
    let household: HouseholdResponse;
    let history: StatusChangeResponse[];
    try {
      [household, history] = await Promise.all([
        ctx.api.get<HouseholdResponse>(`/households/${id}`),
        ctx.api.get<StatusChangeResponse[]>(`/households/${id}/history`),
      ]);
    } catch (error) {
      if (!ctx.isCurrent()) return;
      heading.textContent = t('household.back');
      replace(
        body,
        error instanceof ApiError && error.status === 404 ? alertBox(t('household.notFound')) : errorBox(error, () => void load()),
      );
      return;
    }
    if (!ctx.isCurrent()) return;
    heading.textContent = household.householder;
    replace(
      body,
      h(
        'p',
        { class: 'subtitle' },
        ctx.regions.villageLabel(household.villageId),
        ' · ',
        gradeName(household.grade),
        ' · ',
        statusBadge(household.status),
      ),
      household.placeholder ? h('p', { class: 'notice' }, t('household.placeholderNote')) : null,
      movePanel(household),
      h('div', { class: 'columns' }, factsPanel(household), appraisalPanel(household)),
      historyPanel(history),
      remarksPanel(household),
    );
  }

  function movePanel(household: HouseholdResponse): HTMLElement {
    const moves = movesFor(ctx.me.role, household.grade, household.status);
    const message = h('div', { class: 'message', 'aria-live': 'polite' }, notice);
    notice = null;
    const section = (...content: (Node | null)[]) =>
      h(
        'section',
        { class: 'panel moves', 'aria-labelledby': 'moves-title' },
        h('h2', { id: 'moves-title', tabindex: -1 }, t('move.title')),
        message,
        ...content,
      );
    if (moves.length === 0) {
      const why =
        household.grade === 'A'
          ? t('move.gradeA')
          : household.status === 'accepted'
            ? t('move.final')
            : t('move.noneForRole', { role: t(`role.${ctx.me.role}`) });
      return section(h('p', { 'data-testid': 'no-moves' }, why));
    }
    const today = todayInCounty();
    const date = h('input', { type: 'date', name: 'occurredOn', value: kept.date > today ? today : kept.date, max: today, required: true });
    const note = h('textarea', { name: 'note', rows: 2, maxlength: 500 });
    note.value = kept.note;
    const buttons = moves.map((to) =>
      h('button', { type: 'button', 'data-move': to, onclick: () => void record(to) }, moveLabel(household.status, to)),
    );

    async function record(to: RepairStatus): Promise<void> {
      kept.date = date.value;
      kept.note = note.value;
      if (!date.value) {
        replace(message, alertBox(t('move.badDate')));
        date.focus();
        return;
      }
      if (needsNote(household.grade, household.status, to) && !note.value.trim()) {
        replace(message, alertBox(t('move.noteRequired')));
        note.focus();
        return;
      }
      buttons.forEach((b) => (b.disabled = true));
      replace(message, h('p', { role: 'status' }, t('move.saving')));
      try {
        const moved = await ctx.api.post<HouseholdResponse>(`/households/${id}/transitions`, {
          to,
          occurredOn: date.value,
          note: note.value.trim() || undefined,
          version: household.version,
        });
        kept.note = '';
        notice = h(
          'p',
          { class: 'notice ok', role: 'status' },
          t('move.saved', { from: t(`status.${household.status}`), to: t(`status.${moved.status}`) }),
        );
        await load();
        // The buttons were replaced: keep the keyboard where the result is announced.
        body.querySelector<HTMLElement>('#moves-title')?.focus();
      } catch (error) {
        if (!ctx.isCurrent()) return;
        buttons.forEach((b) => (b.disabled = false));
        replace(message, refusal(error));
      }
    }

    /** What the server refused, decided on its `code`; its message (in the page's language) shown as it is. */
    function refusal(error: unknown): HTMLElement {
      if (!(error instanceof ApiError)) return errorBox(error);
      switch (error.code) {
        case 'stale_version': {
          const reload = h('button', { type: 'button', onclick: () => void load() }, t('move.reload'));
          return alertBox(t('move.conflict'), null, reload);
        }
        case 'move_not_allowed':
        case 'note_required':
        case 'role_may_not_move':
        case 'own_completion':
        case 'role_forbidden':
          return alertBox(t('move.notAllowed'), error.message);
        case 'validation_failed':
          return alertBox(error.names('occurredOn') ? t('move.badDate') : t('move.badInput'), error.message);
        case 'not_in_scope':
          return alertBox(t('household.notFound'));
        default:
          return errorBox(error);
      }
    }

    return section(
      h(
        'div',
        { class: 'move-form' },
        field(t('move.date'), date, t('move.dateHint')),
        field(t('move.note'), note, t('move.noteHint')),
        h('p', { class: 'actions' }, buttons),
      ),
    );
  }

  function factsPanel(household: HouseholdResponse): HTMLElement {
    return panel(
      'facts',
      t('household.facts'),
      facts([
        [t('household.village'), ctx.regions.villageLabel(household.villageId)],
        [t('household.grade'), gradeName(household.grade)],
        [t('household.status'), statusBadge(household.status)],
        [t('household.address'), household.address ?? '—'],
        [t('household.rooms'), household.rooms === null ? '—' : String(household.rooms)],
        [t('household.idCard'), household.idCardNumber ?? '—'],
        [t('household.phone'), household.phone ?? '—'],
      ]),
    );
  }

  function appraisalPanel(household: HouseholdResponse): HTMLElement {
    const service = (value: boolean | null) =>
      value === null ? t('household.notRecorded') : value ? t('household.received') : t('household.notReceived');
    const a = household.appraisal;
    return panel(
      'appraisal',
      t('household.appraisal'),
      facts([
        [t('household.agency'), a.agency ?? '—'],
        [t('household.appraisalDate'), a.date ?? '—'],
        [t('household.reportNo'), a.reportNo ?? '—'],
        [t('household.findings'), a.findings ?? '—'],
        [t('household.designDrawings'), service(household.freeServices.designDrawings)],
        [t('household.supervision'), service(household.freeServices.constructionSupervision)],
        [t('household.technical'), service(household.freeServices.technicalService)],
      ]),
    );
  }

  function historyPanel(history: StatusChangeResponse[]): HTMLElement {
    return panel(
      'history',
      t('household.history'),
      tableRegion(
        t('household.history'),
        recordTable(
          'history-table',
          [t('col.occurredOn'), t('col.from'), t('col.to'), t('col.actor'), t('col.note'), t('col.recordedAt')],
          history,
          (entry) => [
            h('time', { datetime: entry.occurredOn }, entry.occurredOn),
            entry.from ? statusBadge(entry.from) : t('household.first'),
            statusBadge(entry.to),
            entry.actor,
            entry.note ?? '—',
            h('time', { datetime: entry.recordedAt }, countyDateTime(entry.recordedAt)),
          ],
        ),
      ),
    );
  }

  function remarksPanel(household: HouseholdResponse): HTMLElement {
    return panel('remarks', t('household.remarks'), h('p', { class: 'remarks-text' }, household.remarks ?? t('household.noRemarks')));
  }

  await load();
}

/** What a move button says: the move's meaning (开工, 验收合格, …) and where it leads. */
function moveLabel(from: RepairStatus, to: RepairStatus): string {
  const key = `move.${from}>${to}`;
  return isMessageKey(key) ? t(key) : `${t(`status.${from}`)} → ${t(`status.${to}`)}`;
}

/** A card of the household page; its class (`household-facts`, …) stays clear of the inner elements' (`.facts` is the list). */
function panel(name: string, title: string, ...content: Node[]): HTMLElement {
  const id = `panel-${name}`;
  return h('section', { class: `panel household-${name}`, 'aria-labelledby': id }, h('h2', { id }, title), ...content);
}
