import type { PhotoVariant } from './photo-files.js';

/**
 * How a photo's image is cached: its content never changes (the files are named by the upload's
 * SHA-256), so the browser keeps it a year and revalidates with the ETag when it asks again;
 * `private`, since the image is answered only to who may see the household.
 */
export const PHOTO_CACHE_CONTROL = 'private, max-age=31536000, immutable';

/** A strong ETag: the upload's digest and which copy. */
export function photoEtag(sha256: string, variant: PhotoVariant): string {
  return `"${sha256}-${variant}"`;
}

/**
 * Whether If-None-Match names `etag` (RFC 9110 §13.1.2: a list of tags, each maybe weak, or `*`),
 * so that the answer is 304 without the image. Compared weakly, as the RFC asks for this header.
 */
export function ifNoneMatchHits(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const tags = (Array.isArray(header) ? header.join(',') : header).split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  return tags.some((tag) => tag === '*' || tag === etag);
}
