import type { ImportStatus } from '../api-types.js';
import type { PageContext } from '../context.js';
import { field, h, replace, uid } from '../dom.js';
import { countyDateTime } from '../format.js';
import { t } from '../i18n/i18n.js';
import { formatRoute } from '../routes.js';
import { saveFile } from '../save-file.js';
import { alertBox, describeError, errorBox, loading, pageHeading, recordTable, tableRegion } from './common.js';
import { canImport, type ImportResponse } from './imports-model.js';

/**
 * 导入台账 (admin and staff): the template to download, a ledger file to upload (POST
 * /api/imports, then the import's own page, where it is checked and committed), and the recent
 * imports.
 */
export async function renderImports(main: HTMLElement, ctx: PageContext): Promise<void> {
  const heading = pageHeading(t('imports.title'));
  if (!canImport(ctx.me.role)) {
    replace(main, heading, alertBox(t('imports.notAllowed')));
    return;
  }
  const recent = h('div', { class: 'results' }, loading());
  replace(
    main,
    heading,
    h('p', { class: 'subtitle' }, t('imports.intro')),
    h('div', { class: 'columns import-start' }, templatePanel(ctx), uploadPanel(ctx)),
    h(
      'section',
      { class: 'panel imports-recent', 'aria-labelledby': 'imports-recent-title' },
      h('h2', { id: 'imports-recent-title' }, t('imports.recent')),
      recent,
    ),
  );

  let imports: ImportResponse[];
  try {
    imports = await ctx.api.get<ImportResponse[]>('/imports');
  } catch (error) {
    if (ctx.isCurrent())
      replace(
        recent,
        errorBox(error, () => ctx.navigate({ name: 'imports' })),
      );
    return;
  }
  if (!ctx.isCurrent()) return;
  if (imports.length === 0) {
    replace(recent, h('p', null, t('imports.none')));
    return;
  }
  replace(
    recent,
    tableRegion(
      t('imports.recent'),
      recordTable(
        'imports-table',
        [t('imports.col.file'), t('imports.col.status'), t('imports.col.by'), t('imports.col.at')],
        imports,
        (item) => [
          h('a', { href: formatRoute({ name: 'import', id: item.id }) }, item.fileName),
          importStatusBadge(item.status),
          item.createdBy.name,
          h('time', { datetime: item.createdAt }, countyDateTime(item.createdAt)),
        ],
        (item) => ({ 'data-import': item.id }),
      ),
    ),
  );
}

export function importStatusBadge(status: ImportStatus): HTMLSpanElement {
  return h('span', { class: `badge import-${status}` }, t(`importStatus.${status}`));
}

function templatePanel(ctx: PageContext): HTMLElement {
  const status = h('div', { class: 'download-status', role: 'status', 'aria-live': 'polite' });
  const button = (format: 'xlsx' | 'csv') =>
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'data-template': format,
        'aria-label': t('imports.templateAs', { format: t(`format.${format}`) }),
        onclick: (event: Event) => void download(event.currentTarget as HTMLButtonElement, format),
      },
      t(`format.${format}`),
    );

  async function download(target: HTMLButtonElement, format: 'xlsx' | 'csv'): Promise<void> {
    target.disabled = true;
    replace(status, t('imports.downloading'));
    try {
      const file = await ctx.api.download('/imports/template', { format });
      saveFile(file);
      replace(status, t('imports.downloaded', { file: file.fileName }));
    } catch (error) {
      replace(status, alertBox(t('imports.downloadFailed'), describeError(error).headline));
    } finally {
      target.disabled = false;
    }
  }

  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'imports-template-title' },
    h('h2', { id: 'imports-template-title' }, t('imports.template')),
    h('p', { class: 'hint' }, t('imports.templateHint')),
    h('p', { class: 'actions' }, button('xlsx'), button('csv')),
    status,
  );
}

function uploadPanel(ctx: PageContext): HTMLElement {
  const file = h('input', { type: 'file', name: 'file', accept: '.xlsx,.csv', required: true });
  const replacePlaceholders = checkbox('replacePlaceholders', t('imports.replacePlaceholders'), t('imports.replacePlaceholdersHint'));
  const submit = h('button', { type: 'submit' }, t('imports.submit'));
  const message = h('div', { class: 'message', 'aria-live': 'polite' });

  const form = h(
    'form',
    { class: 'import-form', novalidate: true },
    field(t('imports.file'), file),
    replacePlaceholders.element,
    message,
    h('p', { class: 'actions' }, submit),
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      replace(message, alertBox(t('imports.noFile')));
      file.focus();
      return;
    }
    void upload(chosen);
  });

  async function upload(chosen: File): Promise<void> {
    const body = new FormData();
    body.append('replacePlaceholders', replacePlaceholders.input.checked ? 'true' : 'false');
    // The file last: a multipart reader sees the other fields before the bytes.
    body.append('file', chosen, chosen.name);
    submit.disabled = true;
    submit.textContent = t('imports.uploading');
    replace(message);
    try {
      const created = await ctx.api.postForm<ImportResponse>('/imports', body);
      ctx.navigate({ name: 'import', id: created.id });
    } catch (error) {
      if (!ctx.isCurrent()) return;
      replace(message, alertBox(t('imports.uploadRefused'), describeError(error).headline));
      const alert = message.querySelector<HTMLElement>('.alert');
      alert?.setAttribute('tabindex', '-1');
      alert?.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('imports.submit');
    }
  }

  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'imports-upload-title' },
    h('h2', { id: 'imports-upload-title' }, t('imports.upload')),
    form,
  );
}

/** A checkbox with its label beside it and a sentence under it that explains it. */
export function checkbox(name: string, label: string, hint: string): { element: HTMLDivElement; input: HTMLInputElement } {
  const id = uid(name);
  const input = h('input', { type: 'checkbox', id, name, 'aria-describedby': `${id}-hint` });
  const element = h(
    'div',
    { class: 'check' },
    h('div', { class: 'check-row' }, input, h('label', { for: id }, label)),
    h('p', { class: 'hint', id: `${id}-hint` }, hint),
  );
  return { element, input };
}
