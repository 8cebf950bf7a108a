import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpAdapter } from '../app.setup.js';
import { buildOpenApiDocument } from '../openapi/openapi-document.js';
import { runCommand } from './run-command.js';

const USAGE = 'npm run openapi [-- <file>]   writes the OpenAPI document to <file> (default openapi.json; - for standard output)';

/**
 * Writes the document /api/docs-json serves, for client generators, without a server or a
 * database: the application is built on an empty in-memory SQLite database that nothing keeps.
 */
async function main(argv: string[]): Promise<number> {
  if (argv.length > 1 || argv[0]?.startsWith('--')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // Set before AppModule loads: its ConfigModule reads the environment then.
  process.env.DATABASE_URL = 'sqlite::memory:';
  process.env.SEED = 'none';
  process.env.LOG_LEVEL = 'warn';
  const { AppModule } = await import('../app.module.js');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(), { logger: ['error', 'warn'] });
  try {
    app.setGlobalPrefix('api');
    const json = `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
    const target = argv[0] ?? 'openapi.json';
    if (target === '-') {
      process.stdout.write(json);
    } else {
      await writeFile(resolve(target), json);
      process.stdout.write(`${resolve(target)}\n`);
    }
    return 0;
  } finally {
    await app.close();
  }
}

runCommand(main, 'OpenAPI failed: ');
