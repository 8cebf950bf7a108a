import { ApiError } from '../api.js';
import type { PageContext } from '../context.js';
import { field, h, replace, select, uid } from '../dom.js';
import { countyDateTime, todayInCounty } from '../format.js';
import { t } from '../i18n/i18n.js';
import { alertBox, describeError, errorBox, loading } from './common.js';
import {
  canDeletePhoto,
  canUploadPhotos,
  formatSize,
  groupByStage,
  MAX_CAPTION_LENGTH,
  MAX_PHOTO_BYTES,
  PHOTO_ACCEPT,
  PHOTO_STAGES,
  refusalBeforeUpload,
  takenOnProblem,
  thumbnailSize,
  type PhotoResponse,
} from './household-photos-model.js';

/** Thumbnails fetched at once: enough to fill the screen quickly, few enough for a village's mobile link. */
const PARALLEL_THUMBNAILS = 4;

/**
 * 照片 on the household page: the photos grouped by stage, each enlarged in a dialog; an upload
 * form for the roles that record the work (several files one after another, each with its own
 * outcome); a delete button where the server would allow it.
 *
 * The images need the bearer token, so they come through the Api as blobs shown by object URLs.
 * The household page returns no cleanup, so the section watches `parent` and frees its URLs
 * when it is taken off the page (a navigation, a language switch, a logout all replace <main>).
 */
