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
/**
 * The level of a request's log line. A 503 is the service turning work away on purpose
 * (sign-ins or exports past their queue): worth seeing, not an alert, and a burst of them must
 * not fill the log with errors.
 */
export function requestLogLevel(statusCode: number, err?: unknown): 'info' | 'warn' | 'error' {
  if (statusCode === 503) return 'warn';
  if (err || statusCode >= 500) return 'error';
  return statusCode >= 400 ? 'warn' : 'info';
}

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
    customLogLevel: (_req, res, err) => requestLogLevel(res.statusCode, err),
  };
  return { pinoHttp: file ? [options, pino.destination({ dest: file, mkdir: true, sync: true })] : options };
}
