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
 * headers too large, a request that never finished. The answer is written to the socket, with
 * an id to quote (the caller's X-Request-Id when the headers could be read) that the log line
 * carries too; the language is read from what arrived of the headers.
 */
export function answerClientError(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const head = rawHead(error);
  const requestId = requestIdFrom(headerIn(head, 'x-request-id'));
  const language = languageOf(headerIn(head, 'accept-language'));
  const described: DescribedError =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? { statusCode: 408, problem: problem('request_timeout') }
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? { statusCode: 431, problem: problem('headers_too_large') }
        : { statusCode: 400, problem: problem('malformed_request') };
  logger.log({ requestId, statusCode: described.statusCode, reason: error.code }, 'unreadable request refused');
  if (socket.writable) {
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

/** What Node had read of the request when it gave up (its head, as bytes). */
function rawHead(error: ConnectionError): string {
  const raw: unknown = error.rawPacket;
  const bytes = Buffer.isBuffer(raw)
    ? raw
    : Array.isArray((raw as { data?: unknown } | undefined)?.data)
      ? Buffer.from((raw as { data: number[] }).data)
      : null;
  return bytes ? bytes.subarray(0, 16 * 1024).toString('latin1') : '';
}

function headerIn(head: string, name: string): string | undefined {
  return new RegExp(`\\r\\n${name}:[ \\t]*([^\\r\\n]*)`, 'i').exec(head)?.[1]?.trim();
}
