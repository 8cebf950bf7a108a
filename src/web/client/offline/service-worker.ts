import { API_CACHE } from '../sw-rules.js';

/**
 * Registers the service worker (sw.ts, served as /sw.js), which lets the pages open and show
 * what they last loaded while offline.
 *
 * Browsers give service workers (and the Cache API) only to a secure context: HTTPS, or the
 * machine itself (localhost, 127.0.0.1). A county intranet serving the tracker over plain HTTP
 * therefore gets none: the pages cannot be opened without the server there, but a page already
 * open still keeps the moves made while the connection is down in IndexedDB (which plain HTTP
 * has) and sends them when it returns.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // Refused (a policy, a private window): the pages work as without one.
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

/** Forgets the API answers kept for offline use: the next user of this PC must not see them. */
export async function clearApiCache(): Promise<void> {
  if (typeof caches === 'undefined') return;
  try {
    await caches.delete(API_CACHE);
  } catch {
    // Storage refused: nothing was kept either.
  }
}
