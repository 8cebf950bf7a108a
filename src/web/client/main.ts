import './styles.css';
import { CONTENT_LANGUAGE } from '../../common/messages/language.js';
import { Api, ApiError } from './api.js';
import type { MeResponse, RegionResponse } from './api-types.js';
import type { Cleanup, PageContext } from './context.js';
import { h, replace } from './dom.js';
import { language, restoreLanguage, setLanguage, t, type MessageKey } from './i18n/i18n.js';
import { moveQueue, setSyncRequest } from './offline/runtime.js';
import { apiTransport } from './offline/send-moves.js';
import { clearApiCache, registerServiceWorker } from './offline/service-worker.js';
import { Syncer } from './offline/sync.js';
import { RegionIndex } from './region-units.js';
import { EMPTY_FILTERS, formatRoute, parseRoute, type Route } from './routes.js';
import { clearSession, loadSession, saveSession, type Session } from './session.js';
import { errorBox, loading } from './views/common.js';
import { renderHousehold } from './views/household-view.js';
import { renderImportDetail } from './views/imports-detail-view.js';
import { canImport } from './views/imports-model.js';
import { renderImports } from './views/imports-view.js';
import { renderLedger } from './views/ledger-view.js';
import { renderLogin } from './views/login-view.js';
import { renderNewHousehold } from './views/new-household-view.js';
import { SyncStatus } from './views/sync-status-view.js';
import { renderWallChart } from './views/wall-chart-view.js';

/**
 * The pages' entry point: the session, the header, and a hash router that renders one page at a
 * time into <main>. Signed-in pages get the user (with scope) and the region tree, loaded once.
 */

interface SignedIn {
  session: Session;
  me: MeResponse;
  regions: RegionIndex;
}

const header = document.getElementById('top') as HTMLElement;
const main = document.getElementById('main') as HTMLElement;

let session: Session | null = null;
let signedIn: SignedIn | null = null;
/** A message for the login page (expired, logged out). */
let loginNotice: MessageKey | null = null;
/** Where to go after logging in, when a signed-out visitor opened a page. */
let afterLogin: Route | null = null;
let expiryTimer: number | undefined;
let generation = 0;
let cleanup: Cleanup | null = null;
let firstRender = true;

const api = new Api({
  token: () => session?.accessToken ?? null,
  language: () => CONTENT_LANGUAGE[language()],
  onUnauthorized: () => endSession('login.expired'),
});

/** Moves kept while offline are sent by and for the user who made them, once signed in and online. */
const syncer = new Syncer(
  moveQueue,
  apiTransport(api),
  () => signedIn?.me.id ?? null,
  () => navigator.onLine,
);
const syncStatus = new SyncStatus(syncer, () => signedIn?.me.id ?? null);
setSyncRequest(() => void syncStatus.sync());
header.after(syncStatus.panel);

function navigate(route: Route): void {
  const hash = formatRoute(route);
  if (location.hash === hash) void render();
  else location.hash = hash;
}

function startSession(next: Session): void {
  session = next;
  window.clearTimeout(expiryTimer);
  // Log out when the token ends rather than on the next failing request.
  const remaining = Date.parse(next.expiresAt) - Date.now();
  expiryTimer = window.setTimeout(() => endSession('login.expired'), Math.min(Math.max(remaining - 30_000, 0), 2 ** 31 - 1));
}

function endSession(notice: MessageKey): void {
  window.clearTimeout(expiryTimer);
  clearSession();
  forgetMe();
  // The next user of this PC must not see this one's households offline. Queued moves stay:
  // they belong to this user and are sent when they next sign in.
  void clearApiCache();
  session = null;
  signedIn = null;
  void syncStatus.refresh();
  loginNotice = notice;
  const route = parseRoute(location.hash);
  if (route && route.name !== 'login') afterLogin = route;
  navigate({ name: 'login' });
}

/** Read through a call: `session` can change while `render` awaits, which narrowing cannot see. */
function hasSession(): boolean {
  return session !== null;
}

