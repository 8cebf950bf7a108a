import type { LoginResponse } from './api-types.js';

/**
 * The signed-in session, kept in localStorage for the token's lifetime: a reload or a second tab
 * stays signed in until the token expires or the user logs out (an office PC is shared: the
 * header always shows who is signed in, and logging out clears it).
 */
export type Session = Pick<LoginResponse, 'accessToken' | 'expiresAt' | 'user'>;

const KEY = 'tracker.session';

/** A token this close to its end is treated as ended, so a request does not fail half-way. */
const EXPIRY_MARGIN_MS = 30_000;

export function isExpired(expiresAt: string, now: number): boolean {
  const end = Date.parse(expiresAt);
  return !Number.isFinite(end) || end - EXPIRY_MARGIN_MS <= now;
}

/** The stored session, or why there is none. */
export function loadSession(now = Date.now()): { session: Session | null; expired: boolean } {
  let stored: Session | null;
  try {
    stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
  } catch {
    stored = null;
  }
  if (!stored || typeof stored.accessToken !== 'string' || typeof stored.expiresAt !== 'string') return { session: null, expired: false };
  if (isExpired(stored.expiresAt, now)) {
    clearSession();
    return { session: null, expired: true };
  }
  return { session: stored, expired: false };
}

export function saveSession(session: Session): void {
  localStorage.setItem(KEY, JSON.stringify({ accessToken: session.accessToken, expiresAt: session.expiresAt, user: session.user }));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}
