import { ApiError } from '../api.js';
import type { HouseholdResponse, RepairStatus, StatusChangeResponse } from '../api-types.js';
import type { Cleanup, PageContext } from '../context.js';
import { field, h, replace, uid } from '../dom.js';
import { countyDateTime, todayInCounty } from '../format.js';
import { isMessageKey, t } from '../i18n/i18n.js';
import { inspectionKind, inspectionOf, movesFor, needsNote, type InspectionField, type InspectionForm } from '../moves.js';
import { newClientId } from '../offline/client-id.js';
import { expectedState, type QueuedMove } from '../offline/queue.js';
import { moveQueue, requestSync } from '../offline/runtime.js';
import { sendMove } from '../offline/send-moves.js';
import { formatRoute } from '../routes.js';
import { lastLedgerFilters } from './ledger-view.js';
import {
  alertBox,
  describeError,
  errorBox,
  facts,
  gradeName,
  loading,
  pageHeading,
  recordTable,
  statusBadge,
  tableRegion,
} from './common.js';
import { mountHouseholdPhotos } from './household-photos-view.js';
import { queueSignature, queuedMovesList, unsyncedTag } from './sync-queue-view.js';
import { saveFile } from '../save-file.js';

/**
 * One household: its facts and appraisal, the status moves the user's role may record (as
 * buttons, with the date, a note and, for an inspection's verdict, its record), its history and
 * remarks. A move that cannot reach the server (offline, or the connection broke) waits in the
 * offline queue: the page then shows the status it is expected to reach, marked 待同步, and
 * the queued moves; a queued move the server did not accept is listed with its answer.
 */
