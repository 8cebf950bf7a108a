import { gzipSync } from 'node:zlib';

/** Bodies shorter than this (in characters) are sent as they are: gzip would save too little. */
export const GZIP_MIN_BYTES = 1024;

/**
 * A finished JSON response body that may be sent compressed. The gzip bytes are made once, on
 * first demand, and kept with the body, so a cached report is compressed once however often
 * it is sent (a village-level report of 3,000 villages is 1.5 MB as JSON and about a tenth of
 * that gzipped: what a township office on a slow line waits for).
 */
export class JsonBody {
  private gzipped: Buffer | undefined;

  constructor(readonly json: string) {}

  /** The bytes to send and their encoding, for a request's Accept-Encoding header. */
  encodedFor(acceptEncoding: string | undefined): { bytes: string | Buffer; encoding: 'gzip' | null } {
    // Characters, not bytes: a body of fewer than GZIP_MIN_BYTES characters is at most a few KB.
    if (!acceptsGzip(acceptEncoding) || this.json.length < GZIP_MIN_BYTES) return { bytes: this.json, encoding: null };
    this.gzipped ??= gzipSync(this.json, { level: 6 });
    return { bytes: this.gzipped, encoding: 'gzip' };
  }
}

/**
 * Whether an Accept-Encoding header (RFC 9110 §12.5.3) allows gzip: listed (or `*`) with a
 * q-value above 0. Absent or unparseable means identity only.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let gzip: number | undefined;
  let any: number | undefined;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q)) continue;
    if (name.trim() === 'gzip' || name.trim() === 'x-gzip') gzip = q;
    else if (name.trim() === '*') any = q;
  }
  return (gzip ?? any ?? 0) > 0;
}
