import type { FastifyReply } from 'fastify';
import type { JsonBody } from '../common/compression.js';

/** What a report request says about the copy it may hold and the encodings it takes. */
export interface ReportRequestHeaders {
  acceptEncoding: string | undefined;
  ifNoneMatch: string | undefined;
}

/**
 * Answers with a finished report body: its ETag on every answer, 304 with no body when
 * If-None-Match names it (a wall chart that polls costs a few bytes while nothing moves), else
 * the bytes compressed once for the request's encoding, which the compression plugin passes
 * through. A browser may keep the report but asks each time whether it still holds.
 */
export async function replyWithJsonBody(body: JsonBody, headers: ReportRequestHeaders, reply: FastifyReply): Promise<string | Buffer> {
  reply.header('Content-Type', 'application/json; charset=utf-8');
  reply.header('Vary', 'Accept-Encoding');
  reply.header('Cache-Control', 'private, no-cache');
  reply.header('ETag', body.etag);
  if (body.matches(headers.ifNoneMatch)) {
    reply.code(304);
    return '';
  }
  const { bytes, encoding } = await body.encodedFor(headers.acceptEncoding);
  if (encoding) reply.header('Content-Encoding', encoding);
  return bytes;
}
