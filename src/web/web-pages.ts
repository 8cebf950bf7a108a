import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The web pages (the wall chart and the ledger) served by the API's own process at `/`, from
 * what `npm run build` put in dist/web (src/web/build-web.ts). Only the files found there get
 * routes (no wildcard), so everything under /api stays as it was. Each file is sent as the
 * .br or .gz copy the build made when the browser accepts it.
 */

/** dist/web, seen from dist/src/web where this file runs once built. */
export const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

/** Hashed asset names never change content: cache them for a year; index.html is checked on every load. */
export function cacheControlFor(path: string): string {
  return /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export function registerWebPages(fastify: FastifyInstance, root = WEB_ROOT): void {
  if (!existsSync(`${root}/index.html`)) {
    // Running from source (the end-to-end tests): the API works, the pages say how to get them.
    fastify.get('/', (_request, reply) => {
      void reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web pages are not built: run `npm run build` (网页尚未构建，请运行 npm run build).\n');
    });
    return;
  }
  void fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    preCompressed: true,
    decorateReply: false,
    globIgnore: ['**/*.gz', '**/*.br'],
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', cacheControlFor(path));
    },
  });
}