export function mountHouseholdPhotos(parent: HTMLElement, ctx: PageContext, householdId: number): void {
  const titleId = uid('photos-title');
  const message = h('div', { class: 'message', 'aria-live': 'polite' });
  const gallery = h('div', { class: 'photo-gallery' }, loading('photos.loading'));
  const mayUpload = canUploadPhotos(ctx.me.role);
  const section = h(
    'section',
    { class: 'panel household-photos', 'aria-labelledby': titleId },
    h('h2', { id: titleId, tabindex: -1 }, t('photos.title')),
    message,
    mayUpload ? uploadForm() : null,
    gallery,
  );
  parent.append(section);

  let stopped = false;
  /** The thumbnails' object URLs of the gallery on show. */
  let thumbnails: string[] = [];
  let dialog: { close(): void } | null = null;
  const live = () => !stopped && ctx.isCurrent();

  const observer = new MutationObserver(() => {
    if (!section.isConnected) stop();
  });
  observer.observe(parent, { childList: true });

  function stop(): void {
    if (stopped) return;
    stopped = true;
    observer.disconnect();
    dialog?.close();
    releaseThumbnails();
  }

  function releaseThumbnails(): void {
    thumbnails.forEach((url) => URL.revokeObjectURL(url));
    thumbnails = [];
  }

  async function refresh(): Promise<void> {
    let photos: PhotoResponse[];
    try {
      photos = await ctx.api.get<PhotoResponse[]>(`/households/${householdId}/photos`);
    } catch (error) {
      if (!live()) return;
      // The household page says the household is not there; the section has nothing to add.
      if (error instanceof ApiError && error.status === 404) {
        stop();
        section.remove();
        return;
      }
      replace(
        gallery,
        errorBox(error, () => void refresh()),
      );
      return;
    }
    if (!live()) return;
    const previous = thumbnails;
    thumbnails = [];
    renderGallery(photos);
    previous.forEach((url) => URL.revokeObjectURL(url));
  }

  function renderGallery(photos: PhotoResponse[]): void {
    if (photos.length === 0) {
      replace(gallery, h('p', { class: 'muted', 'data-testid': 'no-photos' }, t('photos.none')));
      return;
    }
    const jobs: (() => Promise<void>)[] = [];
    const now = new Date();
    replace(
      gallery,
      h('p', { class: 'count' }, t('photos.count', { count: photos.length })),
      groupByStage(photos).map((group) => {
        const headingId = uid('photo-stage');
        return h(
          'section',
          { class: 'photo-stage', 'aria-labelledby': headingId, 'data-stage': group.stage },
          h(
            'h3',
            { id: headingId },
            t(`photos.stage.${group.stage}`),
            ' ',
            h('span', { class: 'muted' }, t('photos.groupCount', { count: group.photos.length })),
          ),
          h(
            'ul',
            { class: 'photo-grid' },
            group.photos.map((photo) => h('li', null, photoCard(photo, now, jobs))),
          ),
        );
      }),
    );
    void runLimited(jobs, PARALLEL_THUMBNAILS);
  }

  /** What a photo is called to people: its caption, or its stage. */
  function photoName(photo: PhotoResponse): string {
    return photo.caption ?? t('photos.untitled', { stage: t(`photos.stage.${photo.stage}`) });
  }

  function photoCard(photo: PhotoResponse, now: Date, jobs: (() => Promise<void>)[]): HTMLElement {
    const size = thumbnailSize(photo);
    const picture = h('span', { class: 'photo-thumb-frame' }, h('span', { class: 'loading' }, t('photos.thumbLoading')));
    const open = h(
      'button',
      { type: 'button', class: 'photo-thumb', 'data-photo': photo.id, 'aria-label': t('photos.open', { name: photoName(photo) }) },
      picture,
    );
    open.addEventListener('click', () => openDialog(photo, open));
    jobs.push(async () => {
      try {
        const blob = await ctx.api.blob(`/photos/${photo.id}/thumbnail`);
        if (!live()) return;
        const url = URL.createObjectURL(blob);
        thumbnails.push(url);
        replace(picture, h('img', { src: url, alt: '', width: size.width, height: size.height, decoding: 'async' }));
      } catch {
        if (live()) replace(picture, h('span', { class: 'photo-thumb-failed' }, t('photos.thumbFailed')));
      }
    });

    const notice = h('div', { class: 'photo-card-message', 'aria-live': 'polite' });
    const deleteButton = canDeletePhoto(ctx.me, photo, now)
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary photo-delete',
            'aria-label': t('photos.deleteLabel', { name: photoName(photo) }),
            onclick: (event: Event) => confirmDelete(photo, notice, event.currentTarget as HTMLButtonElement),
          },
          t('photos.delete'),
        )
      : null;

    return h(
      'figure',
      { class: 'photo-card' },
      open,
      h(
        'figcaption',
        null,
        photo.caption ? h('span', { class: 'photo-caption' }, photo.caption) : null,
        h('span', { class: 'photo-meta' }, photo.takenOn ? t('photos.takenOn', { date: photo.takenOn }) : t('photos.takenOnUnknown')),
        h('span', { class: 'photo-meta' }, t('photos.uploadedBy', { name: photo.uploadedBy })),
      ),
      deleteButton,
      notice,
    );
  }

  function confirmDelete(photo: PhotoResponse, notice: HTMLElement, button: HTMLButtonElement): void {
    button.disabled = true;
    const yes = h('button', { type: 'button', class: 'danger' }, t('photos.confirmYes'));
    const no = h('button', { type: 'button', class: 'secondary' }, t('photos.confirmNo'));
    const cancel = () => {
      replace(notice);
      button.disabled = false;
      button.focus();
    };
    no.addEventListener('click', cancel);
    yes.addEventListener('click', () => void remove());
    replace(
      notice,
      h(
        'div',
        { class: 'confirm', role: 'group' },
        h('p', { class: 'confirm-question' }, t('photos.confirmDelete')),
        h('p', { class: 'actions' }, yes, no),
      ),
    );
    yes.focus();

    async function remove(): Promise<void> {
      yes.disabled = true;
      no.disabled = true;
      yes.textContent = t('photos.deleting');
      try {
        await ctx.api.delete(`/photos/${photo.id}`);
      } catch (error) {
        if (!live()) return;
        // 403 (not the uploader, or too late) and 409 (evidence of an acceptance) come with the server's reason.
        replace(notice, alertBox(t('photos.notDeleted'), describeError(error).headline));
        button.disabled = false;
        return;
      }
      if (!live()) return;
      replace(message, h('p', { class: 'notice ok', role: 'status' }, t('photos.deleted')));
      await refresh();
      section.querySelector<HTMLElement>(`#${titleId}`)?.focus();
    }
  }

  /**
   * The enlarged photo: a modal dialog over the page, closed by its button, by Esc and by a tap
   * outside the picture; focus stays inside while it is open and goes back to the thumbnail.
   */
  function openDialog(photo: PhotoResponse, opener: HTMLElement): void {
    dialog?.close();
    const headingId = uid('photo-dialog-title');
    const close = h('button', { type: 'button', class: 'photo-dialog-close' }, t('photos.dialog.close'));
    const frame = h('div', { class: 'photo-dialog-image' }, h('p', { class: 'loading', role: 'status' }, t('photos.dialog.loading')));
    const box = h(
      'div',
      { class: 'photo-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': headingId },
      h(
        'div',
        { class: 'photo-dialog-bar' },
        h('h2', { id: headingId }, t(`photos.stage.${photo.stage}`), photo.caption ? ` · ${photo.caption}` : ''),
        close,
      ),
      frame,
      h(
        'p',
        { class: 'photo-dialog-meta' },
        [
          photo.takenOn ? t('photos.takenOn', { date: photo.takenOn }) : t('photos.takenOnUnknown'),
          t('photos.uploadedAt', { name: photo.uploadedBy, at: countyDateTime(photo.uploadedAt) }),
          t('photos.dialog.size', { width: photo.width, height: photo.height, size: formatSize(photo.bytes) }),
        ].join(' · '),
      ),
    );
    const backdrop = h('div', { class: 'photo-dialog-backdrop', 'data-testid': 'photo-dialog' }, box);
    let url: string | null = null;
    let open = true;
    const overflow = document.body.style.overflow;

    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        done();
      } else if (event.key === 'Tab') {
        // The close button is the dialog's only control: Tab keeps the focus on it.
        event.preventDefault();
        close.focus();
      }
    };
    function done(): void {
      if (!open) return;
      open = false;
      dialog = null;
      document.removeEventListener('keydown', onKey, true);
      document.body.style.overflow = overflow;
      backdrop.remove();
      if (url) URL.revokeObjectURL(url);
      if (opener.isConnected) opener.focus();
    }
    close.addEventListener('click', done);
    // A tap on the dark surround closes; one on the picture or its bar does not.
    backdrop.addEventListener('click', (event) => {
      if (event.target === backdrop || event.target === frame) done();
    });
    document.addEventListener('keydown', onKey, true);
    document.body.style.overflow = 'hidden';
    section.append(backdrop);
    close.focus();
    dialog = { close: done };

    void (async () => {
      try {
        const blob = await ctx.api.blob(`/photos/${photo.id}`);
        if (!open || !live()) return;
        url = URL.createObjectURL(blob);
        replace(frame, h('img', { src: url, alt: photoName(photo), width: photo.width, height: photo.height }));
      } catch (error) {
        if (open && live()) replace(frame, alertBox(t('photos.dialog.failed'), describeError(error).headline));
      }
    })();
  }

  function uploadForm(): HTMLElement {
    const stage = select('stage', [
      { value: '', label: t('photos.choose') },
      ...PHOTO_STAGES.map((s) => ({ value: s, label: t(`photos.stage.${s}`) })),
    ]);
    stage.required = true;
    const today = todayInCounty();
    const takenOn = h('input', { type: 'date', name: 'takenOn', value: today, max: today });
    const caption = h('input', { type: 'text', name: 'caption', maxlength: MAX_CAPTION_LENGTH });
    const files = h('input', { type: 'file', name: 'file', accept: PHOTO_ACCEPT, multiple: true });
    // On a phone, one tap to the camera; elsewhere (styles.css, pointer: fine) it is hidden.
    const camera = h('input', { type: 'file', name: 'camera', accept: PHOTO_ACCEPT, capture: 'environment' });
    const submit = h('button', { type: 'submit' }, t('photos.submit'));
    const formMessage = h('div', { class: 'message', 'aria-live': 'polite' });
    const summary = h('p', { class: 'upload-summary', role: 'status' });
    const list = h('ul', { class: 'upload-list' });
    const limit = formatSize(MAX_PHOTO_BYTES);

    const form = h(
      'form',
      { class: 'photo-upload', novalidate: true, 'aria-labelledby': `${titleId}-upload` },
      h('h3', { id: `${titleId}-upload` }, t('photos.upload')),
      h(
        'div',
        { class: 'photo-upload-fields' },
        field(t('photos.stageLabel'), stage),
        field(t('photos.takenOnLabel'), takenOn, t('photos.takenOnHint')),
        field(t('photos.caption'), caption, t('photos.captionHint', { max: MAX_CAPTION_LENGTH })),
      ),
      field(t('photos.files'), files, t('photos.filesHint', { limit })),
      h('div', { class: 'photo-camera' }, field(t('photos.camera'), camera, t('photos.cameraHint'))),
      formMessage,
      h('p', { class: 'actions' }, submit),
      summary,
      list,
    );

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = [...Array.from(files.files ?? []), ...Array.from(camera.files ?? [])];
      const problem = !stage.value
        ? { text: t('photos.noStage'), control: stage }
        : takenOnProblem(takenOn.value, todayInCounty()) === 'future'
          ? { text: t('photos.futureDate', { today: todayInCounty() }), control: takenOn }
          : takenOnProblem(takenOn.value, todayInCounty()) === 'invalid'
            ? { text: t('photos.badDate'), control: takenOn }
            : chosen.length === 0
              ? { text: t('photos.noFiles'), control: files }
              : null;
      if (problem) {
        replace(formMessage, alertBox(problem.text));
        problem.control.focus();
        return;
      }
      replace(formMessage);
      void uploadAll(chosen);
    });

    /** One file after another, so a slow link carries one at a time and each file has its own outcome. */
    async function uploadAll(chosen: File[]): Promise<void> {
      submit.disabled = true;
      submit.textContent = t('photos.uploading');
      const rows = chosen.map((file) => {
        const state = h('span', { class: 'upload-state' }, t('photos.file.waiting'));
        const bar = h('progress', { max: 1, value: 0, 'aria-hidden': 'true' });
        const item = h(
          'li',
          { class: 'upload-item waiting', 'data-file': file.name },
          h('span', { class: 'upload-name' }, file.name, ' ', h('span', { class: 'muted' }, `(${formatSize(file.size)})`)),
          bar,
          state,
        );
        return { file, item, state, bar };
      });
      replace(
        list,
        rows.map((r) => r.item),
      );
      let done = 0;
      let failed = 0;
      for (const [index, row] of rows.entries()) {
        if (!live()) return;
        summary.textContent = t('photos.progress', { current: index + 1, total: rows.length });
        const refusal = refusalBeforeUpload(row.file);
        if (refusal) {
          failed += 1;
          mark(
            row,
            'failed',
            t('photos.file.failed', { message: refusal === 'too_large' ? t('photos.tooLarge', { limit }) : t('photos.emptyFile') }),
          );
          continue;
        }
        mark(row, 'uploading', t('photos.file.uploading'));
        const body = new FormData();
        body.append('stage', stage.value);
        if (takenOn.value) body.append('takenOn', takenOn.value);
        if (caption.value.trim()) body.append('caption', caption.value.trim());
        // The file last: a multipart reader sees the other fields before the bytes.
        body.append('file', row.file, row.file.name);
        try {
          await ctx.api.postForm<PhotoResponse>(`/households/${householdId}/photos`, body);
          done += 1;
          mark(row, 'done', t('photos.file.done'));
        } catch (error) {
          if (!live()) return;
          failed += 1;
          mark(row, 'failed', t('photos.file.failed', { message: uploadRefusal(error, limit) }));
        }
      }
      if (!live()) return;
      summary.textContent =
        failed === 0
          ? t('photos.finished', { done })
          : done === 0
            ? t('photos.noneUploaded', { failed })
            : t('photos.finishedWithFailures', { done, failed });
      submit.disabled = false;
      submit.textContent = t('photos.submit');
      files.value = '';
      camera.value = '';
      if (done > 0) {
        caption.value = '';
        await refresh();
      }
    }

    function mark(
      row: { item: HTMLElement; state: HTMLElement; bar: HTMLProgressElement },
      state: 'uploading' | 'done' | 'failed',
      text: string,
    ): void {
      row.item.className = `upload-item ${state}`;
      row.state.textContent = text;
      // fetch reports no upload progress: the bar runs (no value) while a file is on its way, then fills or stops.
      if (state === 'uploading') row.bar.removeAttribute('value');
      else row.bar.value = state === 'done' ? 1 : 0;
    }

    return form;
  }

  void refresh();
}

/**
 * Why the server did not take a file. With its error shape the server's own message (written in
 * the page's language); without it (a proxy's 413 page in front of the server), the page's words
 * for the status.
 */
function uploadRefusal(error: unknown, limit: string): string {
  if (error instanceof ApiError && error.code === null) {
    if (error.status === 413) return t('photos.tooLarge', { limit });
    if (error.status === 415) return t('photos.notAnImage');
    if (error.status === 503) return t('photos.storageFull');
  }
  return describeError(error).headline;
}

/** Runs `jobs` with at most `parallel` at a time. */
async function runLimited(jobs: readonly (() => Promise<void>)[], parallel: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next];
      next += 1;
      await job();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, worker));
}
