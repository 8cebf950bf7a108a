import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers on every response (helmet's defaults). The API docs page needs Swagger UI's
 * inline styles and its data: images; county intranets often serve plain HTTP, so requests are
 * not upgraded to HTTPS.
 *
 * helmet's middleware is built once here. @fastify/helmet, used before, built it again for
 * every request, parsing the policy each time: that cost about a third of a status change's
 * time under load (issue 5's benchmark, 750 → 1,060 requests a second).
 */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  const setHeaders = helmet({
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
    setHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
}
