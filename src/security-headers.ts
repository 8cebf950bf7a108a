import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * The headers helmet's middleware sets with these options, found by running it once against a
 * response that only records them. Nothing in the policy depends on the request (no nonces), so
 * the same set serves every response.
 */
export function securityHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => (failure = error));
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error('helmet refused the security header options');
  return Object.fromEntries(headers);
}

/**
 * Security headers on every response (helmet's defaults). The API docs page needs Swagger UI's
 * inline styles and its data: images; county intranets often serve plain HTTP, so requests are
 * not upgraded to HTTPS.
 *
 * The headers are worked out once and set on each reply as they are. @fastify/helmet, used
 * before, built helmet's middleware again for every request, parsing the policy each time: that
 * cost about a third of a status change's time under load (issue 5's benchmark, 750 → 1,060
 * requests a second); running the middleware built once still cost about 1% of a move's time.
 */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
