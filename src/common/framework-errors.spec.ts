import { describe, expect, it, jest } from '@jest/globals';
import type { Socket } from 'node:net';
import type { ConnectionError } from 'fastify';
import { answerClientError, describeParseError } from './framework-errors.js';

/** A parse error as Node's HTTP parser reports it: its code, the bytes it had and where it stopped. */
function parseError(code: string, raw: string, stoppedAt: string): ConnectionError {
  const bytes = Buffer.from(raw, 'utf8');
  const bytesParsed = Buffer.byteLength(raw.slice(0, raw.indexOf(stoppedAt)), 'utf8');
  return Object.assign(new Error(`Parse Error: ${code}`), { code, bytesParsed, rawPacket: bytes }) as unknown as ConnectionError;
}

/** What answerClientError writes to a socket and whether it closes it; `inFlight`: an earlier pipelined request's response. */
function answer(error: ConnectionError, inFlight?: { headersSent: boolean }) {
  const write = jest.fn();
  const destroy = jest.fn();
  const socket = { destroyed: false, writable: true, write, destroy, _httpMessage: inFlight ?? null } as unknown as Socket;
  answerClientError(error, socket);
  const written = write.mock.calls.map(([chunk]) => String(chunk)).join('');
  return {
    written,
    destroyed: destroy.mock.calls.length > 0,
    body: written ? (JSON.parse(written.split('\r\n\r\n')[1]) as { code: string }) : null,
  };
}

const CHINESE_QUERY = 'GET /api/households?q=郑清亮 HTTP/1.1\r\nHost: x\r\n\r\n';

describe('describeParseError', () => {
  it.each<[string, string, ConnectionError]>([
    ['Chinese in the query', 'malformed_request', parseError('HPE_INVALID_URL', CHINESE_QUERY, '郑')],
    [
      'a space in the query',
      'malformed_request',
      parseError('HPE_INVALID_CONSTANT', 'GET /api/households?q=a b HTTP/1.1\r\nHost: x\r\n\r\n', 'b HTTP'),
    ],
    [
      'a character the request line may not hold',
      'malformed_request',
      parseError('HPE_INVALID_CHARACTER', 'GET /a\u0001 HTTP/1.1\r\n\r\n', '\u0001'),
    ],
    [
      'Chinese in the address of a second, pipelined request',
      'malformed_request',
      parseError('HPE_INVALID_URL', `GET / HTTP/1.1\r\nHost: x\r\n\r\n${CHINESE_QUERY}`, '郑'),
    ],
    [
      'a Content-Length that is not a number',
      'invalid_http',
      parseError('HPE_INVALID_CONTENT_LENGTH', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 'abc'),
    ],
    [
      'both Content-Length and Transfer-Encoding',
      'invalid_http',
      parseError('HPE_INVALID_TRANSFER_ENCODING', 'POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n', '\r\n\r\n'),
    ],
    [
      'two Content-Lengths',
      'invalid_http',
      parseError('HPE_UNEXPECTED_CONTENT_LENGTH', 'POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n', '\r\n\r\n'),
    ],
    [
      'a bad character in a header (not the address)',
      'invalid_http',
      parseError('HPE_INVALID_CHARACTER', 'GET / HTTP/1.1\r\nX: a\u0001b\r\n\r\n', '\u0001'),
    ],
    ['a bad constant after the request line', 'invalid_http', parseError('HPE_INVALID_CONSTANT', 'GET / HTTP/1.1\r\nHost: x\rX', 'X')],
    ['a header name with a space', 'invalid_http', parseError('HPE_INVALID_HEADER_TOKEN', 'GET / HTTP/1.1\r\nHo st: x\r\n\r\n', ' st')],
    ['a method that is not one', 'invalid_http', parseError('HPE_INVALID_METHOD', 'G@T / HTTP/1.1\r\n\r\n', '@')],
  ])('%s: %s', (_case, code, error) => {
    expect(describeParseError(error)).toEqual({ statusCode: 400, problem: { code, params: {} } });
  });

  it('keeps the timeout and the headers too large apart', () => {
    const error = (code: string) => Object.assign(new Error(code), { code }) as unknown as ConnectionError;
    expect([describeParseError(error('ERR_HTTP_REQUEST_TIMEOUT')), describeParseError(error('HPE_HEADER_OVERFLOW'))]).toEqual([
      { statusCode: 408, problem: { code: 'request_timeout', params: {} } },
      { statusCode: 431, problem: { code: 'headers_too_large', params: {} } },
    ]);
  });
});

describe('answerClientError', () => {
  it('writes its 400 and closes the connection', () => {
    const { body, written, destroyed } = answer(parseError('HPE_INVALID_URL', CHINESE_QUERY, '郑'));
    expect(written).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect([body?.code, destroyed]).toEqual(['malformed_request', true]);
  });

  it('writes its 400 when an earlier pipelined request has not begun its response', () => {
    const { body, destroyed } = answer(parseError('HPE_INVALID_URL', CHINESE_QUERY, '郑'), { headersSent: false });
    expect([body?.code, destroyed]).toEqual(['malformed_request', true]);
  });

  it('writes nothing into the response of an earlier pipelined request, and only closes the connection', () => {
    const { written, destroyed } = answer(parseError('HPE_INVALID_URL', CHINESE_QUERY, '郑'), { headersSent: true });
    expect([written, destroyed]).toEqual(['', true]);
  });
});
