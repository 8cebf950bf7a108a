import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import negotiate from '@fastify/accept-negotiator';
import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** Bodies under this many bytes are sent as they are: compressing them would save too little. */
export const COMPRESS_MIN_BYTES = 1024;

/** What responses are compressed with, the first the request accepts (by its q-values) winning. */
const ENCODINGS = ['br', 'gzip'] as const;
export type ContentEncoding = (typeof ENCODINGS)[number];

/** Quality 4, the plugin's own default: 11, zlib's, takes many times as long for a few percent. */
const BROTLI_OPTIONS = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };

/**
 * Compresses responses over 1 KB whose type is worth it (JSON, and the other text the API
 * sends: CSV, SVG, the API docs' scripts) with brotli or gzip, whichever the request's
 * Accept-Encoding prefers; a client that takes neither gets the plain body. A ledger page of 50
 * households is 26 KB of JSON and 1.3 KB compressed; a village-level report of 3,000 villages
 * 1.5 MB and 150 KB: what a township office on a slow line waits for.
 *
 * A response that already names its Content-Encoding is left alone: the web pages' files are
 * compressed once at build time and sent as their .br or .gz copy (web-pages.ts), and a cached
 * report carries the bytes it was compressed to the first time (JsonBody), never twice.
 * Request bodies are not decompressed (the API takes small plain JSON; see BODY_LIMIT_BYTES).
 *
 * Register it before any route is added: the plugin attaches itself to each route as it is declared.
 */
export async function registerCompression(fastify: FastifyInstance): Promise<void> {
  await fastify.register(fastifyCompress, {
    threshold: COMPRESS_MIN_BYTES,
    encodings: [...ENCODINGS],
    brotliOptions: BROTLI_OPTIONS,
    globalDecompression: false,
  });
}

/**
 * The encoding the plugin chooses for a request's Accept-Encoding, or null for none. The same
 * negotiator, after the same rewriting (`*` and `x-gzip` mean gzip to it).
 */
export function negotiatedEncoding(acceptEncoding: string | undefined): ContentEncoding | null {
  if (!acceptEncoding) return null;
  return negotiate(acceptEncoding.toLowerCase().replace(/\*|x-gzip/g, 'gzip'), [...ENCODINGS]);
}

const compressors: Record<ContentEncoding, (text: string) => Promise<Buffer>> = {
  br: (text) => promisify(brotliCompress)(text, BROTLI_OPTIONS),
  gzip: (text) => promisify(gzip)(text),
};

/**
 * A finished JSON body sent many times (a cached report): compressed once per encoding, on first
 * demand and off the event loop, as the plugin would compress it, and kept with the body. The
 * village-level report of 3,000 villages costs about 35 ms of CPU to compress; compressed at
 * every request, it was answered 25 times a second instead of 160 to 270 (README, "Scale and speed").
 */
export class JsonBody {
  private readonly compressed = new Map<ContentEncoding, Promise<Buffer>>();
  private readonly small: boolean;
  private tag: string | undefined;

  constructor(readonly json: string) {
    this.small = Buffer.byteLength(json) < COMPRESS_MIN_BYTES;
  }

  /**
   * A weak entity tag made from the JSON itself (the same for every encoding of it), so two
   * instances, or one after a restart, give the same report the same tag: a client that polls
   * with If-None-Match gets 304 until a figure changes.
   */
  get etag(): string {
    return (this.tag ??= `W/"${createHash('sha1').update(this.json).digest('base64url')}"`);
  }

  /** Whether an If-None-Match header names this body (weak comparison, as RFC 9110 asks for it; `*` matches any). */
  matches(ifNoneMatch: string | undefined): boolean {
    if (!ifNoneMatch) return false;
    const strip = (tag: string) => tag.trim().replace(/^W\//, '');
    const mine = strip(this.etag);
    return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || strip(tag) === mine);
  }

  /** The bytes to send and their Content-Encoding (null: the JSON as it is) for a request's Accept-Encoding. */
  async encodedFor(acceptEncoding: string | undefined): Promise<{ bytes: string | Buffer; encoding: ContentEncoding | null }> {
    const encoding = this.small ? null : negotiatedEncoding(acceptEncoding);
    if (encoding === null) return { bytes: this.json, encoding };
    let bytes = this.compressed.get(encoding);
    if (bytes === undefined) {
      bytes = compressors[encoding](this.json);
      this.compressed.set(encoding, bytes);
    }
    return { bytes: await bytes, encoding };
  }
}
