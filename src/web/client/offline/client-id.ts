/**
 * The id a move carries from the moment it is made (the API's `clientId`): sent again after a
 * lost answer or from the offline queue, the server recognises it and records the move once.
 */

interface RandomSource {
  randomUUID?: () => string;
  getRandomValues(array: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer>;
}

/**
 * A random (version 4) UUID. crypto.randomUUID exists only from Chromium 92 and Safari 15.4, and
 * only in a secure context (not on a plain-HTTP intranet), so without it one is built from 16
 * random bytes, which every targeted browser has.
 */
export function newClientId(source: RandomSource = crypto): string {
  if (typeof source.randomUUID === 'function') return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // the RFC 4122 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
