import { ApiError, type Api } from '../api.js';
import type { LoginResponse } from '../api-types.js';
import { field, h, replace } from '../dom.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import type { Session } from '../session.js';
import { alertBox, describeError } from './common.js';

export interface LoginOptions {
  api: Api;
  /** Why the user is here (session expired, logged out), shown above the form. */
  notice: MessageKey | null;
  onSignedIn(session: Session): void;
}

export function renderLogin(main: HTMLElement, options: LoginOptions): void {
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit' }, t('login.submit'));
  const message = h('div', { class: 'message', 'aria-live': 'polite' });
  if (options.notice) message.append(h('p', { class: options.notice === 'login.expired' ? 'notice warn' : 'notice' }, t(options.notice)));

  const form = h(
    'form',
    { class: 'login-form', novalidate: true },
    field(t('login.username'), username),
    field(t('login.password'), password),
    h('p', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      (username.value.trim() ? password : username).focus();
      return;
    }
    void signIn();
  });

  async function signIn(): Promise<void> {
    submit.disabled = true;
    submit.textContent = t('login.busy');
    try {
      const answer = await options.api.post<LoginResponse>('/auth/login', { username: username.value.trim(), password: password.value });
      options.onSignedIn({ accessToken: answer.accessToken, expiresAt: answer.expiresAt, user: answer.user });
    } catch (error) {
      password.value = '';
      replace(message, alertBox(loginFailure(error)));
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  }

  replace(
    main,
    h(
      'section',
      { class: 'login' },
      h('h1', { tabindex: -1, class: 'page-title' }, t('login.title')),
      h('p', null, t('login.intro')),
      message,
      form,
    ),
  );
  username.focus();
}

function loginFailure(error: unknown): string {
  if (error instanceof ApiError && error.code === 'wrong_credentials') return t('login.failed');
  if (error instanceof ApiError && error.code === 'too_many_attempts')
    return t('login.throttled', { minutes: Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60)) });
  return describeError(error).headline;
}