async function loadSignedIn(current: Session): Promise<SignedIn> {
  if (signedIn?.session === current) return signedIn;
  const [me, regions] = await Promise.all([loadMe(current), api.get<RegionResponse[]>('/regions')]);
  signedIn = { session: current, me, regions: new RegionIndex(regions, me.scope) };
  // Moves queued while offline (on this or an earlier visit) go out now.
  void syncStatus.sync();
  return signedIn;
}

const ME_KEY = 'tracker.me';

/**
 * Who is signed in, with their scope. The service worker never keeps /api/auth/** answers, so
 * the page keeps the last one itself, for as long as the session: opened offline, it is used
 * when the server cannot be reached (and only for the same user).
 */
async function loadMe(current: Session): Promise<MeResponse> {
  try {
    const me = await api.get<MeResponse>('/auth/me');
    try {
      localStorage.setItem(ME_KEY, JSON.stringify(me));
    } catch {
      // Storage refused: the page needs the server to open.
    }
    return me;
  } catch (error) {
    const kept = keptMe();
    if (error instanceof ApiError && error.status === 0 && kept?.id === current.user.id) return kept;
    throw error;
  }
}

function keptMe(): MeResponse | null {
  try {
    return JSON.parse(localStorage.getItem(ME_KEY) ?? 'null') as MeResponse | null;
  } catch {
    return null;
  }
}

function forgetMe(): void {
  try {
    localStorage.removeItem(ME_KEY);
  } catch {
    // Nothing was kept.
  }
}

const CHART_HOME: Route = { name: 'chart', unit: null, date: null };
const LEDGER_HOME: Route = { name: 'ledger', filters: EMPTY_FILTERS };

/** The pages under each header link: a household and the new-household form belong to the ledger, one import to the imports. */
const SECTIONS: Record<'chart' | 'ledger' | 'imports', readonly Route['name'][]> = {
  chart: ['chart'],
  ledger: ['ledger', 'household', 'newHousehold'],
  imports: ['imports', 'import'],
};

/** Where a user starts: supervisors and admins on the wall chart, staff and inspectors in the ledger. */
function homeFor(role: string): Route {
  return role === 'staff' || role === 'inspector' ? LEDGER_HOME : CHART_HOME;
}

function renderHeader(route: Route | null): void {
  const languageButton = h(
    'button',
    // Named in the language it switches to, as language pickers are.
    { type: 'button', class: 'link-button', lang: language() === 'zh' ? 'en' : 'zh-CN', onclick: () => switchLanguage() },
    t('lang.switch'),
  );
  const skip = h(
    'a',
    {
      class: 'skip',
      href: '#main',
      onclick: (e: Event) => {
        e.preventDefault();
        main.focus();
      },
    },
    t('app.skip'),
  );
  if (!signedIn) {
    replace(
      header,
      skip,
      h('div', { class: 'bar' }, h('p', { class: 'brand' }, t('app.title')), h('div', { class: 'user' }, languageButton)),
    );
    return;
  }
  const { me } = signedIn;
  // In the page's language, after a switch.
  void syncStatus.refresh();
  const scope = me.scope.length === 0 ? t('user.scopeAll') : me.scope.map((s) => s.name).join('、');
  const link = (name: 'chart' | 'ledger' | 'imports', target: Route) =>
    h('a', { href: formatRoute(target), 'aria-current': route && SECTIONS[name].includes(route.name) ? 'page' : null }, t(`nav.${name}`));
  replace(
    header,
    skip,
    h(
      'div',
      { class: 'bar' },
      h('p', { class: 'brand' }, t('app.title')),
      h(
        'nav',
        { 'aria-label': t('app.nav') },
        h(
          'ul',
          null,
          h('li', null, link('chart', CHART_HOME)),
          h('li', null, link('ledger', LEDGER_HOME)),
          canImport(me.role) ? h('li', null, link('imports', { name: 'imports' })) : null,
        ),
      ),
      h(
        'div',
        { class: 'user' },
        h(
          'p',
          { class: 'who', 'data-testid': 'signed-in-user' },
          t('user.signedIn', { name: me.displayName, role: t(`role.${me.role}`) }),
          h('br'),
          h('span', { class: 'scope' }, t('user.scope', { scope })),
        ),
        syncStatus.indicator,
        languageButton,
        h('button', { type: 'button', class: 'secondary', onclick: () => endSession('login.loggedOut') }, t('user.logout')),
      ),
    ),
  );
}

