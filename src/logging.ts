import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { Options } from 'pino-http';
import { redactUrl } from './log-redaction.js';

/**
 * Structured JSON logs (pino), one line per request with its request id, to standard output or
 * to `file`. Request bodies are never logged; credentials are redacted should a header carry them,
 * and digit runs that could be an ID-card or phone number are starred in the URL (log-redaction.ts).
 */
export function loggerOptions(level: string, file?: string): Params {
  const options: Options = {
    level,
    genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? 'unknown',
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    // A request line names the request and its outcome. The response's headers (the security
    // policy alone is 400 bytes) would repeat the same text on every line.
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  };
  return { pinoHttp: file ? [options, pino.destination({ dest: file, mkdir: true, sync: true })] : options };
}
