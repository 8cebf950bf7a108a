import type { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import type { ConnectionError, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { describeException, type DescribedError, errorBody, STATUS_NAMES } from './error-response.js';
import { CONTENT_LANGUAGE, languageOf } from './messages/language.js';
import { problem } from './messages/problem.js';
import { requestIdFrom } from './request-id.js';

/**
 * The refusals Fastify makes before a request reaches Nest, answered in the same shape as every
 * other error (code, requestId, the message in the request's language) instead of Fastify's own
 * `{"message":"Client Error"}`. Both are options of the FastifyAdapter (app.setup.ts).
 */

const logger = new Logger('HttpRefusals');

/**
 * `frameworkErrors`: the router could not take the URL apart (`/api/households/%zz`) or a
 * parameter is too long. The request exists (it has its id), but no hook, guard or filter runs.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = (request.raw.url ?? '').split('?')[0];
  const described = describeException(error, { method: request.method, path });
  const language = languageOf(request.headers['accept-language']);
  logger.log(
    { requestId: request.id, method: request.method, statusCode: described.statusCode, code: described.problem.code },
    'request refused before routing',
  );
  void reply
    .code(described.statusCode)
    .header('x-request-id', request.id)
    .header('content-language', CONTENT_LANGUAGE[language])
    .send(errorBody(described, language, request.id));
}

/**
 * `clientErrorHandler`: Node's HTTP parser refused the bytes themselves, so there is no request:
 * an unencoded Chinese query typed into curl (`curl 'localhost:3000/api/households?q=郑清亮'`),
 * headers too large, a request that never finished, a bad Content-Length. The answer is written
 * to the socket, with an id to quote (the caller's X-Request-Id when the headers could be read)
 * that the log line carries too; the language is read from what arrived of the headers.
 *
 * As Node's own handler does, nothing is written while an earlier request on the same
 * connection (pipelined) is being answered: its response has begun, and a 400 written into the
 * middle of it would corrupt both. The connection is closed.
 */
export function answerClientError(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const head = rawHead(error);
  const requestId = requestIdFrom(headerIn(head, 'x-request-id'));
  const language = languageOf(headerIn(head, 'accept-language'));
  const described = describeParseError(error);
  logger.log({ requestId, statusCode: described.statusCode, reason: error.code }, 'unreadable request refused');
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const body = JSON.stringify(errorBody(described, language, requestId));
    socket.write(
      `HTTP/1.1 ${described.statusCode} ${STATUS_NAMES[described.statusCode]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Language: ${CONTENT_LANGUAGE[language]}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}

/**
 * The parser's errors where the request line (method, address, version) could not be read,
 * which is what an address with unencoded Chinese or spaces gives: `?q=郑清亮` is an invalid
 * URL, `?q=a b` an invalid constant where `HTTP/1.1` should follow the address.
 */
const REQUEST_LINE_ERRORS = new Set(['HPE_INVALID_CHARACTER', 'HPE_INVALID_CONSTANT']);

/** The status and problem for a parse error: only an address that cannot be read is told to encode its Chinese. */
export function describeParseError(error: ConnectionError): DescribedError {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { statusCode: 408, problem: problem('request_timeout') };
  if (error.code === 'HPE_HEADER_OVERFLOW') return { statusCode: 431, problem: problem('headers_too_large') };
  const inAddress = error.code === 'HPE_INVALID_URL' || (REQUEST_LINE_ERRORS.has(error.code) && failedInRequestLine(error));
  return { statusCode: 400, problem: problem(inAddress ? 'malformed_request' : 'invalid_http') };
}

/**
 * Whether the parser stopped on a request's first line: no line break between the start of the
 * request it was reading (after the blank line that ended an earlier one, on a pipelined
 * connection) and the byte it stopped at.
 */
function failedInRequestLine(error: ConnectionError): boolean {
  const bytes = rawBytes(error);
  const at: unknown = error.bytesParsed;
  if (!bytes || typeof at !== 'number') return false;
  const before = bytes.subarray(0, at).toString('latin1');
  const start = before.lastIndexOf('\r\n\r\n');
  return !before.slice(start < 0 ? 0 : start + 4).includes('\n');
}

/** The bytes Node had when it gave up. */
function rawBytes(error: ConnectionError): Buffer | null {
  const raw: unknown = error.rawPacket;
  return Buffer.isBuffer(raw)
    ? raw
    : Array.isArray((raw as { data?: unknown } | undefined)?.data)
      ? Buffer.from((raw as { data: number[] }).data)
      : null;
}

/** What Node had read of the request when it gave up (its head, as bytes). */
function rawHead(error: ConnectionError): string {
  const bytes = rawBytes(error);
  return bytes ? bytes.subarray(0, 16 * 1024).toString('latin1') : '';
}

function headerIn(head: string, name: string): string | undefined {
  return new RegExp(`\\r\\n${name}:[ \\t]*([^\\r\\n]*)`, 'i').exec(head)?.[1]?.trim();
}
