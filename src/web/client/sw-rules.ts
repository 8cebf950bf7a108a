/**
 * What the service worker (sw.ts) does with each request, as a pure rule the tests can read:
 *
 * - `page`: a navigation to the pages (any path outside /api; the routes live in the hash):
 *   the network first, the cached index.html of this build when it cannot be reached;
 * - `asset`: this build's hashed files, which never change: from the cache, else the network;
 * - `api`: a GET under /api that the pages load (not /api/auth/**, whose answers are tokens and
 *   sessions): the network first, its JSON answer kept; the last kept answer when offline;
 * - `pass`: everything else (every write, every other method, other origins, /api/auth/**) goes
 *   to the network untouched and is never kept.
 */
export type RequestPolicy = 'page' | 'asset' | 'api' | 'pass';

/** The API answers kept for offline use: one cache, emptied when the user logs out (a shared office PC). */
export const API_CACHE = 'tracker-api';
/** The app shell of one build: `tracker-shell-<version>`; a new build's worker deletes the others. */
export const SHELL_CACHE_PREFIX = 'tracker-shell-';

export function requestPolicy(request: { method: string; url: string; mode: string }, origin: string): RequestPolicy {
  if (request.method !== 'GET') return 'pass';
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return 'pass';
  }
  if (url.origin !== origin) return 'pass';
  const path = url.pathname;
  if (path === '/api' || path.startsWith('/api/')) {
    if (path === '/api/auth' || path.startsWith('/api/auth/')) return 'pass';
    // A navigation under /api (the API docs page) is not the pages' data.
    return request.mode === 'navigate' ? 'pass' : 'api';
  }
  if (request.mode === 'navigate') return 'page';
  if (path.startsWith('/assets/')) return 'asset';
  return 'pass';
}

/** Whether an answer from the API is worth keeping for offline use: a successful JSON answer (not a file download). */
export function isKeptAnswer(status: number, contentType: string | null): boolean {
  return status === 200 && contentType !== null && /^application\/json\b/i.test(contentType);
}