export async function renderHousehold(main: HTMLElement, ctx: PageContext, id: number): Promise<Cleanup> {
  const heading = pageHeading(t('app.loading'));
  const body = h('div', { class: 'household' }, loading());
  replace(
    main,
    h('p', { class: 'back' }, h('a', { href: formatRoute({ name: 'ledger', filters: lastLedgerFilters() }) }, t('household.back'))),
    heading,
    body,
  );
  mountHouseholdPhotos(main, ctx, id);

  /** The move form's values survive a reload after a 409, so nothing typed is lost. */
  const kept: { date: string; note: string; inspection: InspectionForm } = {
    date: todayInCounty(),
    note: '',
    inspection: { newGrade: '', ownerAgrees: '', method: '', remarks: '' },
  };
  let notice: HTMLElement | null = null;
  /** What the page last showed, to show again with the queue's news without asking the server. */
  let shown: { household: HouseholdResponse; history: StatusChangeResponse[]; queue: string; ids: Set<string> } | null = null;

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
    await show(household, history);
  }

  /** Draws the household as the server gave it, with this user's queued moves for it on top. */
  async function show(household: HouseholdResponse, history: StatusChangeResponse[]): Promise<void> {
    const entries = (await moveQueue.list(ctx.me.id)).filter((e) => e.householdId === id);
    if (!ctx.isCurrent()) return;
    shown = { household, history, queue: queueSignature(entries), ids: new Set(entries.map((e) => e.clientId)) };
    const expected = expectedState(household, entries);
    // The page works from the expected state: a further move follows on from the queued ones.
    const current: HouseholdResponse = { ...household, status: expected.status, version: expected.version };
    const unsynced = expected.pending.length > 0;
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
        statusBadge(current.status),
        unsynced ? unsyncedTag() : null,
      ),
      household.placeholder ? h('p', { class: 'notice' }, t('household.placeholderNote')) : null,
      printButtons(ctx, id),
      movePanel(current, [...expected.pending, ...expected.attention]),
      h('div', { class: 'columns' }, factsPanel(current, unsynced), appraisalPanel(household)),
      historyPanel(history),
      remarksPanel(household),
    );
  }

  /** The queue changed (a sync answered, another tab): show the news; ask the server again once a move of this household has reached it. */
  const stopListening = moveQueue.onChange(() => {
    const before = shown;
    if (!before || !ctx.isCurrent()) return;
    void moveQueue.list(ctx.me.id).then((all) => {
      const entries = all.filter((e) => e.householdId === id);
      if (!ctx.isCurrent() || shown !== before || queueSignature(entries) === before.queue) return;
      const left = [...before.ids].some((clientId) => !entries.some((e) => e.clientId === clientId));
      if (left && navigator.onLine) {
        // What the notice said (kept on this device) is no longer so.
        notice = null;
        void load();
      } else void show(before.household, before.history);
    });
  });

  function movePanel(household: HouseholdResponse, queued: QueuedMove[]): HTMLElement {
    const moves = movesFor(ctx.me.role, household.grade, household.status);
    // The last move's notice stays through redraws (the queue's news) until the next move.
    const message = h('div', { class: 'message', 'aria-live': 'polite' }, notice);
    const waiting = queued.length > 0 ? queuedMovesList(queued) : null;
    const section = (...content: (Node | null)[]) =>
      h(
        'section',
        { class: 'panel moves', 'aria-labelledby': 'moves-title' },
        h('h2', { id: 'moves-title', tabindex: -1 }, t('move.title')),
        message,
        waiting,
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
    date.addEventListener('change', () => (kept.date = date.value));
    note.addEventListener('input', () => (kept.note = note.value));
    const verdicts = moves.some((to) => inspectionKind(household.status, to) !== null);
    const inspection = verdicts ? inspectionFields(kept.inspection) : null;
    const buttons = moves.map((to) =>
      h('button', { type: 'button', 'data-move': to, onclick: () => void record(to) }, moveLabel(household.status, to)),
    );

    async function record(to: RepairStatus): Promise<void> {
      notice = null;
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
      const findings = inspectionOf(household.status, to, kept.inspection);
      if (findings.missing.length > 0) {
        replace(message, alertBox(t(findings.missing[0] === 'newGrade' ? 'inspection.missingGrade' : 'inspection.missingOwner')));
        inspection?.focus(findings.missing[0]);
        return;
      }
      buttons.forEach((b) => (b.disabled = true));
      replace(message, h('p', { role: 'status' }, t('move.saving')));
      const from = household.status;
      try {
        const sent = await sendMove(ctx.api, moveQueue, {
          clientId: newClientId(),
          userId: ctx.me.id,
          householdId: id,
          householder: household.householder,
          from,
          to,
          occurredOn: date.value,
          note: note.value.trim() || null,
          inspection: findings.inspection ?? null,
          version: household.version,
        });
        kept.note = '';
        kept.inspection = { newGrade: '', ownerAgrees: '', method: '', remarks: '' };
        if (!ctx.isCurrent()) return;
        if (sent.queued) {
          notice = h('p', { class: 'notice warn', role: 'status' }, t('move.queued', { from: t(`status.${from}`), to: t(`status.${to}`) }));
          // Offline the server cannot be asked again: the page shows what it has, with the queued move.
          if (shown) await show(shown.household, shown.history);
          requestSync();
        } else {
          notice = h(
            'p',
            { class: 'notice ok', role: 'status' },
            t('move.saved', { from: t(`status.${from}`), to: t(`status.${sent.household.status}`) }),
          );
          await load();
        }
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
        case 'acceptance_photo_required':
          return alertBox(t('move.photoRequired'), error.message);
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
        inspection?.element ?? null,
        h('p', { class: 'actions' }, buttons),
      ),
    );
  }

  function factsPanel(household: HouseholdResponse, unsynced: boolean): HTMLElement {
    return panel(
      'facts',
      t('household.facts'),
      facts([
        [t('household.village'), ctx.regions.villageLabel(household.villageId)],
        [t('household.grade'), gradeName(household.grade)],
        [t('household.status'), unsynced ? h('span', null, statusBadge(household.status), unsyncedTag()) : statusBadge(household.status)],
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
            entry.inspection ? h('span', null, entry.note ?? null, inspectionSummary(entry.inspection)) : (entry.note ?? '—'),
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
  return stopListening;
}

/** The inspection record's fields (验收记录), shown with a verdict's buttons; their values live in `values`. */
function inspectionFields(values: InspectionForm): { element: HTMLElement; focus(field: InspectionField): void } {
  const radios = (name: 'newGrade' | 'ownerAgrees', legend: string, options: [string, string][], hint?: string) => {
    const hintId = hint ? uid('hint') : null;
    const inputs = options.map(([value, label]) => {
      const input = h('input', { type: 'radio', name, value, checked: values[name] === value });
      input.addEventListener('change', () => (values[name] = value));
      return { input, label: h('label', { class: 'check-row' }, input, label) };
    });
    const element = h(
      'fieldset',
      { class: 'choice', 'data-field': name, 'aria-describedby': hintId },
      h('legend', null, legend),
      h(
        'div',
        { class: 'choice-options' },
        inputs.map((i) => i.label),
      ),
      hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    );
    return { element, first: inputs[0].input };
  };
  const grade = radios(
    'newGrade',
    t('inspection.newGrade'),
    [
      ['A', t('inspection.grade', { grade: 'A' })],
      ['B', t('inspection.grade', { grade: 'B' })],
    ],
    t('inspection.newGradeHint'),
  );
  const owner = radios('ownerAgrees', t('inspection.owner'), [
    ['yes', t('inspection.agree')],
    ['no', t('inspection.disagree')],
  ]);
  const method = h('input', { type: 'text', name: 'inspectionMethod', maxlength: 100, value: values.method, autocomplete: 'off' });
  method.addEventListener('input', () => (values.method = method.value));
  const remarks = h('textarea', { name: 'inspectionRemarks', rows: 2, maxlength: 500 });
  remarks.value = values.remarks;
  remarks.addEventListener('input', () => (values.remarks = remarks.value));
  const element = h(
    'fieldset',
    { class: 'inspection' },
    h('legend', null, t('inspection.title')),
    h('p', { class: 'hint' }, t('inspection.hint')),
    grade.element,
    owner.element,
    field(t('inspection.method'), method, t('inspection.methodHint')),
    field(t('inspection.remarks'), remarks),
  );
  return { element, focus: (name) => (name === 'newGrade' ? grade.first : owner.first).focus() };
}

/** A verdict's acceptance record, in a sentence under the note of its history row. */
function inspectionSummary(record: NonNullable<StatusChangeResponse['inspection']>): HTMLElement | null {
  const parts = [
    record.newGrade ? t('inspection.summary.grade', { grade: record.newGrade }) : null,
    record.ownerAgrees === null ? null : t(record.ownerAgrees ? 'inspection.summary.agrees' : 'inspection.summary.disagrees'),
    record.method ? t('inspection.summary.method', { method: record.method }) : null,
    record.remarks ? t('inspection.summary.remarks', { remarks: record.remarks }) : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return null;
  return h('span', { class: 'inspection-summary' }, parts.join(t('inspection.summary.separator')));
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

/** 打印修缮档案 and 打印验收表: the household's record and its acceptance form as PDFs, saved under the server's names. */
function printButtons(ctx: PageContext, id: number): HTMLElement {
  const status = h('div', { class: 'download-status', role: 'status', 'aria-live': 'polite' });
  const button = (label: string, path: string) => {
    const element = h('button', { type: 'button', class: 'secondary', 'data-print': path }, label);
    element.addEventListener('click', () => {
      element.disabled = true;
      replace(status);
      ctx.api
        .download(`/households/${id}/${path}`, { format: 'pdf' })
        .then((file) => {
          saveFile(file);
          replace(status, t('imports.downloaded', { file: file.fileName }));
        })
        .catch((error: unknown) => replace(status, alertBox(t('imports.downloadFailed'), describeError(error).headline)))
        .finally(() => (element.disabled = false));
    });
    return element;
  };
  return h(
    'div',
    { class: 'print-actions' },
    h(
      'p',
      { class: 'actions' },
      button(t('household.printRecord'), 'record'),
      ' ',
      button(t('household.printAcceptanceForm'), 'acceptance-form'),
    ),
    status,
  );
}
