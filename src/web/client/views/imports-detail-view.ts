import { ApiError } from '../api.js';
import type { ImportStatus } from '../api-types.js';
import type { Cleanup, PageContext } from '../context.js';
import { h, replace, uid } from '../dom.js';
import { countyDateTime } from '../format.js';
import { t } from '../i18n/i18n.js';
import { EMPTY_FILTERS, formatRoute } from '../routes.js';
import { saveFile } from '../save-file.js';
import { alertBox, describeError, errorBox, facts, loading, pageHeading, recordTable, tableRegion } from './common.js';
import {
  canCommit,
  canImport,
  cellShown,
  changedColumns,
  commitPlan,
  errorsCut,
  isRunning,
  offersSkipInvalid,
  POLL_MS,
  progressOf,
  type ImportProgress,
  type ImportResponse,
  type ImportSummary,
} from './imports-model.js';
import { checkbox, importStatusBadge } from './imports-view.js';

/**
 * One import: its progress while the server checks or writes it (GET /api/imports/:id about once
 * a second), then what the check found (the figures, the warnings, the invalid rows and the
 * errors file) and, once validated, the commit with its confirmation; then the outcome.
 */
export async function renderImportDetail(main: HTMLElement, ctx: PageContext, id: number): Promise<Cleanup> {
  const heading = pageHeading(t('app.loading'));
  /** Announces each new status; kept outside the body, which is rebuilt when the status changes. */
  const state = h('p', { class: 'import-state', role: 'status', tabindex: -1 });
  const body = h('div', { class: 'import' }, loading());
  replace(main, h('p', { class: 'back' }, h('a', { href: formatRoute({ name: 'imports' }) }, t('import.back'))), heading, state, body);
  if (!canImport(ctx.me.role)) {
    heading.textContent = t('imports.title');
    replace(body, alertBox(t('imports.notAllowed')));
    return () => undefined;
  }

  let timer: number | undefined;
  let stopped = false;
  /** The status the body shows; while it stays running only the progress bar moves. */
  let shown: ImportStatus | null = null;
  let progressBar: ProgressBar | null = null;
  /** A refusal of the commit, shown above the commit panel after the body is rebuilt. */
  let notice: HTMLElement | null = null;
  const live = () => !stopped && ctx.isCurrent();

  async function poll(): Promise<void> {
    let current: ImportResponse;
    try {
      current = await ctx.api.get<ImportResponse>(`/imports/${id}`);
    } catch (error) {
      if (!live()) return;
      if (error instanceof ApiError && error.status === 404) {
        heading.textContent = t('imports.title');
        replace(body, alertBox(t('import.notFound')));
      } else {
        replace(
          body,
          errorBox(error, () => void poll()),
        );
        shown = null;
      }
      return;
    }
    if (!live()) return;
    show(current);
  }

  function show(current: ImportResponse): void {
    window.clearTimeout(timer);
    heading.textContent = current.fileName;
    if (current.status === shown && progressBar) progressBar.update(current.progress);
    else {
      shown = current.status;
      replace(state, t('import.state'), importStatusBadge(current.status));
      progressBar = isRunning(current.status) ? progress(current.status, current.progress) : null;
      replace(body, ...sections(current));
    }
    if (isRunning(current.status)) timer = window.setTimeout(() => void poll(), POLL_MS);
  }

  function sections(current: ImportResponse): (Node | null)[] {
    const summary = current.summary;
    return [
      h(
        'p',
        { class: 'subtitle' },
        t('import.uploadedBy', { name: current.createdBy.name, at: countyDateTime(current.createdAt) }),
        current.replacePlaceholders ? [' · ', t('import.withPlaceholders')] : null,
      ),
      outcome(current),
      progressBar?.element ?? null,
      summary ? summaryPanel(summary) : null,
      current.warnings.length > 0 ? warningsPanel(current) : null,
      // Before the invalid rows, which can be a thousand long.
      summary && canCommit(ctx.me.role, current) ? commitPanel(summary) : null,
      current.errorsTotal > 0 ? errorsPanel(current) : null,
    ];
  }

  /** The end of the story: committed (with what was written) or failed (with the server's reason). */
  function outcome(current: ImportResponse): HTMLElement | null {
    if (current.status === 'committed') {
      const s = current.summary;
      return h(
        'div',
        { class: 'notice ok', 'data-outcome': 'committed' },
        h('p', null, s ? t('import.committed', { create: s.create, update: s.update }) : t('importStatus.committed')),
        current.committedAt ? h('p', null, h('time', { datetime: current.committedAt }, countyDateTime(current.committedAt))) : null,
        h('p', null, h('a', { href: formatRoute({ name: 'ledger', filters: EMPTY_FILTERS }) }, t('import.toLedger'))),
      );
    }
    if (current.status === 'failed') {
      const box = alertBox(t('import.failed'), current.failure?.message);
      box.setAttribute('data-outcome', 'failed');
      return box;
    }
    return null;
  }

  function summaryPanel(summary: ImportSummary): HTMLElement {
    const rows = (count: number) => t('import.rowCount', { count });
    const households = (count: number) => t('import.householdCount', { count });
    const changed = changedColumns(summary.changedFields);
    const figure = (name: string, text: string) => h('span', { 'data-summary': name }, text);
    return h(
      'section',
      { class: 'panel import-summary', 'aria-labelledby': 'import-summary-title' },
      h('h2', { id: 'import-summary-title' }, t('import.summary')),
      facts([
        [t('import.rows'), figure('rows', rows(summary.rows))],
        [t('import.create'), figure('create', households(summary.create))],
        [
          t('import.update'),
          h(
            'span',
            null,
            figure('update', households(summary.update)),
            changed.length > 0
              ? h(
                  'span',
                  { class: 'changed-columns', 'data-summary': 'changedFields' },
                  t('import.changedColumns', {
                    columns: changed
                      .map((c) => t('import.changedColumn', { column: c.header, count: c.count }))
                      .join(t('import.listSeparator')),
                  }),
                )
              : null,
          ),
        ],
        [t('import.unchanged'), figure('unchanged', households(summary.unchanged))],
        [t('import.invalid'), figure('invalid', rows(summary.invalid))],
        [t('import.removedPlaceholders'), figure('removedPlaceholders', households(summary.removedPlaceholders))],
      ]),
    );
  }

  function warningsPanel(current: ImportResponse): HTMLElement {
    return h(
      'section',
      { class: 'panel import-warnings', 'aria-labelledby': 'import-warnings-title' },
      h('h2', { id: 'import-warnings-title' }, t('import.warnings')),
      h(
        'ul',
        { class: 'notice warn' },
        current.warnings.map((w) => h('li', { 'data-warning': w.code }, w.message)),
      ),
    );
  }

  function errorsPanel(current: ImportResponse): HTMLElement {
    const cut = errorsCut(current);
    const status = h('div', { class: 'download-status', role: 'status', 'aria-live': 'polite' });
    const button = h('button', { type: 'button', class: 'secondary', 'data-download': 'errors' }, t('import.errorsFile'));
    button.addEventListener('click', () => void download());

    async function download(): Promise<void> {
      button.disabled = true;
      replace(status);
      try {
        const file = await ctx.api.download(`/imports/${id}/errors`, { format: 'xlsx' });
        saveFile(file);
        replace(status, t('imports.downloaded', { file: file.fileName }));
      } catch (error) {
        replace(status, alertBox(t('imports.downloadFailed'), describeError(error).headline));
      } finally {
        button.disabled = false;
      }
    }

    const columns = [t('import.col.row'), t('import.col.column'), t('import.col.value'), t('import.col.message')];
    return h(
      'section',
      { class: 'panel import-errors', 'aria-labelledby': 'import-errors-title' },
      h('h2', { id: 'import-errors-title' }, t('import.errors')),
      h(
        'p',
        { class: 'count', 'data-testid': 'errors-total' },
        cut ? t('import.errorsCut', cut) : t('import.errorsCount', { total: current.errorsTotal }),
      ),
      h('p', { class: 'actions' }, button),
      h('p', { class: 'hint' }, t('import.errorsFileHint')),
      status,
      current.errors.length > 0
        ? tableRegion(
            t('import.errors'),
            recordTable(
              'import-errors-table',
              columns,
              current.errors,
              (e) => [e.row, e.column ?? '—', cellShown(e.value) ?? h('span', { class: 'muted' }, t('import.empty')), e.message],
              (e) => ({ 'data-error-row': e.row }),
            ),
          )
        : null,
    );
  }

  function commitPanel(summary: ImportSummary): HTMLElement {
    const skip = offersSkipInvalid(summary)
      ? checkbox('skipInvalid', t('import.skipInvalid'), t('import.skipInvalidHint', { invalid: summary.invalid }))
      : null;
    const message = h('div', { class: 'message', 'aria-live': 'polite' }, notice);
    notice = null;
    const start = h('button', { type: 'button', 'data-commit': 'start' }, t('import.commit'));
    const confirmation = h('div', { class: 'confirm', hidden: true });
    start.addEventListener('click', () => ask());

    function ask(): void {
      const plan = commitPlan(summary, skip?.input.checked ?? false);
      const questionId = uid('confirm');
      const yes = h('button', { type: 'button', 'data-commit': 'confirm', 'aria-describedby': questionId }, t('import.confirmYes'));
      const no = h('button', { type: 'button', class: 'secondary' }, t('import.confirmNo'));
      const question = h(
        'div',
        { id: questionId, tabindex: -1, 'data-testid': 'commit-question' },
        h('p', null, t('import.confirm', { create: plan.create, update: plan.update })),
        plan.skipped > 0 ? h('p', null, t('import.confirmSkip', { skipped: plan.skipped })) : null,
        plan.removedPlaceholders > 0 ? h('p', null, t('import.confirmPlaceholders', { count: plan.removedPlaceholders })) : null,
        h('p', { class: 'confirm-question' }, t('import.confirmQuestion')),
      );
      yes.addEventListener('click', () => void commit(plan.skipped > 0, yes, no));
      no.addEventListener('click', () => {
        confirmation.hidden = true;
        start.hidden = false;
        if (skip) skip.input.disabled = false;
        start.focus();
      });
      replace(confirmation, question, h('p', { class: 'actions' }, yes, no));
      confirmation.hidden = false;
      start.hidden = true;
      if (skip) skip.input.disabled = true;
      replace(message);
      question.focus();
    }

    async function commit(skipInvalid: boolean, yes: HTMLButtonElement, no: HTMLButtonElement): Promise<void> {
      yes.disabled = true;
      no.disabled = true;
      replace(message, h('p', { role: 'status' }, t('import.committing')));
      let started: ImportResponse;
      try {
        started = await ctx.api.post<ImportResponse>(`/imports/${id}/commit`, { skipInvalid });
      } catch (error) {
        if (!live()) return;
        // The server's reason (invalid rows, changed since the check, not validated), as it says it,
        // over the import as it now is.
        const refusal = alertBox(t('import.refused'), describeError(error).headline);
        refusal.setAttribute('tabindex', '-1');
        notice = refusal;
        await poll();
        if (!live()) return;
        notice = null;
        if (!refusal.isConnected) body.prepend(refusal);
        refusal.focus();
        return;
      }
      if (!live()) return;
      show(started);
      state.focus();
    }

    return h(
      'section',
      { class: 'panel import-commit', 'aria-labelledby': 'import-commit-title' },
      h('h2', { id: 'import-commit-title' }, t('import.commitTitle')),
      message,
      skip?.element ?? null,
      h('p', { class: 'actions' }, start),
      confirmation,
    );
  }

  await poll();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}

interface ProgressBar {
  element: HTMLElement;
  update(progress: ImportProgress): void;
}

/** A labelled <progress>: rows checked (or written) of rows total; without a total yet, an indeterminate bar. */
function progress(status: ImportStatus, initial: ImportProgress): ProgressBar {
  const id = uid('progress');
  const bar = h('progress', { max: 1, 'aria-labelledby': `${id}-label`, 'aria-describedby': `${id}-text` });
  const text = h('p', { class: 'hint', id: `${id}-text`, 'data-testid': 'import-progress' });
  const element = h(
    'section',
    { class: 'panel import-progress', 'aria-labelledby': `${id}-label` },
    h('h2', { id: `${id}-label` }, t('import.progress')),
    bar,
    text,
  );
  function update(next: ImportProgress): void {
    const p = progressOf(next);
    if (p.total === null || p.percent === null) {
      bar.removeAttribute('value');
      text.textContent = t('import.reading');
      return;
    }
    bar.max = Math.max(p.total, 1);
    bar.value = p.total === 0 ? 1 : p.done;
    text.textContent = t(status === 'committing' ? 'import.written' : 'import.checked', {
      done: p.done,
      total: p.total,
      percent: p.percent,
    });
  }
  update(initial);
  return { element, update };
}