function switchLanguage(): void {
  setLanguage(language() === 'zh' ? 'en' : 'zh');
  void render();
}

async function render(): Promise<void> {
  const mine = ++generation;
  cleanup?.();
  cleanup = null;
  const isCurrent = () => mine === generation;
  const route = parseRoute(location.hash);

  if (!session) {
    if (route && route.name !== 'login') {
      afterLogin = route;
      navigate({ name: 'login' });
      return;
    }
    renderHeader(route);
    renderLogin(main, {
      api,
      notice: loginNotice,
      onSignedIn: (next) => {
        saveSession(next);
        startSession(next);
        loginNotice = null;
        const target = afterLogin ?? homeFor(next.user.role);
        afterLogin = null;
        navigate(target);
      },
    });
    // The login page puts focus in the username field itself.
    firstRender = false;
    return;
  }

  if (!signedIn || signedIn.session !== session) {
    renderHeader(null);
    replace(main, loading());
    try {
      await loadSignedIn(session);
    } catch (error) {
      // A 401 ends the session (and queues the login page) before the request rejects.
      if (!isCurrent() || !hasSession()) return;
      replace(
        main,
        errorBox(error, () => void render()),
      );
      return;
    }
    if (!isCurrent()) return;
  }
  const context = signedIn as SignedIn;
  if (!route || route.name === 'login') {
    navigate(homeFor(context.me.role));
    return;
  }
  renderHeader(route);
  const page: PageContext = { api, session: context.session, me: context.me, regions: context.regions, navigate, isCurrent };
  replace(main);
  const done = await renderPage(route, page);
  if (isCurrent()) cleanup = done ?? null;
  else done?.();
}

/** Each page puts its <h1> into <main> before its first await, so focus can move there at once. */
async function renderPage(route: Route, page: PageContext): Promise<Cleanup | undefined> {
  let pending: Promise<Cleanup | undefined>;
  switch (route.name) {
    case 'chart':
      pending = renderWallChart(main, page, route);
      break;
    case 'ledger':
      pending = renderLedger(main, page, route.filters);
      break;
    case 'household':
      pending = renderHousehold(main, page, route.id);
      break;
    case 'newHousehold':
      renderNewHousehold(main, page);
      pending = Promise.resolve(undefined);
      break;
    case 'imports':
      pending = renderImports(main, page).then(() => undefined);
      break;
    case 'import':
      pending = renderImportDetail(main, page, route.id);
      break;
    default:
      replace(main, h('h1', { tabindex: -1, class: 'page-title' }, t('app.notFound')), h('p', null, h('a', { href: '#/' }, t('app.home'))));
      pending = Promise.resolve(undefined);
  }
  focusHeading();
  return pending;
}

/** After a navigation (not the first load), keyboard focus moves to the new page's heading. */
function focusHeading(): void {
  if (firstRender) {
    firstRender = false;
    return;
  }
  main.querySelector<HTMLElement>('h1')?.focus();
}

function boot(): void {
  registerServiceWorker();
  restoreLanguage();
  const stored = loadSession();
  if (stored.session) startSession(stored.session);
  else if (stored.expired) loginNotice = 'login.expired';
  window.addEventListener('hashchange', () => void render());
  // Another tab logged out or in: follow it.
  window.addEventListener('storage', (event) => {
    if (event.key !== 'tracker.session') return;
    const next = loadSession();
    if (!next.session && session) endSession('login.loggedOut');
    else if (next.session && next.session.accessToken !== session?.accessToken) {
      startSession(next.session);
      void render();
    }
  });
  void render();
}

boot();
