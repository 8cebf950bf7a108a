import type { IncomingMessage } from 'node:http';
import { ConfigService } from '@nestjs/config';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { FirstAdmin } from './auth/first-admin.js';
import { BODY_LIMIT_BYTES, ROUTE_BODY_LIMITS } from './body-limits.js';
import { registerCompression } from './common/compression.js';
import { registerMultipart } from './imports/multipart.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';
import { answerClientError, answerFrameworkError } from './common/framework-errors.js';
import { requestIdFrom } from './common/request-id.js';
import { trustProxySetting, type AppConfig } from './config/env.validation.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerWebPages } from './web/web-pages.js';

/** Keeps a caller's `X-Request-Id` when it looks like one, else makes a new one. */
function requestId(req: IncomingMessage): string {
  const id = requestIdFrom(req.headers['x-request-id']);
  // pino-http reads the same id from the raw request (see logging.ts).
  (req as IncomingMessage & { id?: string }).id = id;
  return id;
}

/**
 * Made before the Nest application (and its ConfigModule), so it reads TRUST_PROXY itself.
 * Fastify's own refusals, made before Nest sees a request (a URL it cannot decode, bytes Node
 * cannot parse), are answered in the API's error shape too (common/framework-errors.ts).
 */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestId,
    trustProxy: trustProxySetting(process.env.TRUST_PROXY),
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
}

/** What main.ts and the end-to-end tests both do to a created application. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  const config = app.get<AppConfig>(ConfigService);
  if (!config.get('JWT_SECRET', { infer: true })) {
    app.get(Logger).warn('JWT_SECRET is not set: using a random one, so sign-ins end when the process restarts');
  }
  // Browsers on other sites may call the API only from the origins CORS_ORIGINS lists.
  const origins = config.get('CORS_ORIGINS', { infer: true });
  if (origins)
    app.enableCors({
      origin: origins
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      credentials: false,
    });
  const fastify = app.getHttpAdapter().getInstance();
  // Before any route exists: a route with a larger body than the rest gets its own limit.
  fastify.addHook('onRoute', (route) => {
    const limit = ROUTE_BODY_LIMITS[route.url];
    if (limit !== undefined) route.bodyLimit = limit;
  });
  registerSecurityHeaders(fastify);
  await registerMultipart(fastify);
  // Before any route exists: the plugin attaches itself to each route as it is added.
  await registerCompression(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // The wall chart and ledger pages at `/`; the API stays under /api.
  registerWebPages(fastify);
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await app.init();
  await fastify.ready();
  await app.get(FirstAdmin).ensure();
}
