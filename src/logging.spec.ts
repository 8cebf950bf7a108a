import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pinoHttp, type Options } from 'pino-http';
import { loggerOptions, requestLogLevel } from './logging.js';

describe('the request log line', () => {
  const lines: Record<string, unknown>[] = [];
  let server: Server;

  beforeAll(async () => {
    const options = loggerOptions('info').pinoHttp as Options;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')));
        done();
      },
    });
    const log = pinoHttp(options, sink);
    server = createServer((req, res) => {
      (req as typeof req & { id: string }).id = 'req-1';
      log(req, res);
      res.setHeader('content-security-policy', "default-src 'self'");
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      request({ port, host: '127.0.0.1', path: '/api/households?grade=B', headers: { authorization: 'Bearer secret-token' } }, (res) =>
        res.resume().on('end', resolve),
      )
        .on('error', reject)
        .end();
    });
    // pino writes the line as the response finishes; let the sink receive it.
    await new Promise((resolve) => setImmediate(resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('names the request and its status, at warn for a 4xx, and carries no headers', () => {
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ level: 40, req: { id: 'req-1', method: 'GET' }, res: { statusCode: 404 } });
    expect(Object.keys(line.req as object).sort()).toEqual(['id', 'method', 'url']);
    expect(line.res).toEqual({ statusCode: 404 });
    expect(JSON.stringify(line)).not.toMatch(/secret-token|content-security-policy/);
  });
});

describe('requestLogLevel', () => {
  it.each([
    [200, undefined, 'info'],
    [304, undefined, 'info'],
    [400, undefined, 'warn'],
    [429, undefined, 'warn'],
    [500, undefined, 'error'],
    [500, new Error('boom'), 'error'],
    [503, new Error('failed with status code 503'), 'warn'],
    [200, new Error('aborted'), 'error'],
  ] as const)('%i (error %p) is logged at %s', (status, err, level) => {
    expect(requestLogLevel(status, err)).toBe(level);
  });
});
