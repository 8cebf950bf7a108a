import { API_CACHE, isKeptAnswer, requestPolicy, SHELL_CACHE_PREFIX } from './sw-rules.js';

/**
 * The service worker, served as /sw.js (not hashed, no-cache: the browser checks it on every
 * load, and a new build's worker replaces the old one). It keeps the app shell of its build
 * (index.html and the hashed assets, listed into it by build-web.ts) and the API answers the
 * pages load, so that the ledger of the user's scope and the household pages already opened
 * work offline. Which request gets what: sw-rules.ts. It never keeps a write or /api/auth/**.
 *
 * The pages' TypeScript library is the DOM's, which has no service-worker global scope: the
 * little of it used here is declared below.
 */

/** Filled in by build-web.ts: this build's shell files and a version derived from them. */
declare const __SHELL_FILES__: readonly string[];
declare const __SHELL_VERSION__: string;

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: Location;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const worker = self as unknown as WorkerScope;
const SHELL_CACHE = `${SHELL_CACHE_PREFIX}${__SHELL_VERSION__}`;
const INDEX = '/';

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll([INDEX, ...__SHELL_FILES__]);
      // The new build's shell is complete: take over from the old worker at once.
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith(SHELL_CACHE_PREFIX) && n !== SHELL_CACHE).map((n) => caches.delete(n)));
      // Control the page that registered the worker, so its API answers are kept from now on.
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  switch (requestPolicy(request, worker.location.origin)) {
    case 'page':
      event.respondWith(networkFirst(event, SHELL_CACHE, INDEX));
      return;
    case 'asset':
      event.respondWith(cacheFirst(request));
      return;
    case 'api':
      event.respondWith(networkFirst(event, API_CACHE, null));
      return;
    case 'pass':
      return;
  }
});

/**
 * The network's answer, kept when it is a page or JSON worth keeping; when the network cannot be
 * reached, the kept answer (for a page: the shell's index.html, `fallback`).
 */
async function networkFirst(event: FetchEvent, cacheName: string, fallback: string | null): Promise<Response> {
  const { request } = event;
  try {
    const response = await fetch(request);
    if (fallback === null && isKeptAnswer(response.status, response.headers.get('content-type'))) {
      const copy = response.clone();
      // Kept while the page reads the answer; the worker stays alive until it is written.
      event.waitUntil(caches.open(cacheName).then((cache) => cache.put(request, copy)));
    }
    return response;
  } catch (error) {
    const cache = await caches.open(cacheName);
    const kept = await cache.match(fallback ?? request);
    if (kept) return kept;
    throw error;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const kept = await caches.match(request);
  return kept ?? fetch(request);
}
