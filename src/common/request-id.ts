import { randomUUID } from 'node:crypto';

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** A caller's `X-Request-Id` when it looks like one (letters, digits, `_`, `.`, `-`; at most 64), else a new id. */
export function requestIdFrom(given: unknown): string {
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}
